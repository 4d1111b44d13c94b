import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';
import { waitFor } from '../helpers/netns';
import { run } from '../helpers/run';

const MAC = '0004f2aabbcc';
const UA = 'FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 Type/Application';
let fx: ProvisioningFixture;
let server: HttpProvisioningServer;
let base: string;
let big: Buffer;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const curl = (...args: string[]) => run('curl', ['-sS', '--max-time', '15', ...args]);

describe.each([
  ['from the worker-thread front', true],
  ['from the main thread', false],
])('HTTP provisioning server %s', (_mode, workerThread) => {
beforeAll(async () => {
  fx = await provisioningFixture([{ mac: MAC, model: 'VVX400', label: 'Desk', user: '2001', sipServer: 'pbx.test' }]);
  big = randomBytes(5 * 1024 * 1024 + 123);
  await writeFile(join(fx.root, 'sip.ld'), big);
  await mkdir(join(fx.root, 'sub'));
  await writeFile(join(fx.outside, 'secret.txt'), 'TOP-SECRET-OUTSIDE-ROOT');
  await symlink(join(fx.outside, 'secret.txt'), join(fx.root, 'link-out.cfg'));
  server = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger);
  const port = await server.start({ bind: '127.0.0.1', port: 0, pathPrefix: '', workerThread });
  base = `http://127.0.0.1:${port}`;
  expect(server.mode).toBe(workerThread ? 'front' : 'direct');
});
afterAll(async () => {
  await server?.stop();
});

describe('HTTP provisioning server with curl', () => {
  it('serves the rendered master and per-phone files', async () => {
    const def = await curl('-f', `${base}/000000000000.cfg`);
    expect(def.code).toBe(0);
    expect(def.stdout).toContain('<APPLICATION');
    const own = await curl('-f', '-A', UA, `${base}/${MAC}.cfg`);
    expect(own.stdout).toContain(`CONFIG_FILES="${MAC}-provkit.cfg"`);
    const cfg = await curl('-f', `${base}/${MAC}-provkit.cfg`);
    expect(cfg.stdout).toContain('reg.1.address="2001"');
    const unknown = await curl('-o', '/dev/null', '-w', '%{http_code}', `${base}/001122334455.cfg`);
    expect(unknown.stdout).toBe('404');
  });

  it('streams a large file byte-identical with the right Content-Length, and HEAD', async () => {
    const r = await curl('-f', `${base}/sip.ld`);
    expect(sha(r.stdoutBytes)).toBe(sha(big));
    const head = await curl('-I', `${base}/sip.ld`);
    expect(head.stdout).toMatch(new RegExp(`content-length: ${big.length}\\r?\\n`, 'i'));
    expect(head.stdout).toMatch(/accept-ranges: bytes/i);
  });

  it('logs a file that cannot be read to the end as the server\'s failure (500 and why), not as the client leaving', async () => {
    // Larger than loopback socket buffers hold, so curl (slowed down) is still receiving when the file is cut.
    const path = join(fx.root, 'cut.ld');
    await writeFile(path, randomBytes(48 * 1024 * 1024));
    const dl = run('curl', ['-sS', '--max-time', '120', '--limit-rate', '4M', '-o', '/dev/null', `${base}/cut.ld`], { timeoutMs: 130_000 });
    await waitFor('the transfer to be under way', () => server.tracker.list().some((t) => t.path === '/cut.ld' && t.bytes > 0));
    await truncate(path, 1024 * 1024);
    const r = await dl;
    expect(r.code).toBe(18); // curl: "Partial file", the connection closed before Content-Length bytes
    await waitFor('the cut transfer in the log', () => fx.log.recent().some((e) => e.path === '/cut.ld'));
    const ev = fx.log.recent().find((e) => e.path === '/cut.ld')!;
    expect(ev.status).toBe(500);
    expect(ev.error).toMatch(/^transfer interrupted: file became shorter while being sent \(at byte \d+\)$/);
    expect(ev.bytesSent).toBeGreaterThan(0);
  });

  it('answers Range requests (RFC 9110 §14)', async () => {
    const part = await curl('-r', '100-199', '-D', '-', '-o', '/dev/null', `${base}/sip.ld`);
    expect(part.stdout).toMatch(/^HTTP\/1.1 206/);
    expect(part.stdout).toMatch(new RegExp(`content-range: bytes 100-199/${big.length}`, 'i'));
    const body = await curl('-r', '100-199', `${base}/sip.ld`);
    expect(body.stdoutBytes.equals(big.subarray(100, 200))).toBe(true);
    const suffix = await curl('-r', '-10', `${base}/sip.ld`);
    expect(suffix.stdoutBytes.equals(big.subarray(big.length - 10))).toBe(true);
    const bad = await curl('-r', `${big.length + 5}-`, '-o', '/dev/null', '-w', '%{http_code}', `${base}/sip.ld`);
    expect(bad.stdout).toBe('416');
  });

  it('accepts PUT only for phone upload names and keeps history', async () => {
    const local = join(fx.dir, 'boot.log');
    await writeFile(local, 'first boot\n');
    const first = await curl('-T', local, '-w', '%{http_code}', '-o', '/dev/null', `${base}/${MAC}-boot.log`);
    expect(first.stdout).toBe('201');
    await writeFile(local, 'second boot\n');
    const second = await curl('-T', local, '-w', '%{http_code}', '-o', '/dev/null', `${base}/logs/${MAC}-boot.log`);
    expect(second.stdout).toBe('204');
    expect(await readFile(join(fx.uploadsDir, MAC, `${MAC}-boot.log`), 'utf8')).toBe('second boot\n');
    const history = await readdir(join(fx.uploadsDir, MAC, 'history'));
    expect(history).toHaveLength(1);
    expect(await readFile(join(fx.uploadsDir, MAC, 'history', history[0]!), 'utf8')).toBe('first boot\n');
    const back = await curl('-f', `${base}/${MAC}-boot.log`);
    expect(back.stdout).toBe('second boot\n');
    const evil = await curl('-T', local, '-w', '%{http_code}', '-o', '/dev/null', `${base}/evil.cfg`);
    expect(evil.stdout).toBe('403');
    const put = fx.log.recent().filter((e) => e.method === 'PUT');
    expect(put.map((e) => e.status)).toEqual([201, 204, 403]);
    expect(put[0]!.bytesReceived).toBe('first boot\n'.length);
    expect(put[0]!.phone.mac).toBe(MAC);
  });

  it.each([
    ['../outside/secret.txt', ['--path-as-is']],
    ['%2e%2e/outside/secret.txt', []],
    ['%2E%2E%2Foutside%2Fsecret.txt', []],
    ['..%5coutside%5csecret.txt', []],
    ['sub/../../outside/secret.txt', ['--path-as-is']],
    ['link-out.cfg', []],
    [`/${'x'.repeat(3)}/../../outside/secret.txt`, ['--path-as-is']],
  ])('refuses traversal %s', async (path, extra) => {
    const r = await curl(...extra, '-w', '\n%{http_code}', `${base}/${path}`);
    expect(r.stdout).not.toContain('TOP-SECRET');
    expect(Number(r.stdout.trim().split('\n').pop())).toBeGreaterThanOrEqual(400);
  });

  it('refuses an absolute path and lists no directories', async () => {
    const abs = await curl('--path-as-is', '-w', '\n%{http_code}', `${base}//etc/passwd`);
    expect(abs.stdout).not.toContain('root:');
    for (const p of ['/', '/sub/', '/sub']) {
      const r = await curl('-o', '/dev/null', '-w', '%{http_code}', `${base}${p}`);
      expect(r.stdout).toBe('404');
    }
  });

  it('logs every request with bytes, status and the phone', async () => {
    await curl('-A', UA, '-o', '/dev/null', `${base}/${MAC}.cfg`);
    const ev = fx.log.recent().at(-1)!;
    expect(ev).toMatchObject({ protocol: 'http', method: 'GET', path: `/${MAC}.cfg`, status: 200, source: 'rendered', client: '127.0.0.1' });
    expect(ev.bytesSent).toBeGreaterThan(100);
    expect(ev.phone).toMatchObject({ mac: MAC, model: 'VVX400', stage: 'Application' });
    // A real file of the root (answered by the front in its thread when there is one).
    await writeFile(join(fx.root, 'site.cfg'), '<site/>\n');
    await curl('-A', UA, '-o', '/dev/null', `${base}/site.cfg`);
    await waitFor('the site.cfg request in the log', () => fx.log.recent().some((e) => e.path === '/site.cfg'));
    const real = fx.log.recent().find((e) => e.path === '/site.cfg')!;
    expect(real).toMatchObject({ protocol: 'http', method: 'GET', status: 200, source: 'file', client: '127.0.0.1', bytesSent: 8, userAgent: UA });
    expect(real.phone).toMatchObject({ mac: MAC, macSource: 'address', model: 'VVX400' });
    const traversal = fx.log.recent().find((e) => e.status === 403 && e.method === 'GET');
    expect(traversal?.error).toMatch(/leave the provisioning root/);
  });

  it('rejects other methods with 405', async () => {
    const r = await curl('-X', 'DELETE', '-o', '/dev/null', '-w', '%{http_code}', `${base}/sip.ld`);
    expect(r.stdout).toBe('405');
  });
});

describe('HTTP path prefix and Basic auth', () => {
  it('serves under /mpv only, and asks for credentials', async () => {
    const s = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const port = await s.start({ bind: '127.0.0.1', port: 0, pathPrefix: 'mpv', basicAuth: { user: 'PlcmSpIp', password: 'PlcmSpIp' }, workerThread });
    await writeFile(join(fx.root, 'prefixed.cfg'), '<mpv/>');
    try {
      const url = `http://127.0.0.1:${port}`;
      const noAuth = await curl('-o', '/dev/null', '-w', '%{http_code}', `${url}/mpv/000000000000.cfg`);
      expect(noAuth.stdout).toBe('401');
      const wrong = await curl('-u', 'PlcmSpIp:nope', '-o', '/dev/null', '-w', '%{http_code}', `${url}/mpv/000000000000.cfg`);
      expect(wrong.stdout).toBe('401');
      const ok = await curl('-u', 'PlcmSpIp:PlcmSpIp', '-f', `${url}/mpv/000000000000.cfg`);
      expect(ok.stdout).toContain('<APPLICATION');
      const outside = await curl('-u', 'PlcmSpIp:PlcmSpIp', '-o', '/dev/null', '-w', '%{http_code}', `${url}/000000000000.cfg`);
      expect(outside.stdout).toBe('404');
      const real = await curl('-u', 'PlcmSpIp:PlcmSpIp', '-f', `${url}/mpv/prefixed.cfg`);
      expect(real.stdout).toBe('<mpv/>');
      const realNoAuth = await curl('-o', '/dev/null', '-w', '%{http_code}', `${url}/mpv/prefixed.cfg`);
      expect(realNoAuth.stdout).toBe('401');
      const direct = await curl('-u', 'PlcmSpIp:PlcmSpIp', '-o', '/dev/null', '-w', '%{http_code}', `${url}/prefixed.cfg`);
      expect(direct.stdout).toBe('404');
      await waitFor('the refused request in the log', () => fx.log.recent().some((e) => e.path === '/mpv/prefixed.cfg' && e.status === 401));
    } finally {
      await s.stop();
    }
  });
});
});
