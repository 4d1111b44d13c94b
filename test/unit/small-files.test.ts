/**
 * The small-file cache in front of the resolver: hits cost no read, an edit on disk is
 * served at once, uploads and large files are never cached, memory stays bounded.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmallFileCache } from '../../electron/engine/provisioning/small-files';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';

let fx: ProvisioningFixture;
beforeAll(async () => {
  fx = await provisioningFixture();
});
afterAll(async () => {
  await rm(fx.dir, { recursive: true, force: true });
});

describe('SmallFileCache', () => {
  it('keeps a small file and serves an edit at once (same size too)', async () => {
    const c = new SmallFileCache(fx.resolver);
    await writeFile(join(fx.root, 'site.cfg'), 'AAAA');
    const first = await c.resolve('site.cfg');
    expect(first?.content?.toString()).toBe('AAAA');
    expect(await c.resolve('site.cfg')).toBe(first); // a hit: the same entry
    await writeFile(join(fx.root, 'site.cfg'), 'BBBB');
    expect((await c.resolve('site.cfg'))?.content?.toString()).toBe('BBBB');
    await rm(join(fx.root, 'site.cfg'));
    expect((await c.resolve('site.cfg'))?.file.source).not.toBe('file');
  });

  it('never caches uploads, rendered configs or large files; stays within its memory bound', async () => {
    const c = new SmallFileCache(fx.resolver, { maxFileBytes: 1000, maxTotalBytes: 2500 });
    await writeFile(join(fx.root, 'big.ld'), Buffer.alloc(5000));
    expect((await c.resolve('big.ld'))?.content).toBeUndefined();
    expect((await c.resolve('000000000000.cfg'))?.file.source).toBe('rendered');
    expect((await c.resolve('000000000000.cfg'))?.content).toBeUndefined();
    for (let i = 0; i < 5; i++) {
      await writeFile(join(fx.root, `f${i}.cfg`), Buffer.alloc(900, i));
      expect((await c.resolve(`f${i}.cfg`))?.content?.[0]).toBe(i);
    }
    expect(c.bytes).toBeLessThanOrEqual(2500);
    const up = await fx.resolver.uploads.open('0004f2aabbcc-phone.cfg');
    up.stream.end('uploaded');
    await new Promise((r) => up.stream.once('finish', r));
    await up.commit();
    const hit = await c.resolve('0004f2aabbcc-phone.cfg');
    expect(hit?.file.source).toBe('upload');
    expect(hit?.content).toBeUndefined();
  });

  it('requests that miss together share one read: one buffer, counted once', async () => {
    const c = new SmallFileCache(fx.resolver);
    await writeFile(join(fx.root, 'shared.cfg'), Buffer.alloc(4000, 7));
    const all = await Promise.all(Array.from({ length: 200 }, () => c.resolve('shared.cfg')));
    const buffers = new Set(all.map((r) => r?.content));
    expect(buffers.size).toBe(1);
    expect([...buffers][0]?.length).toBe(4000);
    expect(c.bytes).toBe(4000);
    // The next cold read (the file changed) is a read of its own.
    await writeFile(join(fx.root, 'shared.cfg'), Buffer.alloc(10, 8));
    expect((await c.resolve('shared.cfg'))?.content?.[0]).toBe(8);
    expect(c.bytes).toBe(10);
  });
});
