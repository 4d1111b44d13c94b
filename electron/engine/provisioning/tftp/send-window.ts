/**
 * The sending side of a TFTP transfer as a pure state machine (no sockets, no timers): which
 * blocks to send, what an ACK means, what a timeout resends. Blocks are counted from 1 without
 * limit; only the wire number is 16 bits and rolls over after 65535.
 * Sources: RFC 1350 §2 (lock-step: one block, one ACK; the last block is shorter than blksize, an
 * empty one when the size is a multiple), RFC 2347 §3 (after an OACK the client ACKs block 0),
 * RFC 7440 §4 (windowsize: send a window, the receiver ACKs its last in-order block; an ACK for a
 * block before the end of the window starts the next window after that block). Sorcerer's
 * Apprentice (RFC 1123 §4.2.3.1): a duplicate ACK never triggers a retransmission — only the timer
 * does.
 */

/**
 * Wire block number for an absolute block index.
 * @param n absolute index (1 = first DATA block; 0 = the OACK, acknowledged as block 0)
 * @param rollover block number after 65535: 0 (tftp-hpa, curl, atftp) or 1
 * @returns 0-65535
 */
export function wireBlock(n: number, rollover: 0 | 1 = 0): number {
  if (n <= 0xffff) return n;
  if (rollover === 0) return n % 0x10000;
  return 1 + ((n - 0x10000) % 0xffff);
}

/** What to do after an ACK. */
export type AckResult =
  /** Progress: send blocks `from` .. `to - 1` (may be empty when waiting for data). */
  | { kind: 'send'; from: number; to: number }
  /** The final block is acknowledged. */
  | { kind: 'done' }
  /** A duplicate or stale ACK: ignored (no retransmission: Sorcerer's Apprentice). */
  | { kind: 'ignored' };

/** Sender state for one RRQ. */
export class SendWindow {
  /** Lowest block not yet acknowledged. */
  base: number;
  /** Next block to send. */
  next: number;
  /** Absolute index of the last DATA block. */
  readonly last: number;
  /** Consecutive timeouts without progress. */
  retries = 0;

  /**
   * @param size bytes to send
   * @param blksize bytes per block
   * @param windowsize blocks per window (1 = lock-step)
   * @param withOack true when an OACK is sent first (it is "block 0" until ACKed)
   * @param rollover wire block number after 65535
   */
  constructor(
    size: number,
    readonly blksize: number,
    readonly windowsize: number,
    withOack: boolean,
    readonly rollover: 0 | 1 = 0,
  ) {
    this.last = Math.floor(size / blksize) + 1;
    this.base = withOack ? 0 : 1;
    this.next = this.base;
  }

  /** Bytes of block `n` (the last one may be shorter, even empty). */
  blockLength(n: number, size: number): number {
    return Math.max(0, Math.min(this.blksize, size - (n - 1) * this.blksize));
  }

  /**
   * Blocks to send now: the rest of the current window.
   * @returns `[from, to)`; block 0 means the OACK
   */
  fill(): { from: number; to: number } {
    const from = this.next;
    const end = this.base === 0 ? 1 : Math.min(this.base + this.windowsize, this.last + 1);
    this.next = Math.max(this.next, end);
    return { from, to: this.next };
  }

  /**
   * Handle an ACK.
   * @param block wire block number acknowledged
   */
  onAck(block: number): AckResult {
    // Which block in flight does this acknowledge? Only base .. next-1 can be new.
    let acked = -1;
    for (let n = this.next - 1; n >= this.base; n--) {
      if (wireBlock(n, this.rollover) === block) {
        acked = n;
        break;
      }
    }
    if (acked < 0) return { kind: 'ignored' };
    this.retries = 0;
    if (acked === this.last) {
      this.base = this.next = acked + 1;
      return { kind: 'done' };
    }
    this.base = acked + 1;
    // RFC 7440 §4: an ACK before the end of the window restarts the window after it.
    if (this.next > this.base) this.next = this.base;
    const r = this.fill();
    return { kind: 'send', ...r };
  }

  /**
   * The retransmission timer fired: resend the window from the first unacknowledged block.
   * @returns the blocks to resend
   */
  onTimeout(): { from: number; to: number } {
    this.retries++;
    this.next = this.base;
    return this.fill();
  }

  /** Whether every block is acknowledged. */
  get done(): boolean {
    return this.base > this.last;
  }
}
