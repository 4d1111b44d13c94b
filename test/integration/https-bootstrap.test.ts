/**
 * "HTTP first, then HTTPS" end to end: the engine serves HTTP and HTTPS (bench CA), the phone's
 * configuration carries the CA and the move to HTTPS, and a simulated phone boots over HTTP,
 * installs the CA, reboots and comes back over HTTPS — its timeline shows the switch. A phone that
 * does not install the CA shows "unknown CA" on its timeline.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { startHttpsEngine } from '../helpers/https-engine';
import { configParams, simulateSecureBootstrap } from '../../electron/engine/simulator/secure-boot';
import { run } from '../helpers/run';

const engines: Engine[] = [];
afterEach(async () => {
  while (engines.length) await engines.pop()!.close();
});

async function engineWithPhone(mac: string): Promise<{ engine: Engine; httpUrl: string; httpsUrl: string }> {
  const { engine, httpUrl, httpsUrl } = await startHttpsEngine('provkit-https-');
  engines.push(engine);
  await engine.handlers.upsertPhone({ mac, model: 'VVX400', lines: [{ extension: '2001' }], variables: { httpsBootstrap: '1' } });
  return { engine, httpUrl, httpsUrl };
}

async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('HTTP first, then HTTPS', () => {
  it('renders the bench CA and the move to HTTPS into the phone configuration', async () => {
    const mac = '0004f2a1b2c3';
    const { engine, httpsUrl } = await engineWithPhone(mac);
    const preview = await engine.handlers.previewConfig({ mac });
    const file = preview.files.find((f) => f.path === `${mac}-provkit.cfg`)!;
    const p = configParams(file.content!);
    expect(p['device.sec.TLS.customCaCert1']).toBe((await readFile(engine.caCertPath, 'utf8')).trim());
    expect(p['device.sec.TLS.customCaCert1.set']).toBe('1');
    expect(p['device.sec.TLS.profile.caCertList1']).toBe('Builtin,Platform1');
    expect(p['device.sec.TLS.profileSelection.provisioning']).toBe('PlatformProfile1');
    expect(p['device.prov.serverType']).toBe('HTTPS');
    expect(`https://${p['device.prov.serverName']}/`).toBe(httpsUrl);
    expect(p['device.set']).toBe('1');

    await engine.servers.https.stop();
    const off = await engine.handlers.previewConfig({ mac });
    expect([...off.problems, ...off.warnings].join('\n')).toContain('HTTP first, then HTTPS: not rendered, the HTTPS server is not listening');
    expect(configParams(off.files.find((f) => f.path === `${mac}-provkit.cfg`)!.content!)['device.sec.TLS.customCaCert1']).toBeUndefined();
  });

  it('serves the HTTP server\'s root with its path prefix and password (curl with the bench CA)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-https-'));
    const engine = await Engine.create({
      dataDir: dir,
      mode: 'headless',
      logSink: silentSink,
      overrides: { http: { bind: '127.0.0.1', port: 0, pathPrefix: 'mpv', authUser: 'tech', authPassword: 'pw' }, https: { bind: '127.0.0.1', port: 0 } },
    });
    engines.push(engine);
    await engine.servers.http.start();
    const st = await engine.servers.https.start();
    expect(st.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/mpv\/$/);
    const curl = (...a: string[]) => run('curl', ['-sS', '--max-time', '15', '--cacert', engine.caCertPath, '-o', '/dev/null', '-w', '%{http_code}', ...a], { timeoutMs: 20_000 });
    expect((await curl('-u', 'tech:pw', `${st.url}000000000000.cfg`)).stdout).toBe('200');
    expect((await curl(`${st.url}000000000000.cfg`)).stdout).toBe('401');
    expect((await curl('-u', 'tech:pw', `${st.url!.replace('/mpv/', '/')}000000000000.cfg`)).stdout).toBe('404');
    const boot = engine.secureBootstrap();
    expect(typeof boot === 'object' && boot.httpsServer).toBe(st.url!.replace(/^https:\/\//, '').replace(/\/$/, ''));
  });

  it('a running HTTPS server is restarted with a new certificate only when renewal is due', async () => {
    const { engine } = await engineWithPhone('0004f2a1b2c6');
    expect(await engine.renewHttpsCertificate()).toBe(false);
    expect(await engine.renewHttpsCertificate(Date.now() + 380 * 86_400_000)).toBe(true);
    expect(engine.servers.https.status().state).toBe('listening');
  });

  it('a simulated phone boots over HTTP, installs the CA, reboots and comes back over HTTPS', async () => {
    const mac = '0004f2a1b2c4';
    const { engine, httpUrl, httpsUrl } = await engineWithPhone(mac);
    const r = await simulateSecureBootstrap({ server: httpUrl, mac, model: 'VVX400' });
    expect(r.installedCa).toContain('BEGIN CERTIFICATE');
    expect(`${r.movedTo}/`).toBe(httpsUrl);
    expect(r.boots.map((b) => [b.protocol, b.error ?? 'ok', b.result?.ok])).toEqual([
      ['http', 'ok', true],
      ['https', 'ok', true],
    ]);
    await until(() => engine.requestLog.timeline(mac).some((e) => e.protocol === 'https' && e.path === `/${mac}-app.log` && e.method === 'PUT'));
    const protocols = engine.requestLog.timeline(mac).map((e) => e.protocol);
    const firstHttps = protocols.indexOf('https');
    expect(firstHttps).toBeGreaterThan(0);
    expect(protocols.slice(0, firstHttps).every((p) => p === 'http')).toBe(true);
    expect(protocols.slice(firstHttps).every((p) => p === 'https')).toBe(true);
    expect(engine.requestLog.timeline(mac).filter((e) => e.protocol === 'https').every((e) => e.ok || e.status === 404)).toBe(true);
  });

  it('a phone that does not install the CA shows "unknown CA" on its timeline', async () => {
    const mac = '0004f2a1b2c5';
    const { engine } = await engineWithPhone(mac);
    const r = await simulateSecureBootstrap({ server: (engine.servers.http.status().url)!, mac, model: 'VVX400', installsCustomCa: false });
    expect(r.boots).toHaveLength(2);
    expect(r.boots[1]!.error).toMatch(/TLS refused, unknown CA/);
    await until(() => engine.requestLog.timeline(mac).some((e) => e.method === 'TLS'));
    const tls = engine.requestLog.timeline(mac).find((e) => e.method === 'TLS')!;
    expect(tls).toMatchObject({ protocol: 'https', status: 525, ok: false, phone: { mac, macSource: 'address' } });
    expect(tls.error).toMatch(/^unknown CA/);
  });
});
