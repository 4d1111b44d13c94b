/**
 * Read-ahead of a file as ready-to-send DATA packets, with a bounded memory footprint.
 *
 * Memory: two slots of `chunkBlocks × (4 + blksize)` bytes, allocated once per transfer (about
 * 2 × 256 KiB, or 2 × the window when that is larger — at most 2 × `maxWindowBytes` plus headers).
 * Each slot holds a run of consecutive blocks with 4 bytes free before every block, so one
 * `readv` fills a whole chunk and a DATA packet is sent straight from the slot after writing its
 * header in place: no allocation or copy per packet (stream from disk, cap memory).
 * The window in flight always lies in the chunk of its first block and the next one, which are
 * exactly what the two slots hold; the next chunk is read while the current one is sent.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { writeDataHeader } from './packet';

/** Bytes aimed at per chunk. */
const CHUNK_BYTES = 256 * 1024;
/** readv takes at most IOV_MAX (1024 on Linux) buffers. */
const MAX_CHUNK_BLOCKS = 1024;

/**
 * Where the bytes come from: a file on disk (positional reads), a buffer (rendered config,
 * netascii text), or a stream read front to back (a file source with its own `open`, e.g. the
 * firmware repository's bandwidth-capped reads). Chunks are always needed in order, so a stream
 * suffices: retransmissions stay within the two chunks in memory.
 */
export type ByteSource = { kind: 'file'; path: string } | { kind: 'buffer'; content: Buffer } | { kind: 'stream'; stream: Readable };

interface Slot {
  chunk: number;
  /** Resolves when the chunk's data is in place; rejects on a read error. */
  ready: Promise<void>;
  loaded: boolean;
  /** Full packets: header + blksize bytes each. */
  packets: Buffer[];
  /** The data part of each packet (readv targets). */
  data: Buffer[];
}

/** DATA packets of one file, block by block (blocks counted from 1). */
export class BlockReader {
  private readonly chunkBlocks: number;
  private readonly slots: Slot[] = [];
  private fh: FileHandle | undefined;
  private closed = false;
  /** Stream source: its iterator and the bytes read but not yet placed. */
  private iter: AsyncIterator<Buffer> | undefined;
  private rest: Buffer = Buffer.alloc(0);
  private streamed = 0;
  /** Stream source: the last chunk load; the next one starts after it (the next chunk is asked for while the current one loads). */
  private streamTail: Promise<void> = Promise.resolve();

  private constructor(
    private readonly source: ByteSource,
    readonly size: number,
    readonly blksize: number,
    windowsize: number,
  ) {
    this.chunkBlocks = Math.max(windowsize, Math.min(MAX_CHUNK_BLOCKS, Math.max(1, Math.floor(CHUNK_BYTES / blksize))));
    const blocks = Math.floor(size / blksize) + 1;
    const slotBlocks = Math.min(this.chunkBlocks, blocks);
    for (let s = 0; s < 2 && s * this.chunkBlocks < blocks; s++) {
      const stride = 4 + blksize;
      const buf = Buffer.allocUnsafe(slotBlocks * stride);
      const packets: Buffer[] = [];
      const data: Buffer[] = [];
      for (let i = 0; i < slotBlocks; i++) {
        packets.push(buf.subarray(i * stride, (i + 1) * stride));
        data.push(buf.subarray(i * stride + 4, (i + 1) * stride));
      }
      this.slots.push({ chunk: -1, ready: Promise.resolve(), loaded: false, packets, data });
    }
  }

  /**
   * Open a source for block reads.
   * @param size bytes the transfer sends (the file size, or the buffer length)
   * @throws the fs error when the file cannot be opened
   */
  static async open(source: ByteSource, size: number, blksize: number, windowsize: number): Promise<BlockReader> {
    const r = new BlockReader(source, size, blksize, windowsize);
    if (source.kind === 'file') r.fh = await open(source.path, 'r');
    if (source.kind === 'stream') r.iter = source.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    return r;
  }

