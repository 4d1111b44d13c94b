/**
 * The HTTP server's worker-thread front (http-front.ts): what it adds to the server the curl tests
 * of http-server.test.ts check in both modes — the loopback port it forwards to refuses anyone
 * else, its requests count in the server's throughput and its large transfers show progress, a
 * client that leaves is logged, an upload refused early still leaves the front serving, a changed
 * file is served fresh, and the main thread serves when the front cannot run or is lost.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { get, type IncomingMessage } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SecretStore } from '../../electron/engine/secrets';
import { ProvisioningAccounts } from '../../electron/engine/provisioning/accounts';
import { ProvisioningGuard } from '../../electron/engine/provisioning/guard';
import { HttpFront } from '../../electron/engine/provisioning/http-front';
import { frontScript } from '../../electron/engine/provisioning/http-front-host';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { waitFor } from '../helpers/netns';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';
import { run } from '../helpers/run';

const curl = (...args: string[]) => run('curl', ['-sS', '--max-time', '20', ...args]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let fx: ProvisioningFixture;
let server: HttpProvisioningServer;
let base: string;
// Larger than what loopback socket buffers hold, so a client that stops reading holds the transfer open.
const big = randomBytes(40 * 1024 * 1024 + 5);

/** GET with Node's client, paused until `resume()`: the server side waits with part of the file sent. */
function pausedGet(url: string): Promise<{ res: IncomingMessage; resume: () => Promise<Buffer> }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      res.pause();
      resolve({
        res,
        resume: () =>
          new Promise<Buffer>((done, fail) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => done(Buffer.concat(parts)));
            res.on('error', fail);
            res.resume();
          }),
      });
    }).on('error', reject);
  });
}

beforeAll(async () => {
  fx = await provisioningFixture([]);
  await writeFile(join(fx.root, 'sip.ld'), big);
  await writeFile(join(fx.root, 'a.cfg'), 'one');
  server = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger);
  const port = await server.start({ bind: '127.0.0.1', port: 0, pathPrefix: '', workerThread: true, maxUploadBytes: 1000 });
  base = `http://127.0.0.1:${port}`;
  expect(server.mode).toBe('front');
});
afterAll(async () => {
  await server?.stop();
});

