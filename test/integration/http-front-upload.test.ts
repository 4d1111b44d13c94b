/**
 * Uploads through the HTTP front (http-front.ts): one of declared length up to FRONT_UPLOAD_MAX is
 * read whole by the front and sent to the main thread over the message port; larger ones and
 * chunked bodies go over loopback HTTP as before. Checked with curl and a raw socket: the stored
 * bytes, 201 then 204 (history), the record (client, the phone's own headers, one record per
 * upload), and a client that leaves mid-body (499, recorded by the front, nothing stored).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRONT_UPLOAD_MAX, type FrontUpload } from '../../electron/engine/provisioning/http-front-protocol';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { waitFor } from '../helpers/netns';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';
import { run } from '../helpers/run';

const curl = (...args: string[]) => run('curl', ['-sS', '--max-time', '20', ...args]);
const UA = 'FileTransport PolycomVVX-VVX_400-UA/5.9.5.0614 (SN:0004f2c00001) Type/Application';
let fx: ProvisioningFixture;
let server: HttpProvisioningServer;
let base: string;
/** Uploads that reached the main thread over the message port (path of each). */
const viaPort: string[] = [];

beforeAll(async () => {
  fx = await provisioningFixture([]);
  server = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger);
  const accept = server.acceptUpload.bind(server);
  server.acceptUpload = (m: FrontUpload) => (viaPort.push(m.url), accept(m));
  const port = await server.start({ bind: '127.0.0.1', port: 0, pathPrefix: '', workerThread: true, maxUploadBytes: 4 * 1024 * 1024 });
  base = `http://127.0.0.1:${port}`;
  expect(server.mode).toBe('front');
});
afterAll(async () => {
  await server?.stop();
});

const puts = (path: string) => fx.log.recent().filter((e) => e.method === 'PUT' && e.path === path);

describe('uploads through the HTTP front', () => {
  it('a small upload goes over the message port: stored, 201 then 204 with the first version in history, one record each with the phone\u2019s headers', async () => {
    const mac = '0004f2c00001';
    const path = `/${mac}-boot.log`;
    const local = join(fx.dir, 'boot-1.log');
    await writeFile(local, 'first boot\n');
    const first = await curl('-A', UA, '-T', local, '-o', '/dev/null', '-w', '%{http_code}', `${base}${path}`);
    expect(first.stdout).toBe('201');
    await writeFile(local, 'second boot\n');
    const second = await curl('-A', UA, '-T', local, '-o', '/dev/null', '-w', '%{http_code}', `${base}${path}`);
    expect(second.stdout).toBe('204');
    expect(viaPort.filter((u) => u === path)).toHaveLength(2);
    const folder = join(fx.resolver.uploads.dir, mac);
    expect(readFileSync(join(folder, `${mac}-boot.log`), 'utf8')).toBe('second boot\n');
    const history = readdirSync(join(folder, 'history'));
    expect(history).toHaveLength(1);
    expect(readFileSync(join(folder, 'history', history[0]!), 'utf8')).toBe('first boot\n');
    await waitFor('both uploads in the log', () => puts(path).length === 2);
    const recs = puts(path);
    expect(recs.map((e) => e.status)).toEqual([201, 204]);
    for (const e of recs) {
      expect(e).toMatchObject({ client: '127.0.0.1', source: 'upload', bytesReceived: e.status === 201 ? 11 : 12 });
      expect(e.headers?.find(([n]) => n.toLowerCase() === 'user-agent')?.[1]).toBe(UA);
      expect(e.headers?.some(([n]) => n.toLowerCase().startsWith('x-provkit-'))).toBe(false);
    }
  });

  it('an upload over the front\u2019s size and a chunked one go to the main thread over HTTP, stored byte-identical', async () => {
    const big = randomBytes(FRONT_UPLOAD_MAX + 4096);
    const local = join(fx.dir, 'app-big.log');
    await writeFile(local, big);
    const r = await curl('-T', local, '-o', '/dev/null', '-w', '%{http_code}', `${base}/0004f2c00002-app.log`);
    expect(r.stdout).toBe('201');
    expect(readFileSync(join(fx.resolver.uploads.dir, '0004f2c00002', '0004f2c00002-app.log')).equals(big)).toBe(true);
    const chunked = await curl('-H', 'Transfer-Encoding: chunked', '-T', local, '-o', '/dev/null', '-w', '%{http_code}', `${base}/0004f2c00003-app.log`);
    expect(chunked.stdout).toBe('201');
    expect(readFileSync(join(fx.resolver.uploads.dir, '0004f2c00003', '0004f2c00003-app.log')).equals(big)).toBe(true);
    expect(viaPort).not.toContain('/0004f2c00002-app.log');
    expect(viaPort).not.toContain('/0004f2c00003-app.log');
  });

  it('a client that leaves before its body is whole is recorded by the front (499); nothing is stored', async () => {
    const path = '/0004f2c00004-app.log';
    await new Promise<void>((resolve) => {
      const s = connect(Number(new URL(base).port), '127.0.0.1', () => {
        s.write(`PUT ${path} HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\nonly part of it`, () => setImmediate(() => s.destroy()));
      });
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    await waitFor('the cut upload in the log', () => puts(path).length === 1);
    expect(puts(path)[0]).toMatchObject({ status: 499, bytesReceived: 15 });
    expect(puts(path)[0]!.error).toMatch(/closed the connection/);
    expect(viaPort).not.toContain(path);
    expect(existsSync(join(fx.resolver.uploads.dir, '0004f2c00004', '0004f2c00004-app.log'))).toBe(false);
  });
});
