/**
 * Send a byte range of a file to a writable (an HTTP response, an FTP data socket) in 1 MiB chunks
 * from {@link ChunkCache} (file-chunks.ts): the next chunk is read while the current one is
 * written, at most two writes are in flight, and a chunk that another transfer of the same file
 * has just read is not read again (a bench of phones pulling one image). Memory per transfer is
 * bounded (two chunks in flight; the cache has its own budget) and nothing is allocated per chunk
 * once the cache's buffers are in use — a stream allocates a buffer per read, and at hundreds of
 * MiB/s those allocations drive V8 into frequent full garbage collections (profile of 50
 * concurrent downloads). Backpressure comes from waiting for the write callbacks.
 */
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { sharedChunks, type Chunk, type ChunkCache } from './file-chunks';

/**
 * The file could not be read to the end (it could not be opened, a read failed, or it became
 * shorter while being sent): the server's failure, not the client's. Its message says why; `cause`
 * holds the file system error when there is one.
 */
export class FileReadError extends Error {
  override name = 'FileReadError';
}

/** Run a read step; its failure becomes a {@link FileReadError} with the same message. */
async function reading<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    throw new FileReadError((err as Error).message, { cause: err });
  }
}

/**
 * Write bytes `start`..`end` (inclusive) of `path` to `out` (which is not ended).
 * @param onBytes called with the size of each piece once it is written
 * @param cache where chunks come from (default: the process's shared cache)
 * @returns bytes written
 * @throws {@link FileReadError} when the file cannot be opened or read, or turns out shorter than
 *   `end` (the server's side); the write error, or an Error when `out` closes before the end (the
 *   client's side)
 */
export async function pumpFile(path: string, start: number, end: number, out: Writable, onBytes?: (n: number) => void, cache: ChunkCache = sharedChunks): Promise<number> {
  const fh = await reading(() => open(path, 'r'));
  let closed = false;
  const onClose = () => (closed = true);
  out.once('close', onClose);
  const inFlight: Array<Promise<void>> = [];
  let next: Promise<Chunk> | undefined;
  try {
    const st = await reading(() => fh.stat());
    const file = { fh, id: `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`, size: st.size };
    const size = cache.chunkBytes;
    let pos = start;
    let sent = 0;
    next = cache.take(file, Math.floor(pos / size));
    while (pos <= end && next) {
      const pending: Promise<Chunk> = next;
      next = undefined;
      const chunk = await reading(() => pending);
      const from = pos - chunk.offset;
      const to = Math.min(chunk.data.length, end - chunk.offset + 1);
      if (to <= from) {
        chunk.release();
        throw new FileReadError(`file became shorter while being sent (at byte ${pos})`);
      }
      pos = chunk.offset + to;
      if (pos <= end) next = cache.take(file, Math.floor(pos / size)); // read ahead while this one is written
      if (inFlight.length === 2) await inFlight.shift();
      if (closed || out.destroyed) {
        chunk.release();
        throw new Error('the client closed the connection');
      }
      const n = to - from;
      const w = write(out, chunk.data.subarray(from, to)).then(
        () => {
          chunk.release();
          sent += n;
          onBytes?.(n);
        },
        (err: unknown) => {
          chunk.release();
          throw err;
        },
      );
      w.catch(() => {}); // awaited below (or when a third write is due)
      inFlight.push(w);
    }
    await Promise.all(inFlight);
    return sent;
  } finally {
    out.off('close', onClose);
    if (next) void next.then((c) => c.release(), () => {});
    // Writes still in flight release their chunks from their callbacks; they need no file handle.
    await fh.close();
  }
}

/** `out.write` as a promise that settles with the write callback (or the stream closing first). */
function write(out: Writable, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error('the client closed the connection'));
    out.once('close', onClose);
    out.write(data, (err) => {
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    });
  });
}
