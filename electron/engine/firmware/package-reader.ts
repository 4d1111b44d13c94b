/**
 * Read the files of a firmware package one at a time, streaming: a zip (yauzl, lazy entries, so a
 * 1 GB package is never held in memory) or a folder (walked recursively). Zip entries are checked
 * against their CRC-32 and sizes while they stream (yauzl checks sizes only).
 * Imports never follow links: a folder is walked with `lstat` and a symbolic link or special file in
 * it (FIFO, socket, device) refuses the whole import, files are opened with `O_NOFOLLOW`; a zip
 * entry whose Unix mode (APPNOTE.TXT 4.4.15, external attributes) says symlink or special file is
 * refused; zip bombs are refused by a cap on the expanded size and on each entry's compression ratio.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
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

/** Expanded size cap of one package (all entries), bytes: 4 GiB (a combined Polycom package is under 1 GiB). */
export const MAX_EXPANDED_BYTES = 4 * 1024 ** 3;
/** Highest compression ratio (uncompressed / compressed) of an entry over {@link RATIO_MIN_BYTES}; firmware images compress about 1.1-3×. */
export const MAX_RATIO = 100;
/** Entries smaller than this are not ratio-checked (text files of zeros compress well and are harmless). */
export const RATIO_MIN_BYTES = 1024 * 1024;

/** The package cannot be read: not a zip, truncated, damaged entry, link, bomb. */
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
  let expanded = 0;
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
      refuseZipEntry(path, entry, (expanded += entry.uncompressedSize));
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

/** Throws BadPackageError for a link or special file, a bomb-like ratio or a package over the size cap. */
function refuseZipEntry(path: string, entry: yauzl.Entry, expandedSoFar: number): void {
  const type = (entry.externalFileAttributes >>> 16) & 0o170000;
  const unix = entry.versionMadeBy >> 8 === 3;
  if (unix && type === 0o120000) throw new BadPackageError(`${entry.fileName} in ${path} is a symbolic link: ProvKit never imports links; nothing was imported`);
  if (unix && type !== 0 && type !== 0o100000 && type !== 0o040000) throw new BadPackageError(`${entry.fileName} in ${path} is not a regular file (mode ${type.toString(8)}); nothing was imported`);
  const size = entry.uncompressedSize;
  if (size >= RATIO_MIN_BYTES && size / Math.max(1, entry.compressedSize) > MAX_RATIO) {
    throw new BadPackageError(`${entry.fileName} in ${path} expands ${Math.round(size / Math.max(1, entry.compressedSize))}× (${size} bytes from ${entry.compressedSize}): over the ${MAX_RATIO}× limit for a firmware package (a zip bomb?); nothing was imported`);
  }
  if (expandedSoFar > MAX_EXPANDED_BYTES) throw new BadPackageError(`${path} expands to over ${MAX_EXPANDED_BYTES} bytes (at ${entry.fileName}): over the limit for a firmware package; nothing was imported`);
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

/**
 * Entries of a folder, recursively (hidden files skipped), sorted by path. The whole folder is
 * checked before the first entry: a symbolic link (the folder itself or anything in it) or a special
 * file refuses the import.
 * @throws BadPackageError naming the link or special file
 */
export async function* folderEntries(dir: string): AsyncGenerator<PackageEntry> {
  if ((await lstat(dir)).isSymbolicLink()) throw new BadPackageError(`${dir} is a symbolic link: ProvKit never follows links in an import (give the real folder); nothing was imported`);
  const names = (await readdir(dir, { recursive: true })).map(String).sort();
  const files: Array<{ abs: string; name: string; size: number }> = [];
  for (const n of names) {
    if (n.split(/[\\/]/).some((p) => p.startsWith('.'))) continue;
    const abs = join(dir, n);
    const st = await lstat(abs);
    const name = relative(dir, abs).split(/[\\/]/).join('/');
    if (st.isSymbolicLink()) throw new BadPackageError(`${name} in ${dir} is a symbolic link: ProvKit never follows links in an import (copy the real file in); nothing was imported`);
    if (st.isDirectory()) continue;
    if (!st.isFile()) throw new BadPackageError(`${name} in ${dir} is not a regular file (a device, FIFO or socket); nothing was imported`);
    files.push({ abs, name, size: st.size });
  }
  for (const f of files) {
    yield { name: f.name, size: f.size, open: async () => (await open(f.abs, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))).createReadStream() };
  }
}
