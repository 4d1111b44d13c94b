import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ServerCard } from '../../renderer/src/pages/ServerCard';
import { NoPhonesYet } from '../../renderer/src/pages/PhonesPage';
import { bindOptions, settingsChanges } from '../../renderer/src/pages/ServerSettingsForm';
import { StatusBadge } from '../../renderer/src/components/StatusBadge';
import { TimelineTable, transferText } from '../../renderer/src/pages/TimelineTable';
import { request, server } from './renderer-fake-client';

const noop = { start() {}, stop() {}, configure() {}, usePort() {} };

describe('server card', () => {
  it('shows an error with its fix and offers the alternative port', () => {
    const s = server('ftp', {
      state: 'error',
      port: 21,
      error: { code: 'EACCES', message: 'Port 21 needs admin rights', fix: 'Run sudo sysctl net.ipv4.ip_unprivileged_port_start=21', alternativePort: 2121 },
    });
    const html = renderToStaticMarkup(<ServerCard server={s} interfaces={[]} actions={noop} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Port 21 needs admin rights');
    expect(html).toContain('ip_unprivileged_port_start');
    expect(html).toContain('Use port 2121 instead');
    expect(html).toContain('Error'); // state in words, not colour alone
    expect(html).toContain('>Start<');
  });

  it('shows the boot server URL with a copy button when listening', () => {
    const s = server('http', { state: 'listening', boundPort: 8080, url: 'http://10.0.0.5:8080/' });
    const html = renderToStaticMarkup(<ServerCard server={s} interfaces={[]} actions={noop} />);
    expect(html).toContain('http://10.0.0.5:8080/');
    expect(html).toContain('Copy the HTTP boot server address');
    expect(html).toContain('Listening');
    expect(html).toContain('>Stop<');
    expect(html).not.toContain('role="alert"');
  });

  it('warns when bound to loopback, where phones cannot reach it', () => {
    const loop = renderToStaticMarkup(<ServerCard server={server('http', { state: 'listening', bind: '127.0.0.1', boundPort: 80, url: 'http://127.0.0.1/' })} interfaces={[]} actions={noop} />);
    expect(loop).toContain('only this computer can reach it');
    const lan = renderToStaticMarkup(<ServerCard server={server('http', { state: 'listening', bind: '10.0.0.5', boundPort: 80, url: 'http://10.0.0.5/' })} interfaces={[]} actions={noop} />);
    expect(lan).not.toContain('only this computer can reach it');
  });
});

describe('empty phones list', () => {
  it('tells the technician which address to give phones', () => {
    const html = renderToStaticMarkup(<NoPhonesYet servers={[server('http', { state: 'listening', url: 'http://10.0.0.5:8080/' }), server('ftp')]} />);
    expect(html).toContain('Point a phone’s boot server at');
    expect(html).toContain('http://10.0.0.5:8080/');
  });

  it('sends the technician to the Servers page when nothing listens', () => {
    const html = renderToStaticMarkup(<NoPhonesYet servers={[server('http')]} />);
    expect(html).toContain('No provisioning server is listening');
    expect(html).toContain('#/servers');
  });
});

describe('small parts', () => {
  it('status badge carries code and words', () => {
    const html = renderToStaticMarkup(<StatusBadge protocol="http" status={404} tone="error" />);
    expect(html).toContain('404');
    expect(html).toContain('Not found');
    expect(html).toContain('badge-error');
  });

  it('transfer text says the direction', () => {
    expect(transferText({ bytesSent: 2048, bytesReceived: 0 })).toBe('2 KiB sent');
    expect(transferText({ bytesSent: 0, bytesReceived: 512 })).toBe('512 B received');
    expect(transferText({ bytesSent: 0, bytesReceived: 0 })).toBe('—');
  });

  it('bind options put external IPv4 first and keep an unknown current address', () => {
    const opts = bindOptions(
      [
        { name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true },
        { name: 'eth0', address: 'fe80::1', family: 'IPv6', internal: false },
        { name: 'eth0', address: '10.0.0.5', family: 'IPv4', internal: false },
      ],
      '192.168.9.9',
    );
    expect(opts.map((o) => o.value)).toEqual(['192.168.9.9', '10.0.0.5', 'fe80::1', '127.0.0.1', '0.0.0.0']);
  });

  it('settingsChanges sends only what changed', () => {
    const s = server('http', { bind: '127.0.0.1', port: 8080, options: { pathPrefix: '' } });
    expect(settingsChanges(s, { bind: '127.0.0.1', port: '8080', pathPrefix: '', factoryAccount: false })).toBeUndefined();
    expect(settingsChanges(s, { bind: '10.0.0.5', port: '8081', pathPrefix: '', factoryAccount: true })).toEqual({
      kind: 'http',
      bind: '10.0.0.5',
      port: 8081,
    });
    const f = server('ftp', { options: { factoryAccount: true } });
    expect(settingsChanges(f, { bind: f.bind, port: String(f.port), pathPrefix: '/x', factoryAccount: false })).toEqual({
      kind: 'ftp',
      factoryAccount: false,
    });
  });

  it('settingsChanges for HTTPS sends the TLS settings that changed, the passphrase only when typed', () => {
    const h = server('https', { bind: '127.0.0.1', port: 8443, options: { compat: false, certSource: 'bench', certNames: '', ownCert: '', ownKey: '', clientCa: '' } });
    const base = { bind: '127.0.0.1', port: '8443', pathPrefix: '', factoryAccount: false };
    const same = { tlsCompat: false, certNames: '', certSource: 'bench' as const, ownCert: '', ownKey: '', ownPassphrase: '', clientCa: '' };
    expect(settingsChanges(h, { ...base, https: same })).toBeUndefined();
    expect(settingsChanges(h, { ...base, https: { ...same, tlsCompat: true, clientCa: ' /ca/vendor.pem ', certSource: 'own', ownCert: '/c.p12', ownPassphrase: 'pw' } })).toEqual({
      kind: 'https',
      tlsCompat: true,
      clientCa: '/ca/vendor.pem',
      certSource: 'own',
      ownCert: '/c.p12',
      ownPassphrase: 'pw',
    });
  });
});

describe('timeline table', () => {
  it('writes real errors under the file and keeps expected misses compact', () => {
    const rows = [
      request('0004f2aabbcc', { path: '/features.cfg', fileKind: 'config', ok: false, status: 404, error: 'features.cfg is not in the root' }),
      request('0004f2aabbcc', { path: '/0004f2aabbcc-phone.cfg', fileKind: 'override', ok: false, status: 404, error: 'optional file missing' }),
      request('0004f2aabbcc', { path: '/sip.ld', fileKind: 'firmware', bytesSent: 3 * 1024 * 1024 }),
    ];
    const html = renderToStaticMarkup(<TimelineTable rows={rows} scroller={null} />);
    expect(html).toContain('<div class="row-error tone-text-error">features.cfg is not in the root</div>');
    expect(html).not.toContain('row-error tone-text-warn');
    expect(html).toContain('title="HTTP 404 Not found — optional file missing"');
    expect(html).toContain('3 MiB sent');
    expect(html.match(/<th scope="col"/g)).toHaveLength(9);
  });
});
