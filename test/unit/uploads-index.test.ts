/**
 * UploadStore's in-memory index of the uploads folder: which calls it saves (counted on wrapped
 * node:fs/promises and node:fs), that history keeps every replaced version (also with concurrent uploads of one
 * name and files put in or removed by hand), and that serving answers 404 for a vanished upload.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { UploadStore } from '../../electron/engine/provisioning/uploads';
import { provisioningFixture } from '../helpers/provisioning';
import { run } from '../helpers/run';

const calls = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const counted = <K extends keyof typeof real>(name: K) =>
    ((...args: unknown[]) => {
      calls.push(`${name} ${String(args[0])}`);
      return (real[name] as (...a: unknown[]) => unknown)(...args);
    }) as (typeof real)[K];
  const wrapped = { ...real, stat: counted('stat'), readdir: counted('readdir'), mkdir: counted('mkdir'), open: counted('open'), rename: counted('rename'), link: counted('link'), unlink: counted('unlink') };
  return { ...wrapped, default: wrapped };
});
// The calls an upload makes at once (uploads.ts, inline-file.ts), counted under the same names.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const counted = <K extends keyof typeof real>(sync: K, name: string) =>
    ((...args: unknown[]) => {
      calls.push(`${name} ${String(args[0])}`);
      return (real[sync] as (...a: unknown[]) => unknown)(...args);
    }) as (typeof real)[K];
  const wrapped = { ...real, open: counted('open', 'open'), renameSync: counted('renameSync', 'rename'), linkSync: counted('linkSync', 'link'), unlinkSync: counted('unlinkSync', 'unlink') };
  return { ...wrapped, default: wrapped };
});

const A = '0004f2aaaaaa';
const B = '0004f2bbbbbb';
let dir: string;

/** Store `text` as an upload through the store, as a server does. */
async function upload(store: UploadStore, name: string, text: string) {
  const up = await store.open(name, '192.0.2.7');
  await new Promise<void>((resolve, reject) => {
    up.stream.once('error', reject);
    up.stream.end(text, () => resolve());
  });
  return up.commit();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'provkit-uploads-'));
  calls.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('UploadStore index', () => {
  it('a phone that never uploaded costs no file-system call; a known upload costs one stat', async () => {
    mkdirSync(join(dir, A));
    writeFileSync(join(dir, A, `${A}-boot.log`), 'boot of A\n');
    const store = new UploadStore(dir);
    expect(await store.find(`${B}-phone.cfg`)).toBeUndefined();
    expect(calls).toEqual([`readdir ${dir}`]); // the uploads folder, once
    calls.length = 0;
    for (const kind of ['phone.cfg', 'web.cfg', 'directory.xml', 'calls.xml', 'boot.log']) expect(await store.find(`${B}-${kind}`)).toBeUndefined();
    expect(calls).toEqual([]);
    expect(await store.find(`${A}-phone.cfg`)).toBeUndefined();
    expect(calls).toEqual([`readdir ${join(dir, A)}`]); // a phone's folder, the first time it is looked at
    calls.length = 0;
    expect(await store.find(`${A}-web.cfg`)).toBeUndefined();
    expect(calls).toEqual([]);
    const found = await store.find(`${A.toUpperCase()}-BOOT.LOG`);
    expect(found).toMatchObject({ path: join(dir, A, `${A}-boot.log`), size: 'boot of A\n'.length });
    expect(calls).toEqual([`stat ${join(dir, A, `${A}-boot.log`)}`]);
  });

  it('an upload makes the phone folder once, takes the size from the bytes written, and history keeps the first version', async () => {
    const store = new UploadStore(join(dir, 'uploads'));
    const seen: string[] = [];
    store.onStored = (u) => seen.push(`${u.name} ${u.size} ${u.previous ? 'replaced' : 'new'}`);
    const first = await upload(store, `${A}-boot.log`, 'first\n');
    expect(first).toMatchObject({ mac: A, name: `${A}-boot.log`, size: 6, client: '192.0.2.7' });
    expect(first.previous).toBeUndefined();
    expect(calls.filter((c) => c.startsWith('mkdir'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('stat'))).toEqual([]);
    calls.length = 0;
    await upload(store, `${A}-app.log`, 'app\n');
    expect(calls.filter((c) => c.startsWith('mkdir') || c.startsWith('stat') || c.startsWith('readdir'))).toEqual([]);
    const second = await upload(store, `${A}-boot.log`, 'second boot\n');
    expect(second.size).toBe(12);
    expect(second.previous).toMatch(new RegExp(`/history/${A}-boot\\.log\\.`));
    expect(readFileSync(second.path, 'utf8')).toBe('second boot\n');
    expect(readFileSync(second.previous!, 'utf8')).toBe('first\n');
    expect(seen).toEqual([`${A}-boot.log 6 new`, `${A}-app.log 4 new`, `${A}-boot.log 12 replaced`]);
    expect(await store.list(A)).toEqual({ current: [`${A}-app.log`, `${A}-boot.log`], history: [second.previous!.split('/').pop()] });
    expect(readdirSync(join(dir, 'uploads', A)).filter((n) => n.endsWith('.part'))).toEqual([]); // no temporary file left
  });

  it('a file removed behind its back is not found, and the next upload still works', async () => {
    const store = new UploadStore(dir);
    await upload(store, `${A}-phone.cfg`, '<a/>');
    expect(await store.find(`${A}-phone.cfg`)).toBeDefined();
    rmSync(join(dir, A, `${A}-phone.cfg`));
    expect(await store.find(`${A}-phone.cfg`)).toBeUndefined();
    calls.length = 0;
    expect(await store.find(`${A}-phone.cfg`)).toBeUndefined();
    expect(calls).toEqual([]); // the index learnt it
    rmSync(join(dir, A), { recursive: true }); // the whole phone folder
    const again = await upload(store, `${A}-phone.cfg`, '<b/>');
    expect(again.previous).toBeUndefined();
    expect(readFileSync(join(dir, A, `${A}-phone.cfg`), 'utf8')).toBe('<b/>');
    rmSync(join(dir, A, 'history'), { recursive: true, force: true });
    const third = await upload(store, `${A}-phone.cfg`, '<c/>'); // history folder made again
    expect(readFileSync(third.previous!, 'utf8')).toBe('<b/>');
  });

  it('a file put in by hand is never overwritten, and is served once the uploads are listed', async () => {
    const store = new UploadStore(dir);
    await upload(store, `${A}-boot.log`, 'boot\n');
    writeFileSync(join(dir, A, `${A}-phone.cfg`), '<by-hand/>'); // the index says it is not there
    const stored = await upload(store, `${A}-phone.cfg`, '<phone/>');
    expect(readFileSync(stored.path, 'utf8')).toBe('<phone/>');
    expect(readFileSync(stored.previous!, 'utf8')).toBe('<by-hand/>');
    writeFileSync(join(dir, A, `${A}-web.cfg`), '<web/>');
    expect(await store.find(`${A}-web.cfg`)).toBeUndefined(); // not yet known
    expect((await store.list(A)).current).toContain(`${A}-web.cfg`);
    expect(await store.find(`${A}-web.cfg`)).toMatchObject({ size: 6 });
  });

  it('concurrent uploads of one name: the last committed is current, the others are all in history', async () => {
    const store = new UploadStore(dir);
    const texts = ['one\n', 'two\n', 'three\n', 'four\n', 'five\n'];
    const opened = await Promise.all(texts.map(() => store.open(`${B}-app.log`)));
    await Promise.all(opened.map((up, i) => new Promise<void>((resolve) => up.stream.end(texts[i], () => resolve()))));
    const results = await Promise.all(opened.map((up) => up.commit()));
    expect(results.filter((r) => !r.previous)).toHaveLength(1);
    const current = readFileSync(join(dir, B, `${B}-app.log`), 'utf8');
    const history = readdirSync(join(dir, B, 'history')).map((n) => readFileSync(join(dir, B, 'history', n), 'utf8'));
    expect(history).toHaveLength(4);
    expect([current, ...history].sort()).toEqual([...texts].sort());
  });

  it('an aborted upload leaves the current version and no temporary file', async () => {
    const store = new UploadStore(dir);
    await upload(store, `${A}-boot.log`, 'good\n');
    const up = await store.open(`${A}-boot.log`);
    up.stream.write('half');
    await up.abort();
    expect(readFileSync(join(dir, A, `${A}-boot.log`), 'utf8')).toBe('good\n');
    expect(readdirSync(join(dir, A))).toEqual([`${A}-boot.log`]);
    expect(existsSync(join(dir, A, 'history'))).toBe(false);
  });
});

describe('serving with the index', () => {
  it('an upload removed behind ProvKit’s back is answered 404, a directory 404 with its own reason (curl)', async () => {
    const fx = await provisioningFixture();
    mkdirSync(join(fx.root, 'sub'));
    const server = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const port = await server.start({ bind: '127.0.0.1', port: 0, pathPrefix: '', workerThread: false });
    const status = async (...args: string[]) => (await run('curl', ['-sS', '--max-time', '15', '-o', '/dev/null', '-w', '%{http_code}', ...args])).stdout;
    try {
      writeFileSync(join(fx.dir, 'app.log'), 'app log\n');
      expect(await status('-T', join(fx.dir, 'app.log'), `http://127.0.0.1:${port}/${A}-app.log`)).toBe('201');
      expect(await status(`http://127.0.0.1:${port}/${A}-app.log`)).toBe('200');
      rmSync(join(fx.uploadsDir, A, `${A}-app.log`));
      expect(await status(`http://127.0.0.1:${port}/${A}-app.log`)).toBe('404');
      expect(await status(`http://127.0.0.1:${port}/${B}-phone.cfg`)).toBe('404');
      expect(await status(`http://127.0.0.1:${port}/sub`)).toBe('404');
      const errors = fx.log.recent().filter((e) => e.method === 'GET').map((e) => `${e.status} ${e.error ?? ''}`);
      expect(errors).toEqual(['200 ', '404 no such file', '404 no such file', '404 directory listings are not served']);
    } finally {
      await server.stop();
      rmSync(fx.dir, { recursive: true, force: true });
    }
  });
});
