/**
 * File chunks shared by the transfers in progress (HTTP/FTP transfer performance).
 * A bench upgrades many phones with the same image at the same time: 50 phones pulling one 32 MiB
 * file read it 50 times from the page cache, one copy each, on the one thread that also writes to
 * the sockets. Here a chunk (1 MiB at a fixed offset of one version of a file) is read once and
 * written to every socket that needs it while it is in memory.
 *
 * A chunk is keyed by the file's identity (device, inode, size, mtime: an edited or replaced file
 * is another file) and its index. Memory: at most `budgetBytes` of chunks stay cached (least
 * recently used first out); chunks still being written stay alive until their writes complete,
 * and only then are their buffers reused for new chunks (at most `spareBuffers` kept), so a
 * buffer is never overwritten while a socket may still be sending it.
 */
import type { FileHandle } from 'node:fs/promises';

/** One version of one file, open for reading. */
export interface ChunkFile {
  fh: FileHandle;
  /** Identity: `dev:ino:size:mtimeMs`. */
  id: string;
  /** Bytes. */
  size: number;
}

/** A chunk taken for writing; `release()` once every write of it has completed (or failed). */
export interface Chunk {
  /** The chunk's bytes (shorter than the chunk size at the end of the file). */
  data: Buffer;
  /** Offset of `data[0]` in the file, bytes. */
  offset: number;
  release(): void;
}

interface Entry {
  key: string;
  buf: Buffer;
  /** Bytes of `buf` filled by the read. */
  length: number;
  ready: Promise<void>;
  users: number;
  evicted: boolean;
}

/** Counters, for tests and benchmarks. */
export interface ChunkStats {
  /** Chunks read from disk. */
  reads: number;
  /** Chunks found in memory. */
  hits: number;
  /** Bytes of chunks held (cached or still being written). */
  bytes: number;
}

/** The chunk cache; one per process is enough ({@link sharedChunks}). */
export class ChunkCache {
  private readonly entries = new Map<string, Entry>();
  private cached = 0;
  private readonly spare: Buffer[] = [];
  readonly stats: ChunkStats = { reads: 0, hits: 0, bytes: 0 };

  /**
   * @param chunkBytes size of a chunk, bytes
   * @param budgetBytes most bytes of chunks kept for later readers
   * @param spareBuffers most free buffers kept for reuse
   */
  constructor(
    readonly chunkBytes = 1024 * 1024,
    private readonly budgetBytes = 16 * 1024 * 1024,
    private readonly spareBuffers = 8,
  ) {}

  /**
   * Take chunk `index` of `file`, reading it when it is not in memory.
   * @returns the chunk; its `data` is empty when the file ends before the chunk
   * @throws the read error
   */
  async take(file: ChunkFile, index: number): Promise<Chunk> {
    const key = `${file.id}|${this.chunkBytes}|${index}`;
    let e = this.entries.get(key);
    if (e) {
      this.stats.hits++;
      this.entries.delete(key); // most recently used last
      this.entries.set(key, e);
    } else {
      e = this.read(file, index, key);
      this.entries.set(key, e);
      this.cached += e.buf.length;
      this.evict();
    }
    e.users++;
    const entry = e;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      entry.users--;
      if (entry.evicted && entry.users === 0) this.recycle(entry.buf);
    };
    try {
      await entry.ready;
    } catch (err) {
      release();
      throw err;
    }
    return { data: entry.buf.subarray(0, entry.length), offset: index * this.chunkBytes, release };
  }

  private read(file: ChunkFile, index: number, key: string): Entry {
    const offset = index * this.chunkBytes;
    const want = Math.max(0, Math.min(this.chunkBytes, file.size - offset));
    const buf = this.spare.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes);
    this.stats.reads++;
    this.stats.bytes += buf.length;
    const e: Entry = { key, buf, length: 0, ready: Promise.resolve(), users: 0, evicted: false };
    e.ready = (async () => {
      while (e.length < want) {
        const { bytesRead } = await file.fh.read(buf, e.length, want - e.length, offset + e.length);
        if (bytesRead === 0) break; // shorter than it said: the reader sees a short chunk
        e.length += bytesRead;
      }
    })();
    e.ready.catch(() => this.drop(e)); // a failed read is not kept: the next reader tries again
    return e;
  }

  /** Forget cached chunks beyond the budget, oldest first. */
  private evict(): void {
    for (const e of this.entries.values()) {
      if (this.cached <= this.budgetBytes) break;
      this.drop(e);
    }
  }

  private drop(e: Entry): void {
    if (e.evicted) return;
    e.evicted = true;
    if (this.entries.get(e.key) === e) this.entries.delete(e.key);
    this.cached -= e.buf.length;
    if (e.users === 0) this.recycle(e.buf);
  }

  private recycle(buf: Buffer): void {
    this.stats.bytes -= buf.length;
    if (this.spare.length < this.spareBuffers) this.spare.push(buf);
  }
}

/** The process's chunk cache (1 MiB chunks, 16 MiB cached, 8 spare buffers). */
export const sharedChunks = new ChunkCache();
