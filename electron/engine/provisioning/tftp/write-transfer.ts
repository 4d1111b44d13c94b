/**
 * A TFTP write (WRQ) of a phone upload: receives DATA blocks into the upload store's temporary file
 * and commits it only when the last block arrived (a broken upload never replaces a good one).
 * Sources: RFC 1350 §2 and §6 (ACK 0 answers the WRQ; a short block ends the transfer; the
 * receiver dallies to re-ACK a repeated last block), RFC 2347 §3 (the OACK stands for ACK 0),
 * RFC 2349 (`tsize` too large → error 3), RFC 7440 §4 (ACK per window).
 * Flow control: when the file write falls behind, the due ACK waits for the stream to drain, so
 * the client slows down instead of memory filling up.
 */
import type { Socket } from 'node:dgram';
import { finished } from 'node:stream/promises';
import type { Logger } from '../../logger';
import type { StoredUpload } from '../uploads';
import type { Writable } from 'node:stream';
import type { NetasciiDecoder } from './netascii';
import { encodeAck, ERR, type TftpPacket } from './packet';
import { ReceiveWindow } from './receive-window';
import { TFTP_STATUS } from './status';
import { Transfer, type TransferProgressView, type TransferTiming } from './transfer';

/** The upload being written (from `UploadStore.open`). */
export interface UploadTarget {
  stream: Writable;
  commit: () => Promise<StoredUpload>;
  abort: () => Promise<void>;
}

/** Receives one upload from one client. */
export class WriteTransfer extends Transfer {
  private readonly win: ReceiveWindow;
  /** An ACK held until the upload stream drains. */
  private heldAck: number | undefined;
  private draining = false;
  private committed = false;
  /** The last block arrived: the upload is being committed (timeouts no longer apply). */
  private completing = false;
  /** Bytes received from the client (wire bytes, before netascii decoding). */
  bytesReceived = 0;

  /**
   * @param upload where the data goes
   * @param blksize agreed block size
   * @param windowsize agreed window
   * @param oack the OACK to send instead of ACK 0, if options were agreed
   * @param maxBytes largest upload accepted, bytes
   * @param decoder netascii decoder (netascii mode), else undefined
   */
  constructor(
    socket: Socket,
    timing: TransferTiming,
    view: TransferProgressView,
    logger: Logger,
    private readonly upload: UploadTarget,
    blksize: number,
    windowsize: number,
    private readonly oack: Buffer | undefined,
    private readonly maxBytes: number,
    private readonly decoder: NetasciiDecoder | undefined,
  ) {
    super(socket, timing, view, logger);
    this.win = new ReceiveWindow(blksize, windowsize);
    upload.stream.on('error', (err: Error) => this.fail(ERR.DISK_FULL, TFTP_STATUS.SERVER_ERROR, `cannot store the upload: ${err.message}`));
  }

  start(): void {
    this.sendAck(0);
    this.arm(0);
  }

  protected onPacket(p: TftpPacket): void {
    if (p.op !== 'DATA') {
      this.fail(ERR.ILLEGAL_OPERATION, TFTP_STATUS.BAD_REQUEST, `expected DATA, got ${p.op}`);
      return;
    }
    if (this.completing) return;
    const r = this.win.onData(p.block, p.data.length);
    if (r.kind !== 'accept') {
      if (r.ack !== undefined) this.sendAck(r.ack);
      return;
    }
    this.bytesReceived += p.data.length;
    this.view.bytes = this.bytesReceived;
    if (this.bytesReceived > this.maxBytes) {
      this.fail(ERR.DISK_FULL, TFTP_STATUS.TOO_LARGE, `upload larger than the ${this.maxBytes}-byte limit`);
      return;
    }
    const data = this.decoder ? this.decoder.decode(p.data) : p.data;
    const ok = data.length === 0 || this.upload.stream.write(data);
    if (r.last) {
      void this.complete(r.block);
      return;
    }
    if (!ok) this.draining = true;
    if (r.ack === undefined) return;
    if (this.draining) {
      this.heldAck = r.ack;
      this.upload.stream.once('drain', () => {
        this.draining = false;
        if (this.heldAck !== undefined && !this.ended) this.sendAck(this.heldAck);
        this.heldAck = undefined;
      });
      return;
    }
    this.sendAck(r.ack);
    this.arm(0);
  }

  protected onAck(): void {
    this.fail(ERR.ILLEGAL_OPERATION, TFTP_STATUS.BAD_REQUEST, 'expected DATA, got ACK');
  }

  protected onTimeout(): void {
    if (this.completing) return;
    if (this.givingUp(this.win.retries)) {
      this.end({
        status: TFTP_STATUS.TIMED_OUT,
        error: `the client stopped sending after block ${this.win.expected - 1} (nothing for ${this.silenceSeconds()} s); the partial upload was discarded`,
      });
      return;
    }
    this.sendAck(this.win.onTimeout());
    this.arm(this.win.retries);
  }

  protected cleanup(): void {
    if (!this.committed) void this.upload.abort();
  }

  /** ACK an absolute block; ACK 0 is the OACK when options were agreed. */
  private sendAck(block: number): void {
    this.send(block === 0 && this.oack ? this.oack : encodeAck(this.win.wire(block)));
  }

  /** Last block received: flush, commit, ACK it and dally. */
  private async complete(block: number): Promise<void> {
    const ack = encodeAck(this.win.wire(block));
    this.completing = true;
    try {
      const tail = this.decoder?.end();
      if (tail?.length) this.upload.stream.write(tail);
      this.upload.stream.end();
      await finished(this.upload.stream);
      await this.upload.commit();
      this.committed = true;
    } catch (err) {
      this.fail(ERR.DISK_FULL, TFTP_STATUS.SERVER_ERROR, `cannot store the upload: ${(err as Error).message}`);
      return;
    }
    if (this.ended) return;
    this.send(ack);
    this.end({ status: TFTP_STATUS.DONE }, { packet: ack, ms: Math.min(this.timing.retransmitMs * 2, 5000) });
  }
}
