/**
 * The stream an FTP upload (STOR) is written into, in front of the UploadStore.
 */
import { Writable } from 'node:stream';
import type { ProvisioningResolver } from '../resolver';
import type { StoredUpload } from '../uploads';
import type { FtpCommandContext } from './command-context';

type OpenUpload = Awaited<ReturnType<ProvisioningResolver['uploads']['open']>>;

/**
 * The stream ftp-srv writes an upload into. Counts bytes, enforces the size limit, commits the
 * upload to the UploadStore only after a clean end, and aborts (removes the temporary file) when
 * destroyed first. Handles ftp-srv's synthetic `close` event (it emits `close` instead of calling
 * `end()` when the stream has `close` listeners, which `pipe()` always adds).
 */
export class UploadSink extends Writable {
  private state: 'open' | 'finalizing' | 'done' | 'aborted' = 'open';
  private received = 0;
  /** The stored upload after a successful commit. */
  stored: StoredUpload | undefined;

  /**
   * @param up the open upload from `resolver.uploads.open()` (committed or aborted by this sink)
   * @param max largest upload accepted, bytes; more fails the stream and sets status 552
   * @param ctx the STOR command's context (bytes received, status and error are noted on it)
   */
  constructor(
    private readonly up: OpenUpload,
    private readonly max: number,
    private readonly ctx: FtpCommandContext | undefined,
  ) {
    super({ highWaterMark: 256 * 1024 });
    up.stream.on('error', (err) => this.destroy(err));
    this.on('error', () => {}); // ftp-srv attaches its own handler one tick later
    this.once('close', () => {
      if (!this.writableEnded && !this.destroyed) this.end();
    });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.received += chunk.length;
    if (this.ctx) this.ctx.bytesReceived = this.received;
    if (this.received > this.max) {
      if (this.ctx) {
        this.ctx.statusOverride = 552;
        this.ctx.error = `upload is over the ${this.max}-byte limit`;
      }
      cb(new Error(`Upload is over the ${this.max}-byte limit`));
      return;
    }
    if (this.up.stream.write(chunk)) cb();
    else this.up.stream.once('drain', () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.state !== 'open') {
      cb(new Error('upload aborted'));
      return;
    }
    this.state = 'finalizing';
    void (async () => {
      try {
        await new Promise<void>((resolve, reject) => {
          this.up.stream.once('error', reject);
          this.up.stream.once('close', () => resolve());
          this.up.stream.end();
        });
        // ftp-srv calls end() then destroy(err) when the data socket fails: never commit then.
        if ((this.state as string) === 'aborted' || this.destroyed) {
          await this.up.abort();
          cb(new Error('upload aborted'));
          return;
        }
        this.stored = await this.up.commit();
        this.state = 'done';
        cb();
      } catch (err) {
        this.state = 'aborted';
        await this.up.abort().catch(() => {});
        if (this.ctx && this.ctx.statusOverride === undefined) {
          this.ctx.statusOverride = 451;
          this.ctx.error = `could not store the upload: ${(err as Error).message}`;
        }
        cb(err as Error);
      }
    })();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.state === 'open') {
      this.state = 'aborted';
      this.up.abort().then(
        () => cb(err),
        () => cb(err),
      );
    } else {
      if (this.state === 'finalizing') this.state = 'aborted';
      cb(err);
    }
  }
}
