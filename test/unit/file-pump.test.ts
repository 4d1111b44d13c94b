/**
 * pumpFile (electron/engine/provisioning/file-pump.ts) over a ChunkCache (file-chunks.ts): ranges
 * arrive byte-identical, concurrent transfers of one file read each chunk once, an edited file is
 * never served from old chunks, a client that goes away releases its chunks, and a file shorter
 * than announced or that cannot be opened is the server's error (FileReadError), not the client's.
 * Small chunks (64 KiB) so that a few MiB cross many chunk borders.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkCache } from '../../electron/engine/provisioning/file-chunks';
import { FileReadError, pumpFile } from '../../electron/engine/provisioning/file-pump';

const dir = mkdtempSync(join(tmpdir(), 'provkit-pump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KiB = 1024;

/** A writable that keeps what it gets; `failAfter` bytes → destroyed (a client that went away). */
function sink(failAfter = Infinity) {
  const parts: Buffer[] = [];
  let n = 0;
  const w: Writable = new Writable({
    highWaterMark: 128 * KiB,
    write(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > failAfter) {
        setImmediate(() => w.destroy(new Error('peer reset')));
        cb();
        return;
      }
      parts.push(Buffer.from(chunk)); // a copy: the pump's buffers are reused
      setImmediate(cb);
    },
  });
  w.on('error', () => {});
  return { w, bytes: () => Buffer.concat(parts) };
}

describe('pumpFile', () => {
  const data = randomBytes(3 * 1024 * KiB + 777);
  const path = join(dir, 'image.bin');
  writeFileSync(path, data);

  it('sends any byte range byte-identical across chunk borders', async () => {
    const cache = new ChunkCache(64 * KiB, 256 * KiB, 2);
    for (const [start, end] of [
      [0, data.length - 1],
      [1, 64 * KiB],
      [64 * KiB - 1, 64 * KiB],
      [100_000, 2_500_001],
      [data.length - 1, data.length - 1],
    ] as const) {
      const s = sink();
      const sent = await pumpFile(path, start, end, s.w, undefined, cache);
      expect(sent).toBe(end - start + 1);
      expect(s.bytes().equals(data.subarray(start, end + 1))).toBe(true);
    }
  });

  it('reads each chunk once for transfers of the same file at the same time, within its memory budget', async () => {
    const cache = new ChunkCache(64 * KiB, 4 * 1024 * KiB, 4);
    const sinks = Array.from({ length: 6 }, () => sink());
    await Promise.all(sinks.map((s) => pumpFile(path, 0, data.length - 1, s.w, undefined, cache)));
    for (const s of sinks) expect(s.bytes().equals(data)).toBe(true);
    const chunks = Math.ceil(data.length / (64 * KiB));
    expect(cache.stats.reads).toBe(chunks);
    expect(cache.stats.hits).toBe(5 * chunks);
    expect(cache.stats.bytes).toBeLessThanOrEqual(4 * 1024 * KiB);
  });

  it('with a budget smaller than the chunks in flight, chunks evicted while being written come back once written', async () => {
    const cache = new ChunkCache(64 * KiB, 64 * KiB, 2);
    const starts = [0, 100_000, 700_000, 1_500_000];
    const sinks = starts.map(() => sink());
    await Promise.all(sinks.map((s, i) => pumpFile(path, starts[i]!, data.length - 1, s.w, undefined, cache)));
    sinks.forEach((s, i) => expect(s.bytes().equals(data.subarray(starts[i]!))).toBe(true));
    expect(cache.stats.bytes).toBeLessThanOrEqual(64 * KiB);
  });

  it('never serves an edited file from the chunks of the old one', async () => {
    const cache = new ChunkCache(64 * KiB, 4 * 1024 * KiB, 4);
    const p = join(dir, 'edited.cfg');
    writeFileSync(p, Buffer.alloc(200 * KiB, 'a'));
    const first = sink();
    await pumpFile(p, 0, 200 * KiB - 1, first.w, undefined, cache);
    await new Promise((r) => setTimeout(r, 20)); // a later modification time
    writeFileSync(p, Buffer.alloc(200 * KiB, 'b'));
    const second = sink();
    await pumpFile(p, 0, 200 * KiB - 1, second.w, undefined, cache);
    expect(second.bytes().equals(Buffer.alloc(200 * KiB, 'b'))).toBe(true);
  });

  it('a client that goes away ends the pump with an error and gives its chunks back', async () => {
    const cache = new ChunkCache(64 * KiB, 256 * KiB, 2);
    const gone = sink(300 * KiB);
    await expect(pumpFile(path, 0, data.length - 1, gone.w, undefined, cache)).rejects.toThrow(/closed|reset|destroyed/);
    await new Promise((r) => setTimeout(r, 50));
    // Another transfer pushes every old chunk out: nothing is held beyond the cache's budget.
    const next = sink();
    await pumpFile(path, 0, data.length - 1, next.w, undefined, cache);
    expect(next.bytes().equals(data)).toBe(true);
    expect(cache.stats.bytes).toBeLessThanOrEqual(256 * KiB);
  });

  it('a file shorter than the range asked for is an error naming the offset', async () => {
    const cache = new ChunkCache(64 * KiB, 256 * KiB, 2);
    const p = join(dir, 'short.bin');
    writeFileSync(p, Buffer.alloc(100 * KiB, 1));
    const err = await pumpFile(p, 0, 150 * KiB, sink().w, undefined, cache).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileReadError);
    expect((err as Error).message).toBe(`file became shorter while being sent (at byte ${100 * KiB})`);
  });

  it('tells the server\'s failures (FileReadError) from the client\'s', async () => {
    const cache = new ChunkCache(64 * KiB, 256 * KiB, 2);
    const missing = await pumpFile(join(dir, 'gone.bin'), 0, 10, sink().w, undefined, cache).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(FileReadError);
    expect((missing as Error).message).toMatch(/ENOENT/);
    expect(((missing as Error).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    const left = await pumpFile(path, 0, data.length - 1, sink(300 * KiB).w, undefined, cache).catch((e: unknown) => e);
    expect(left).toBeInstanceOf(Error);
    expect(left).not.toBeInstanceOf(FileReadError);
  });
});
