/**
 * Read the files of a firmware package one at a time, streaming: a zip (yauzl, lazy entries, so a
 * 1 GB package is never held in memory) or a folder (walked recursively). Zip entries are checked
 * against their CRC-32 and sizes while they stream (yauzl checks sizes only).
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

/** One file of a package. `name` is its path inside the package (forward slashes). */
export interface PackageEntry {
  name: string;
  /** Uncompressed size, bytes. */
  size: number;
  /** Stream the content; the stream errors when the archive is damaged. */
  open(): Promise<Readable>;
}

/** The package cannot be read: not a zip, truncated, damaged entry. */
export class BadPackageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BadPackageError';
  }
}

/**
 * Entries of a zip, lazily. The consumer must finish (or abandon) one entry's stream before asking
 * for the next.
 * @throws BadPackageError when the file is not a readable zip
 */
export async function* zipEntries(path: string): AsyncGenerator<PackageEntry> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false }, (err, z) => (err ? reject(new BadPackageError(`${path} is not a readable zip: ${err.message}`, { cause: err })) : resolve(z))),
  );
  let failure: Error | undefined;
  zip.on('error', (err: Error) => {
    failure = err;
  });
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
        const onEnd = () => done(() => resolve(undefined));
        const onError = (err: Error) => done(() => reject(new BadPackageError(`${path} is damaged: ${err.message}`, { cause: err })));
        const done = (fn: () => void) => {
          zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
          fn();
        };
        if (failure) return reject(new BadPackageError(`${path} is damaged: ${failure.message}`, { cause: failure }));
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      if (entry.fileName.endsWith('/')) continue;
      yield {
        name: entry.fileName,
        size: entry.uncompressedSize,
        open: () =>
          new Promise<Readable>((resolve, reject) =>
            zip.openReadStream(entry, (err, s) => {
              if (err) return reject(new BadPackageError(`${entry.fileName} in ${path} cannot be read: ${err.message}`, { cause: err }));
              const check = crcCheck(entry);
              s.on('error', (e: Error) => check.destroy(new BadPackageError(`${entry.fileName} in ${path} is damaged: ${e.message}`, { cause: e })));
              resolve(s.pipe(check));
            }),
          ),
      };
    }
  } finally {
    zip.close();
  }
}

function crcCheck(entry: yauzl.Entry): Transform {
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      crc = crc32(chunk, crc);
      cb(null, chunk);
    },
    flush(cb) {
      cb(crc >>> 0 === entry.crc32 >>> 0 ? null : new BadPackageError(`${entry.fileName}: CRC-32 mismatch (the package is damaged; download it again)`));
    },
  });
}

/** Entries of a folder, recursively (hidden files skipped), sorted by path. */
export async function* folderEntries(dir: string): AsyncGenerator<PackageEntry> {
  const names = (await readdir(dir, { recursive: true })).map(String).sort();
  for (const n of names) {
    if (n.split(/[\\/]/).some((p) => p.startsWith('.'))) continue;
    const abs = join(dir, n);
    const st = await stat(abs);
    if (!st.isFile()) continue;
    yield { name: relative(dir, abs).split(/[\\/]/).join('/'), size: st.size, open: async () => createReadStream(abs) };
  }
}
