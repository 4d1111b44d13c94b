/**
 * A TFTP read (RRQ): sends the file block by block (or window by window) from a
 * {@link BlockReader}, driven by a {@link SendWindow}. Sources: RFC 1350 §2 and §6, RFC 2347 §3
 * (OACK, then wait for ACK 0), RFC 7440 §4 (windows). The retransmission timer is the only thing
 * that resends (duplicate ACKs are ignored: no Sorcerer's Apprentice).
 */
import type { Socket } from 'node:dgram';
import type { Logger } from '../../logger';
import type { BlockReader } from './block-reader';
import { ERR, type TftpPacket } from './packet';
import { SendWindow, wireBlock } from './send-window';
import { TFTP_STATUS } from './status';
import { Transfer, type TransferProgressView, type TransferTiming } from './transfer';

/** Sends one file to one client. */
export class ReadTransfer extends Transfer {
  private readonly win: SendWindow;
  /** A range waiting for its chunk to be read from disk. */
  private pending: { from: number; to: number } | undefined;
  /** Highest block sent so far (0 = the OACK); anything above it is a first transmission. */
  private highestSent = -1;
  /** The block being timed for a round-trip sample (-1: none), and when it was sent. */
  private timedBlock = -1;
  private timedAt = 0;

  /**
   * @param reader the file's blocks (closed when the transfer ends)
   * @param size bytes sent (tsize)
   * @param blksize agreed block size
   * @param windowsize agreed window
   * @param oack the OACK to send first, if options were agreed
   * @param rollover block number after 65535
   */
  constructor(
    socket: Socket,
    timing: TransferTiming,
    view: TransferProgressView,
    logger: Logger,
    private readonly reader: BlockReader,
    private readonly size: number,
    blksize: number,
    windowsize: number,
    private readonly oack: Buffer | undefined,
    rollover: 0 | 1,
  ) {
    super(socket, timing, view, logger);
    this.win = new SendWindow(size, blksize, windowsize, oack !== undefined, rollover);
  }

  /** Bytes the client has acknowledged. */
  get bytesAcked(): number {
    return Math.min(this.size, Math.max(0, this.win.base - 1) * this.win.blksize);
  }

  start(): void {
    this.pump(this.win.fill());
  }

  protected onPacket(p: TftpPacket): void {
    this.fail(ERR.ILLEGAL_OPERATION, TFTP_STATUS.BAD_REQUEST, `expected an ACK, got ${p.op}`);
  }

  protected onAck(block: number): void {
    const r = this.win.onAck(block);
    if (r.kind === 'ignored') return;
    if (this.timedBlock >= 0 && this.win.base > this.timedBlock) {
      this.rto.sample(performance.now() - this.timedAt);
      this.timedBlock = -1;
    }
    this.view.bytes = this.bytesAcked;
    if (r.kind === 'done') {
      this.end({ status: TFTP_STATUS.DONE });
      return;
    }
    this.pump(r);
  }

  protected onTimeout(): void {
    if (this.givingUp(this.win.retries)) {
      const at = this.win.base === 0 ? 'the option acknowledgement' : `block ${this.win.base} of ${this.win.last}`;
      this.end({
        status: TFTP_STATUS.TIMED_OUT,
        error: `the client stopped answering at ${at} (no ACK for ${this.silenceSeconds()} s)`,
      });
      return;
    }
    this.timedBlock = -1; // Karn: a resent block gives no round-trip sample
    this.pump(this.win.onTimeout());
  }

  protected cleanup(): void {
    void this.reader.close();
  }

  /** Send blocks `from .. to-1` (0 = the OACK), waiting for the disk when a chunk is not in memory. */
  private pump(range: { from: number; to: number }): void {
    if (this.pending) {
      this.pending = { from: Math.min(this.pending.from, range.from), to: Math.max(this.pending.to, range.to) };
      return;
    }
    const base = this.win.base;
    const rollover = this.win.rollover;
    for (let n = range.from; n < range.to; n++) {
      if (n > this.highestSent) {
        this.highestSent = n;
        if (this.timedBlock < 0 && this.win.retries === 0) {
          this.timedBlock = n;
          this.timedAt = performance.now();
        }
      }
      if (n === 0) {
        this.send(this.oack!);
        continue;
      }
      const packet = this.reader.packet(n, wireBlock(n, rollover), base);
      if (!packet) {
        this.pending = { from: n, to: range.to };
        this.reader.ready(n).then(
          () => {
            const next = this.pending!;
            this.pending = undefined;
            if (!this.ended) this.pump({ from: Math.max(next.from, this.win.base), to: next.to });
          },
          (err: Error) => this.fail(ERR.NOT_DEFINED, TFTP_STATUS.SERVER_ERROR, `cannot read the file: ${err.message}`),
        );
        break;
      }
      this.send(packet);
    }
    this.arm(this.win.retries);
  }
}