describe('HTTP front in a worker thread', () => {
  it('the loopback port it forwards to refuses requests without the secret', async () => {
    const port = server.loopbackPort!;
    expect(port).toBeGreaterThan(0);
    const before = fx.log.recent().length;
    const r = await curl('-o', '/dev/null', '-w', '%{http_code}', '-H', 'x-provkit-client: 10.9.9.9', `http://127.0.0.1:${port}/a.cfg`);
    expect(r.stdout).toBe('403');
    const forged = await curl('-o', '/dev/null', '-w', '%{http_code}', '-H', 'x-provkit-front: guess', `http://127.0.0.1:${port}/a.cfg`);
    expect(forged.stdout).toBe('403');
    expect(fx.log.recent().length).toBe(before);
    // A client of the public port cannot pose as another address either.
    await curl('-o', '/dev/null', '-H', 'x-provkit-client: 10.9.9.9', `${base}/nothing-here.cfg`);
    await waitFor('the request', () => fx.log.recent().some((e) => e.path === '/nothing-here.cfg'));
    expect(fx.log.recent().find((e) => e.path === '/nothing-here.cfg')).toMatchObject({ client: '127.0.0.1', status: 404 });
  });

  it('counts the bytes of the requests it answers in the server throughput', async () => {
    const before = server.tracker.totalBytes();
    for (let i = 0; i < 5; i++) await curl('-f', '-o', '/dev/null', `${base}/a.cfg`);
    await waitFor('5 × 3 bytes counted', () => server.tracker.totalBytes() - before >= 15);
    expect(server.tracker.totalBytes() - before).toBe(15);
  });

  it('shows a large transfer with its progress, then records it whole', async () => {
    const dl = await pausedGet(`${base}/sip.ld`);
    await waitFor('the transfer to be listed', () => server.tracker.list().some((t) => t.path === '/sip.ld' && t.bytes > 0));
    const t = server.tracker.list().find((x) => x.path === '/sip.ld')!;
    expect(t).toMatchObject({ client: '127.0.0.1', method: 'GET', size: big.length });
    expect(t.bytes).toBeLessThan(big.length);
    expect(server.activeTransfers).toBe(1);
    expect(sha(await dl.resume())).toBe(sha(big));
    await waitFor('the transfer to end', () => server.activeTransfers === 0);
    await waitFor('the record', () => fx.log.recent().some((e) => e.path === '/sip.ld' && e.status === 200));
    expect(fx.log.recent().find((e) => e.path === '/sip.ld')).toMatchObject({ bytesSent: big.length, source: 'file' });
  });

  it('logs a client that leaves in the middle as 499', async () => {
    const dl = await pausedGet(`${base}/sip.ld`);
    await waitFor('the transfer to be listed', () => server.tracker.list().some((t) => t.path === '/sip.ld' && t.bytes > 0));
    dl.res.destroy();
    await waitFor('the cut transfer in the log', () => fx.log.recent().some((e) => e.path === '/sip.ld' && e.status === 499));
    const ev = fx.log.recent().find((e) => e.path === '/sip.ld' && e.status === 499)!;
    expect(ev.error).toMatch(/closed the connection/);
    expect(ev.bytesSent).toBeGreaterThan(0);
    expect(ev.bytesSent).toBeLessThan(big.length);
    await waitFor('no transfer left', () => server.activeTransfers === 0);
  });

  it('judges an upload right after a file the front answered with that file already recorded (upload guard)', async () => {
    // The front reports what it answered in batches; the upload goes to the main thread on its own
    // connection. Without the barrier the upload often came first and was refused (403: "has not
    // fetched its files from this address").
    fx.resolver.guard = new ProvisioningGuard(new ProvisioningAccounts(fx.dir, {} as SecretStore), fx.log); // no account: the address rule
    onTestFinished(() => {
      fx.resolver.guard = undefined;
    });
    const refused = await fetch(`${base}/0004f2bb0099-boot.log`, { method: 'PUT', body: 'never booted\n' });
    expect(refused.status).toBe(403);
    for (let i = 0; i < 20; i++) {
      const mac = `0004f2bb00${String(i).padStart(2, '0')}`;
      const ua = `FileTransport PolycomVVX-VVX_400-UA/5.9.5.0614 (SN:${mac}) Type/Updater`;
      const got = await fetch(`${base}/a.cfg`, { headers: { 'user-agent': ua } });
      expect(await got.text()).toBe('one');
      const put = await fetch(`${base}/${mac}-boot.log`, { method: 'PUT', headers: { 'user-agent': ua }, body: 'booted\n' });
      expect(`${mac} ${put.status}`).toBe(`${mac} 201`);
    }
  });

  it('passes an upload over the limit to the main thread, which refuses it; the front goes on', async () => {
    const local = join(fx.dir, 'big-upload.log');
    await writeFile(local, randomBytes(200_000));
    const r = await curl('-T', local, '-o', '/dev/null', '-w', '%{http_code}', `${base}/0004f2aabbcc-app.log`);
    expect(r.stdout).toBe('413');
    const ok = await curl('-f', `${base}/a.cfg`);
    expect(ok.stdout).toBe('one');
    const put = fx.log.recent().find((e) => e.method === 'PUT' && e.path === '/0004f2aabbcc-app.log')!;
    expect(put).toMatchObject({ status: 413, client: '127.0.0.1' });
  });

  it('serves a file changed on disk at once', async () => {
    expect((await curl('-f', `${base}/a.cfg`)).stdout).toBe('one');
    await writeFile(join(fx.root, 'a.cfg'), 'two');
    expect((await curl('-f', `${base}/a.cfg`)).stdout).toBe('two');
    await writeFile(join(fx.root, 'a.cfg'), 'three');
    expect((await curl('-f', `${base}/a.cfg`)).stdout).toBe('three');
  });
});

