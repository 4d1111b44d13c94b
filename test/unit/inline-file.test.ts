/**
 * InlineFile (inline-file.ts): a new file written through the Writable interface with calls made
 * at once — every byte lands, `finish` means the file is closed, an open error surfaces as the
 * stream's error, and a destroyed stream leaves no descriptor open (counted in /proc/self/fd).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InlineFile, openNew } from '../../electron/engine/provisioning/inline-file';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'inline-file-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const openFds = (): number => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0);

describe('InlineFile', () => {
  it('writes every chunk in order, counts the bytes, and is closed when finish fires', async () => {
    const path = join(dir, 'a.log');
    const before = openFds();
    const f = new InlineFile(await openNew(path));
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(3000, 65 + (i % 26)));
    await pipeline(Readable.from(chunks), f);
    expect(f.bytesWritten).toBe(120_000);
    expect(readFileSync(path)).toEqual(Buffer.concat(chunks));
    expect(f.writableFinished).toBe(true);
    expect(openFds()).toBe(before);
  });

  it('refuses an existing name (openNew) and reports an open error as the stream error', async () => {
    const path = join(dir, 'taken.log');
    writeFileSync(path, 'by hand\n');
    const err = await openNew(path).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).toBe('EEXIST');
    const f = new InlineFile(err!);
    const seen = await new Promise<Error>((resolve) => f.once('error', resolve));
    expect(seen).toBe(err);
    expect(readFileSync(path, 'utf8')).toBe('by hand\n');
  });

  it('a stream destroyed half-way closes its file', async () => {
    const before = openFds();
    const f = new InlineFile(await openNew(join(dir, 'cut.log')));
    const errors: Error[] = [];
    f.on('error', (e) => errors.push(e));
    const closed = new Promise((r) => f.once('close', r));
    await new Promise((r) => f.write(Buffer.from('part'), r));
    f.destroy(new Error('client left'));
    await closed;
    expect(errors.map((e) => e.message)).toEqual(['client left']);
    expect(openFds()).toBe(before);
    expect(readFileSync(join(dir, 'cut.log'), 'utf8')).toBe('part');
  });
});
