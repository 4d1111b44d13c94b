/**
 * HTTPS provisioning server against real peers: curl (with and without the bench CA, mutual TLS),
 * openssl verify and openssl s_client (TLS 1.0 refused by default, accepted with the
 * compatibility switch), and every failed handshake in the request log with its reason.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { keyCipher, SecretStore } from '../../electron/engine/secrets';
import { BenchCa, tlsPaths } from '../../electron/engine/tls/bench-ca';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';
import { run } from '../helpers/run';

const MAC = '0004f2aabbcc';
const NAMES = { ips: ['127.0.0.1'], dns: ['localhost'] };
let fx: ProvisioningFixture;
let ca: BenchCa;
let caPath: string;
const servers: HttpProvisioningServer[] = [];
const curl = (...args: string[]) => run('curl', ['-sS', '--max-time', '15', ...args], { timeoutMs: 20_000 });
const sClient = (port: number, ...args: string[]) => run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], { input: 'Q\n', timeoutMs: 20_000 });
const tlsEvents = (pred: (e: RequestEvent) => boolean = () => true) => fx.log.recent(10_000).filter((e) => e.protocol === 'https' && e.method === 'TLS' && pred(e));

async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Start an HTTPS server with the bench certificate; `clientCa` turns mutual TLS on. */
async function start(compat = false, clientCa?: string): Promise<number> {
  const s = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger, null);
  servers.push(s);
  return s.start({
    bind: '127.0.0.1',
    port: 0,
    pathPrefix: '',
    tls: { compat, material: async () => ({ ...(await ca.serverCertificate(NAMES)), ...(clientCa ? { clientCa } : {}) }) },
  });
}

beforeAll(async () => {
  fx = await provisioningFixture([{ mac: MAC, model: 'VVX400', user: '2001' }]);
  await writeFile(join(fx.root, 'hello.txt'), 'hello over TLS\n');
  ca = await BenchCa.open(fx.dir, new SecretStore(keyCipher(randomBytes(32), 'file')));
  caPath = tlsPaths(fx.dir).ca;
});
afterAll(async () => {
  for (const s of servers) await s.stop();
});