describe('HttpFront in this thread', () => {
  it('answers a real file itself and 502 when the main thread does not answer, reporting both', async () => {
    const closed = createNetServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const records: Array<{ path: string; status: number; error?: string; bytesSent: number }> = [];
    const front = new HttpFront(
      { bind: '127.0.0.1', port: 0, pathPrefix: '', root: fx.root, upstream: { port: deadPort, token: 't' } },
      { record: (r) => records.push(r), transferBegin: () => {}, transferEnd: () => {} },
      fx.logger,
    );
    const port = await front.start();
    try {
      await writeFile(join(fx.root, 'b.cfg'), 'bee');
      expect((await curl('-f', `http://127.0.0.1:${port}/b.cfg`)).stdout).toBe('bee');
      const r = await curl('-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${port}/rendered-or-missing.cfg`);
      expect(r.stdout).toBe('502');
      await waitFor('two records', () => records.length === 2);
      expect(records[0]).toMatchObject({ path: '/b.cfg', status: 200, bytesSent: 3 });
      expect(records[1]).toMatchObject({ path: '/rendered-or-missing.cfg', status: 502 });
      expect(records[1]!.error).toMatch(/main thread's HTTP server did not answer/);
    } finally {
      await front.stop();
    }
  });
});

describe('frontScript', () => {
  it('finds http-front-boot.mjs beside the TypeScript source, http-front.js beside a build, else nothing', () => {
    expect(frontScript(new URL('../../electron/engine/provisioning/http-front-host.ts', import.meta.url).href)?.pathname).toMatch(/provisioning\/http-front-boot\.mjs$/);
    const bundle = pathToFileURL(join(fx.dir, 'out', 'main', 'engine-host.js')).href;
    expect(frontScript(bundle)).toBeUndefined();
    mkdirSync(join(fx.dir, 'out', 'main'), { recursive: true });
    writeFileSync(join(fx.dir, 'out', 'main', 'http-front.js'), '');
    expect(frontScript(bundle)?.pathname).toBe(join(fx.dir, 'out', 'main', 'http-front.js'));
  });
});

describe('HTTP without its front', () => {
  it('serves from the main thread when the front cannot run', async () => {
    const s = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger, null);
    const port = await s.start({ bind: '127.0.0.1', port: 0, pathPrefix: '', workerThread: true });
    try {
      expect(s.mode).toBe('direct');
      expect((await curl('-f', `http://127.0.0.1:${port}/a.cfg`)).stdout).toBe('three');
    } finally {
      await s.stop();
    }
    expect(s.mode).toBe('stopped');
  });

  it('takes over the port when the front is lost', async () => {
    // A stand-in front: listens where it is told, answers "fake", then its thread dies.
    const script = `
      import { createServer } from 'node:http';
      import { parentPort, workerData } from 'node:worker_threads';
      const srv = createServer((q, r) => r.end('fake')).listen(workerData.port, workerData.bind, () => {
        parentPort.postMessage({ type: 'listening', port: srv.address().port });
        setTimeout(() => process.exit(3), 400);
      });`;
    const s = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger, new URL(`data:text/javascript,${encodeURIComponent(script)}`));
    const port = await s.start({ bind: '127.0.0.1', port: 0, pathPrefix: '', workerThread: true });
    try {
      expect(s.mode).toBe('front');
      expect((await curl(`http://127.0.0.1:${port}/a.cfg`)).stdout).toBe('fake');
      await waitFor('the main thread to take over', () => s.mode === 'direct');
      // The main thread's own listener answers once bound: ask until it does (at most 15 s).
      let body = '';
      for (const end = Date.now() + 15_000; body !== 'three' && Date.now() < end; ) body = (await curl('-f', `http://127.0.0.1:${port}/a.cfg`)).stdout;
      expect(body).toBe('three');
    } finally {
      await s.stop();
    }
  });

  it('reports a taken port as the listen error, whichever thread listens', async () => {
    const s = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const taken = Number(new URL(base).port);
    await expect(s.start({ bind: '127.0.0.1', port: taken, pathPrefix: '', workerThread: true })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(s.mode).toBe('stopped');
    expect(s.loopbackPort).toBeUndefined();
  });
});
