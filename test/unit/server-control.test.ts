import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { explainListenError } from '../../electron/engine/provisioning/listen-errors';
import { HttpProvisioningServer, type HttpServerOptions } from '../../electron/engine/provisioning/http-server';
import { findFreePort, ServerControl } from '../../electron/engine/server-control';
import { provisioningFixture } from '../helpers/provisioning';

const eacces = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:21'), { code: 'EACCES' });

describe('explainListenError', () => {
  it('privileged port on Linux: the sysctl fix and a high port', () => {
    const e = explainListenError(eacces, 'FTP', '0.0.0.0', 21, 'linux');
    expect(e.message).toBe('Port 21 needs admin rights (FTP on 0.0.0.0).');
    expect(e.fix).toContain('sudo sysctl net.ipv4.ip_unprivileged_port_start=21');
    expect(e.alternativePort).toBe(8021);
  });
  it('privileged port on Windows names the firewall and Administrator', () => {
    const e = explainListenError(eacces, 'HTTP', '10.0.0.2', 80, 'win32');
    expect(e.fix).toMatch(/Administrator/);
    expect(e.fix).toMatch(/Firewall/);
    expect(e.alternativePort).toBe(8080);
  });
  it('address in use and address not on this computer', () => {
    expect(explainListenError(Object.assign(new Error('x'), { code: 'EADDRINUSE' }), 'HTTP', '127.0.0.1', 8080, 'linux')).toMatchObject({
      code: 'EADDRINUSE', alternativePort: 8081,
    });
    expect(explainListenError(Object.assign(new Error('x'), { code: 'EADDRNOTAVAIL' }), 'HTTP', '10.9.9.9', 8080, 'linux').message).toContain('no address 10.9.9.9');
  });
});

describe('ServerControl', () => {
  it('a settings read that fails for a moment (EMFILE) gives the last status instead of throwing', () => {
    let fail = false;
    const server = { activeTransfers: 0, start: async () => 0, stop: async () => {} } as unknown as ConstructorParameters<typeof ServerControl<HttpServerOptions>>[2];
    const opts: HttpServerOptions = { bind: '127.0.0.1', port: 8080, pathPrefix: '' };
    const control = new ServerControl<HttpServerOptions>('http', 'HTTP', server, () => {
      if (fail) throw Object.assign(new Error('EMFILE: too many open files, open settings.json'), { code: 'EMFILE' });
      return { bind: opts.bind, port: opts.port, options: opts, shown: { pathPrefix: '' }, url: (h, p) => `http://${h}:${p}/` };
    });
    expect(control.status()).toMatchObject({ bind: '127.0.0.1', port: 8080 });
    fail = true;
    expect(control.status()).toMatchObject({ bind: '127.0.0.1', port: 8080 });
  });

  it('findFreePort skips a taken port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as AddressInfo).port;
    const free = await findFreePort('127.0.0.1', taken, 5);
    blocker.close();
    expect(free).not.toBe(taken);
    expect(free).toBeGreaterThan(taken);
  });

  it('reports error (never listening) when the port is taken, then listens after the fix', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as AddressInfo).port;
    const fx = await provisioningFixture();
    let opts: HttpServerOptions = { bind: '127.0.0.1', port: taken, pathPrefix: '' };
    const control = new ServerControl<HttpServerOptions>('http', 'HTTP', new HttpProvisioningServer(fx.resolver, fx.log, fx.logger), () => ({
      bind: opts.bind, port: opts.port, options: opts, shown: {}, url: (h, p) => `http://${h}:${p}/`,
    }));
    const states: string[] = [];
    control.on('status', (s) => states.push(s.state));
    const failed = await control.start();
    expect(failed.state).toBe('error');
    expect(failed.error?.code).toBe('EADDRINUSE');
    // The suggested port is really free now, and the fix names it.
    const alt = failed.error!.alternativePort!;
    expect(alt).toBeGreaterThan(taken);
    expect(failed.error!.fix).toContain(`port ${alt}`);
    expect(await findFreePort('127.0.0.1', alt, 1)).toBe(alt);
    expect(failed.url).toBeUndefined();
    blocker.close();
    opts = { ...opts, port: 0 };
    const ok = await control.start();
    expect(ok.state).toBe('listening');
    expect(ok.url).toBe(`http://127.0.0.1:${ok.boundPort}/`);
    expect((await control.stop()).state).toBe('stopped');
    expect(states).toEqual(['starting', 'error', 'starting', 'listening', 'stopped']);
  });
});
