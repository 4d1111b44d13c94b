/**
 * A new file written with plain system calls made at once on the calling thread, behind the usual
 * `Writable` interface: for phone uploads (uploads.ts), which are small and arrive by the
 * thousand when phones boot together. `fs.createWriteStream` and `fs/promises` send every
 * `open`, `write` and `close` to libuv's thread pool and back (a hand-off between threads and a
 * promise each); for a 1.5 KB log that hand-off costs several times the system call itself. With
 * 1,000 phones uploading two logs each, the upload store took 1.13–1.20 CPU-seconds that way and
 * 0.56–0.75 s with these calls (bench/RESULTS.md). Only creating the file ({@link openNew}) still goes
 * through the pool: making an inode is the one call that can take long (about a millisecond each
 * on an ext4 without journal after many deletions, far more on a network share), and the thread
 * that calls it answers the UI. Sources: Node.js `fs` ("Synchronous API", "Threadpool usage"),
 * POSIX `open(O_CREAT|O_EXCL)`, `write`, `close`.
 */
import { closeSync, open, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * Create a new file for writing, exclusively (`wx`: an existing name is refused), in the thread pool.
 * @param path where
 * @returns its descriptor
 * @throws (rejects with) the error of `open` (EEXIST, ENOENT when the folder is missing, EACCES, ...)
 */
export function openNew(path: string): Promise<number> {
  return new Promise((resolve, reject) => open(path, 'wx', (err, fd) => (err ? reject(err) : resolve(fd))));
}

/** A file opened for writing (see {@link openNew}), written as data comes. */
export class InlineFile extends Writable {
  /** Bytes written to the file so far. */
  bytesWritten = 0;
  private fd: number | undefined;
  private readonly openError: Error | undefined;

  /**
   * @param opened the file's descriptor ({@link openNew}), or the error opening it failed with:
   *   the stream then fails with it, as a stream whose file cannot be opened does
   */
  constructor(opened: number | Error) {
    super();
    if (typeof opened === 'number') this.fd = opened;
    else this.openError = opened;
  }

  /** @param cb called with the error opening the file failed with, if it did */
  override _construct(cb: (err?: Error | null) => void): void {
    cb(this.openError ?? null);
  }

  /** Write one chunk whole (a short write is continued). */
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    try {
      for (let at = 0; at < chunk.length; ) at += writeSync(this.fd!, chunk, at);
      this.bytesWritten += chunk.length;
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  /** Close the file once every chunk is written: `finish` means the file is complete and closed. */
  override _final(cb: (err?: Error | null) => void): void {
    try {
      const fd = this.fd!;
      this.fd = undefined;
      closeSync(fd);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  /** Close the file if it is still open (a failed or abandoned upload). */
  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        /* the error that matters is err */
      }
      this.fd = undefined;
    }
    cb(err);
  }
}