describe('HTTPS provisioning server with the bench CA', () => {
  it('serves files to curl --cacert ca.pem and refuses curl without it, logging "unknown CA"', async () => {
    const port = await start();
    const ok = await curl('--cacert', caPath, `https://127.0.0.1:${port}/hello.txt`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('hello over TLS\n');
    const byName = await curl('--cacert', caPath, `https://localhost:${port}/${MAC}.cfg`);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain('<APPLICATION');
    await until(() => fx.log.recent().some((e) => e.path === `/${MAC}.cfg` && e.protocol === 'https'));
    const ev = fx.log.recent().find((e) => e.path === '/hello.txt')!;
    expect(ev).toMatchObject({ protocol: 'https', status: 200, ok: true });

    const refused = await curl(`https://127.0.0.1:${port}/hello.txt`);
    expect(refused.code).toBe(60); // curl: peer certificate cannot be authenticated with known CA certificates
    await until(() => tlsEvents((e) => /unknown CA/.test(e.error ?? '')).length > 0);
    expect(tlsEvents().at(-1)).toMatchObject({ client: '127.0.0.1', status: 525, ok: false });
  });

  it('accepts uploads over HTTPS with the same rules as HTTP', async () => {
    const port = await start();
    const body = join(fx.dir, 'app.log');
    await writeFile(body, 'Application started\n');
    const put = await curl('--cacert', caPath, '-X', 'PUT', '--data-binary', `@${body}`, '-o', '/dev/null', '-w', '%{http_code}', `https://127.0.0.1:${port}/${MAC}-app.log`);
    expect(put.stdout).toBe('201');
    await until(() => fx.log.recent().some((e) => e.method === 'PUT' && e.protocol === 'https'));
    expect(fx.log.recent().find((e) => e.method === 'PUT' && e.protocol === 'https')).toMatchObject({ status: 201, bytesReceived: 20, source: 'upload', phone: { mac: MAC } });
    const traversal = await curl('--cacert', caPath, '--path-as-is', '-o', '/dev/null', '-w', '%{http_code}', `https://127.0.0.1:${port}/../outside/x`);
    expect(traversal.stdout).toBe('403');
  });

  it('issues a server certificate that openssl verify accepts against ca.pem, and keeps it until renewal', async () => {
    const r = await run('openssl', ['verify', '-CAfile', caPath, tlsPaths(fx.dir).server]);
    expect(r.stdout.trim()).toBe(`${tlsPaths(fx.dir).server}: OK`);
    const text = await run('openssl', ['x509', '-in', tlsPaths(fx.dir).server, '-noout', '-ext', 'subjectAltName']);
    expect(text.stdout).toMatch(/IP Address:127\.0\.0\.1/);
    expect(text.stdout).toMatch(/DNS:localhost/);
    const again = await ca.serverCertificate(NAMES);
    expect(again.issued).toBe(false);
    const later = await ca.serverCertificate(NAMES, Date.now() + 380 * 86_400_000);
    expect(later.issued).toBe(true); // fewer than 30 days left: issued again
    const moved = await ca.serverCertificate({ ips: ['127.0.0.1', '10.9.8.7'], dns: ['localhost'] });
    expect(moved.issued).toBe(true); // the names changed
    await ca.serverCertificate(NAMES);
  });

  it('refuses openssl s_client -tls1 by default ("protocol version") and accepts it with the compatibility switch', async () => {
    const strict = await start(false);
    const before = tlsEvents().length;
    const no = await sClient(strict, '-tls1', '-cipher', 'DEFAULT:@SECLEVEL=0', '-CAfile', caPath);
    expect(no.stdout).toMatch(/Cipher is \(NONE\)/);
    expect(no.stderr).toMatch(/alert protocol version/);
    await until(() => tlsEvents().length > before);
    expect(tlsEvents().at(-1)!.error).toMatch(/^protocol version: .*compatibility switch/);

    const compat = await start(true);
    const yes = await sClient(compat, '-tls1', '-cipher', 'DEFAULT:@SECLEVEL=0', '-CAfile', caPath);
    expect(yes.stdout).toMatch(/Protocol\s*:\s*TLSv1\s*$/m);
    expect(yes.stdout).not.toMatch(/Cipher is \(NONE\)/);
    expect(yes.stdout).toMatch(/Verify return code: 0 \(ok\)/);
    const modern = await sClient(compat, '-tls1_3', '-CAfile', caPath);
    expect(modern.stdout).toMatch(/TLSv1\.3/);
  });

  it('names an expired server certificate and a phone without a shared cipher', async () => {
    const expired = ca.issue(NAMES, Date.now() - 500 * 86_400_000);
    const s = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger, null);
    servers.push(s);
    const port = await s.start({ bind: '127.0.0.1', port: 0, pathPrefix: '', tls: { compat: false, material: async () => expired } });
    let n = tlsEvents().length;
    const r = await curl('--cacert', caPath, `https://127.0.0.1:${port}/hello.txt`);
    expect(r.code).toBe(60);
    expect(r.stderr).toMatch(/expired/);
    await until(() => tlsEvents().length > n);
    expect(tlsEvents().at(-1)!.error).toMatch(/^certificate expired/);

    const good = await start();
    n = tlsEvents().length;
    // An ECDSA-only suite against the RSA certificate: nothing in common.
    const c = await sClient(good, '-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256', '-CAfile', caPath);
    expect(c.stdout).toMatch(/Cipher is \(NONE\)/);
    await until(() => tlsEvents().length > n);
    expect(tlsEvents().at(-1)!.error).toMatch(/^no shared cipher/);
  });

  it('mutual TLS: accepts curl --cert/--key signed by the client CA (MAC from the CN), refuses curl without one', async () => {
    const vendorDir = join(fx.dir, 'vendor');
    await mkdir(vendorDir, { recursive: true });
    const vendor = await BenchCa.open(vendorDir, new SecretStore(keyCipher(randomBytes(32), 'file')));
    const phoneMac = '0004f2112233';
    const device = vendor.issue({ ips: [], dns: [] }, Date.now(), { client: true, commonName: phoneMac });
    await writeFile(join(vendorDir, 'phone.pem'), device.cert);
    await writeFile(join(vendorDir, 'phone.key'), device.key);
    const port = await start(false, vendor.certPem);

    const ok = await curl('--cacert', caPath, '--cert', join(vendorDir, 'phone.pem'), '--key', join(vendorDir, 'phone.key'), `https://127.0.0.1:${port}/hello.txt`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('hello over TLS\n');
    const byCert = () => fx.log.recent().find((e) => e.phone.mac === phoneMac && e.phone.macSource === 'certificate');
    await until(() => Boolean(byCert()));
    expect(byCert()).toMatchObject({ path: '/hello.txt', protocol: 'https', status: 200 });

    const before = tlsEvents().length;
    const none = await curl('--cacert', caPath, `https://127.0.0.1:${port}/hello.txt`);
    expect(none.code).not.toBe(0);
    expect(none.stdout).toBe('');
    await until(() => tlsEvents().length > before);
    expect(tlsEvents().at(-1)).toMatchObject({ status: 496, error: expect.stringMatching(/^client certificate missing/) });

    // A certificate from another CA (the bench CA itself, not the client CA) is refused as untrusted.
    const stranger = ca.issue({ ips: [], dns: [] }, Date.now(), { client: true, commonName: '0004f2999999' });
    await writeFile(join(vendorDir, 'stranger.pem'), stranger.cert);
    await writeFile(join(vendorDir, 'stranger.key'), stranger.key);
    const n = tlsEvents().length;
    const bad = await curl('--cacert', caPath, '--cert', join(vendorDir, 'stranger.pem'), '--key', join(vendorDir, 'stranger.key'), `https://127.0.0.1:${port}/hello.txt`);
    expect(bad.code).not.toBe(0);
    await until(() => tlsEvents().length > n);
    expect(tlsEvents().at(-1)).toMatchObject({ status: 495, error: expect.stringMatching(/^client certificate untrusted/) });
  });

  it('the bench CA is made once per data folder and its key is sealed', async () => {
    const again = await BenchCa.open(fx.dir, new SecretStore(keyCipher(randomBytes(32), 'file'))).catch((e: Error) => e);
    expect(again).toBeInstanceOf(Error); // another key cannot open the sealed CA key
    const sealed = await readFile(tlsPaths(fx.dir).caKey, 'utf8');
    expect(sealed).toMatch(/^v1:file:/);
    expect(sealed).not.toContain('PRIVATE KEY');
  });
});
