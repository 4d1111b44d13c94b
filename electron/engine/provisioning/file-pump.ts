/**
 * Send a byte range of a file to a writable (an HTTP response) through two reusable buffers: the
 * next chunk is read while the previous one is written, and a buffer is refilled only once its
 * write has completed (callback). Memory per transfer is fixed (2 × `chunk` bytes) and nothing is
 * allocated per chunk — a stream allocates a new buffer per read, and at hundreds of MiB/s those
 * external allocations drive V8 into frequent full garbage collections (issue #7 profile of 50
 * concurrent downloads). Backpressure comes from waiting for the write callbacks.
 */
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';

/** Default chunk, bytes. */
export const PUMP_CHUNK = 1024 * 1024;

/**
 * Write bytes `start`..`end` (inclusive) of `path` to `out` (which is not ended).
 * @param onBytes called with the size of each chunk once it is written
 * @returns bytes written
 * @throws the read error; the write error (client gone) or `out` closing before the end
 */
export async function pumpFile(path: string, start: number, end: number, out: Writable, onBytes?: (n: number) => void, chunk = PUMP_CHUNK): Promise<number> {
  const fh = await open(path, 'r');
  let closed = false;
  const onClose = () => (closed = true);
  out.once('close', onClose);
  try {
    const size = Math.min(chunk, end - start + 1);
    const bufs = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)];
    const writes: Array<Promise<void> | undefined> = [undefined, undefined];
    let pos = start;
    let sent = 0;
    for (let i = 0; pos <= end; i ^= 1) {
      await writes[i];
      if (closed || out.destroyed) throw new Error('the client closed the connection');
      const { bytesRead } = await fh.read(bufs[i]!, 0, Math.min(size, end - pos + 1), pos);
      if (bytesRead === 0) throw new Error(`file became shorter while being sent (at byte ${pos})`);
      pos += bytesRead;
      const w = write(out, bufs[i]!.subarray(0, bytesRead)).then(() => {
        sent += bytesRead;
        onBytes?.(bytesRead);
      });
      w.catch(() => {}); // awaited on the next use of this buffer (or at the end)
      writes[i] = w;
    }
    await Promise.all(writes);
    return sent;
  } finally {
    out.off('close', onClose);
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