  /**
   * The DATA packet of block `n` with its header written, if its chunk is in memory; makes sure
   * the chunk of `n` is being read, and the next one too when `n` is in the chunk of `base`.
   * @param n absolute block (≥ 1), within the window starting at `base`
   * @param wire the 16-bit block number to put in the header
   * @param base first unacknowledged block: its chunk is never replaced (retransmissions need it)
   * @returns the packet (a view into the slot, valid until the chunk is replaced), or undefined
   *          when the caller must await {@link ready} first
   */
  packet(n: number, wire: number, base: number): Buffer | undefined {
    const chunk = Math.floor((n - 1) / this.chunkBlocks);
    const slot = this.ensure(chunk);
    if (chunk === Math.floor((Math.max(base, 1) - 1) / this.chunkBlocks)) this.ensure(chunk + 1);
    if (!slot?.loaded) return undefined;
    const i = (n - 1) % this.chunkBlocks;
    const len = Math.max(0, Math.min(this.blksize, this.size - (n - 1) * this.blksize));
    const p = slot.packets[i]!;
    writeDataHeader(p, wire);
    return len === this.blksize ? p : p.subarray(0, 4 + len);
  }

  /**
   * Wait until block `n` can be had from {@link packet}.
   * @throws the read error
   */
  async ready(n: number): Promise<void> {
    const slot = this.ensure(Math.floor((n - 1) / this.chunkBlocks));
    await slot?.ready;
  }

  /** Close the file. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    const fh = this.fh;
    this.fh = undefined;
    await fh?.close().catch(() => {});
    if (this.source.kind === 'stream') this.source.stream.destroy();
  }

  /** The slot holding `chunk`, starting its read when needed; undefined past the end. */
  private ensure(chunk: number): Slot | undefined {
    if (chunk * this.chunkBlocks * this.blksize > this.size) return undefined;
    const slot = this.slots[chunk % this.slots.length]!;
    if (slot.chunk === chunk) return slot;
    slot.chunk = chunk;
    slot.loaded = false;
    slot.ready = this.load(slot, chunk);
    slot.ready.catch(() => {}); // awaited through ready(); never an unhandled rejection
    return slot;
  }

  private async load(slot: Slot, chunk: number): Promise<void> {
    const position = chunk * this.chunkBlocks * this.blksize;
    const want = Math.min(this.chunkBlocks * this.blksize, this.size - position);
    if (this.source.kind === 'buffer') {
      const src = this.source.content;
      for (let i = 0, off = position; off < position + want; i++, off += this.blksize) {
        src.copy(slot.data[i]!, 0, off, Math.min(off + this.blksize, position + want));
      }
    } else if (this.source.kind === 'stream') {
      const run = this.streamTail.then(() => this.fromStream(slot, position, want));
      this.streamTail = run.catch(() => {});
      await run;
    } else {
      let done = 0;
      while (done < want) {
        if (this.closed || !this.fh) throw new Error('file closed');
        const first = Math.floor(done / this.blksize);
        const bufs = slot.data.slice(first, Math.ceil(want / this.blksize));
        if (done % this.blksize) bufs[0] = bufs[0]!.subarray(done % this.blksize);
        const { bytesRead } = await this.fh.readv(bufs, position + done);
        if (bytesRead === 0) throw new Error(`file became shorter while being sent (${position + done} of ${this.size} bytes)`);
        done += bytesRead;
      }
    }
    if (slot.chunk === chunk) slot.loaded = true;
  }

  /** Fill a slot with the next `want` bytes of the stream (chunks are loaded in order). */
  private async fromStream(slot: Slot, position: number, want: number): Promise<void> {
    if (position !== this.streamed) throw new Error(`stream read out of order (at ${this.streamed}, wanted ${position})`);
    let done = 0;
    while (done < want) {
      if (this.rest.length === 0) {
        if (this.closed || !this.iter) throw new Error('file closed');
        const next = await this.iter.next();
        if (next.done) throw new Error(`file became shorter while being sent (${position + done} of ${this.size} bytes)`);
        this.rest = next.value;
      }
      const i = Math.floor(done / this.blksize);
      const off = done % this.blksize;
      const n = Math.min(this.blksize - off, want - done, this.rest.length);
      this.rest.copy(slot.data[i]!, off, 0, n);
      this.rest = this.rest.subarray(n);
      done += n;
    }
    this.streamed += want;
  }
}
