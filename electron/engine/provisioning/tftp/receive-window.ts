/**
 * The receiving side of a TFTP write (WRQ) as a pure state machine: which DATA blocks are new,
 * when to ACK, and what to re-ACK. Sources: RFC 1350 §2 (lock-step; a block shorter than blksize
 * ends the transfer; a duplicate block is acknowledged again), RFC 7440 §4 (windowsize: ACK after
 * `windowsize` blocks in order or at the last block; on a block out of order, ACK the last block
 * received in order). Block number after 65535 is learned from the client (0 or 1).
 */
import { wireBlock } from './send-window';

/** What to do with a DATA packet. */
export type DataResult =
  /** New data in order: store it; `ack` (absolute block) when an ACK is due now; `last` ends the transfer. */
  | { kind: 'accept'; block: number; ack?: number; last: boolean }
  /** Already received (the sender did not get our ACK): re-ACK `ack` when set. */
  | { kind: 'duplicate'; ack?: number }
  /** A gap: ACK the last block received in order so the sender restarts after it. */
  | { kind: 'gap'; ack: number };

/** Receiver state for one WRQ. */
export class ReceiveWindow {
  /** Next block expected (absolute). */
  expected = 1;
  /** Blocks received in order since the last ACK sent. */
  private sinceAck = 0;
  /** Lowest duplicate seen since the last new block (a resent window starts lower again). */
  private lastDuplicate = Infinity;
  private rollover: 0 | 1 | undefined;
  /** Consecutive timeouts without progress. */
  retries = 0;

  /**
   * @param blksize agreed block size, bytes
   * @param windowsize agreed window, blocks
   */
  constructor(
    readonly blksize: number,
    readonly windowsize: number,
  ) {}

  /** Wire number of an absolute block, with the rollover learned so far (0 until learned). */
  wire(n: number): number {
    return wireBlock(n, this.rollover ?? 0);
  }

  /**
   * Handle a DATA packet.
   * @param block wire block number
   * @param length payload bytes
   */
  onData(block: number, length: number): DataResult {
    const e = this.expected;
    let inOrder = block === this.wire(e);
    if (!inOrder && e === 0x10000 && this.rollover === undefined && (block === 0 || block === 1)) {
      this.rollover = block as 0 | 1;
      inOrder = true;
    } else if (inOrder && e === 0x10000 && this.rollover === undefined) this.rollover = 0;
    if (inOrder) {
      this.expected++;
      this.retries = 0;
      this.lastDuplicate = Infinity;
      const last = length < this.blksize;
      this.sinceAck++;
      if (last || this.sinceAck >= this.windowsize) {
        this.sinceAck = 0;
        return { kind: 'accept', block: e, ack: e, last };
      }
      return { kind: 'accept', block: e, last };
    }
    // Behind (a resent block we have) or ahead (a block after a lost one)? Look back one window.
    for (let n = e - 1; n >= Math.max(1, e - Math.max(this.windowsize, 1) - 1); n--) {
      if (this.wire(n) !== block) continue;
      const restarted = n <= this.lastDuplicate;
      this.lastDuplicate = n;
      if (!restarted) return { kind: 'duplicate' };
      this.sinceAck = 0;
      return { kind: 'duplicate', ack: e - 1 };
    }
    this.sinceAck = 0;
    return { kind: 'gap', ack: e - 1 };
  }

  /**
   * The timer fired without new data: re-ACK the last block received in order.
   * @returns the absolute block to ACK (0 before any data: the ACK of the WRQ)
   */
  onTimeout(): number {
    this.retries++;
    this.sinceAck = 0;
    return this.expected - 1;
  }
}
