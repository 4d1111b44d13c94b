/**
 * What every TFTP transfer shares: its own UDP socket (a new TID, RFC 1350 §4), connected to the
 * client so the kernel drops packets from any other address or port (RFC 1350 §4 says to discard
 * them; the ERROR 5 it suggests is not sent), the retransmission timer (an RTT estimate with
 * exponential back-off while the peer is silent: rto.ts), the client's ERROR packets, and the end
 * of the transfer (once, with an outcome for the log).
 * Status codes in outcomes: see status.ts.
 */
import type { Socket } from 'node:dgram';
import type { Logger } from '../../logger';
import { encodeError, OP, parsePacket, TftpPacketError, type TftpPacket } from './packet';
import { RtoEstimator } from './rto';
import { TFTP_STATUS } from './status';

/** Retransmission settings. Times in ms. */
export interface TransferTiming {
  /**
   * Retransmission timeout before any round trip is measured (a `timeout` option replaces it and
   * is then used as it is), ms. Also the base of the give-up schedule.
   */
  retransmitMs: number;
  /**
   * Retransmissions without progress before the client is given up on; the client is dropped only
   * once it has also been silent for the whole schedule `retransmitMs` × 2^i (i < maxRetries + 1,
   * each at most `maxBackoffMs`), however short the estimated timeout.
   */
  maxRetries: number;
  /** Longest wait between two retransmissions, ms (the timeout doubles up to this). */
  maxBackoffMs: number;
  /** Lowest estimated timeout, ms (default {@link DEFAULT_RTO_FLOOR_MS}, never above `retransmitMs`). */
  rtoFloorMs?: number;
  /** true when `retransmitMs` is the client's own `timeout` option (RFC 2349): no estimate. */
  clientTimeout?: boolean;
}

/**
 * Lowest estimated retransmission timeout, ms. A LAN round trip is well under 10 ms; 200 ms leaves
 * room for a busy phone while a lost packet costs a fifth of the old fixed 1 s.
 */
export const DEFAULT_RTO_FLOOR_MS = 200;

/** Defaults: 1 s, doubling to 8 s, 5 retransmissions (about 31 s of silence before giving up). */
export const DEFAULT_TIMING: TransferTiming = { retransmitMs: 1000, maxRetries: 5, maxBackoffMs: 8000 };

/** How a transfer ended, for the request log. */
export interface TransferOutcome {
  /** HTTP-like status (status.ts). */
  status: number;
  error?: string;
}

/** Live progress of a transfer, read by the server's TransferTracker. */
export interface TransferProgressView {
  client: string;
  method: string;
  path: string;
  bytes: number;
  size?: number;
}

/**
 * What the server holds of a transfer, wherever it runs: in this thread ({@link Transfer}) or in a
 * worker (worker-pool.ts).
 */
export interface RunningTransfer {
  /** Send the first packet (OACK, DATA 1 or ACK 0). */
  start(): void;
  /**
   * Abort: send ERROR `tftpCode` with `message` to the client and end with `status` (status.ts).
   * Does nothing once the transfer has ended.
   */
  fail(tftpCode: number, status: number, message: string): void;
  /** Settles once, when the transfer ends (never rejects). */
  readonly outcome: Promise<TransferOutcome>;
}

/** Base of {@link ReadTransfer} and {@link WriteTransfer}. */
export abstract class Transfer implements RunningTransfer {
  /** Whether the outcome is decided. */
  protected ended = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the pending timer fires, ms (performance.now()). */
  private timerDue = 0;
  /** Current retransmission delay, ms. */
  private delay = 0;
  /** When the current delay started counting (last progress or retransmission), ms (performance.now()). */
  private armedAt = 0;
  /** Last time the peer made progress (or the transfer started), ms (performance.now()). */
  private progressAt = performance.now();
  /** Round-trip estimate of this transfer. */
  protected readonly rto: RtoEstimator;
  private lingerPacket: Buffer | undefined;
  private readonly ended$: Promise<TransferOutcome>;
  private resolveEnd!: (o: TransferOutcome) => void;

  /**
   * @param socket this transfer's socket, bound and connected to the client
   * @param timing retransmission settings (the client's `timeout` option already applied)
   * @param view progress shown on the Servers page (`bytes` kept up to date)
   * @param logger diagnostics
   */
  constructor(
    protected readonly socket: Socket,
    protected readonly timing: TransferTiming,
    readonly view: TransferProgressView,
    protected readonly logger: Logger,
  ) {
    this.ended$ = new Promise((resolve) => (this.resolveEnd = resolve));
    const floor = Math.min(timing.rtoFloorMs ?? DEFAULT_RTO_FLOOR_MS, timing.retransmitMs);
    this.rto = new RtoEstimator({
      initialMs: timing.retransmitMs,
      floorMs: floor,
      ceilingMs: Math.max(timing.maxBackoffMs, timing.retransmitMs),
      fixed: timing.clientTimeout === true,
    });
    socket.on('message', (msg: Buffer) => this.onMessage(msg));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // ECONNREFUSED: an ICMP "port unreachable" from the client; the timer decides when to give up.
      if (err.code !== 'ECONNREFUSED') this.logger.debug(`TFTP transfer socket error: ${err.message}`, { client: view.client });
    });
  }

  /** Resolves with the outcome once the transfer is over (never rejects). */
  get outcome(): Promise<TransferOutcome> {
    return this.ended$;
  }

  /** Begin: send the first packet(s). */
  abstract start(): void;

  /** A packet from the client (ERROR packets are handled here; ACKs go to {@link onAck}). */
  protected abstract onPacket(p: TftpPacket): void;

  /** An ACK from the client (the hot path of a read: no packet object is built). */
  protected abstract onAck(block: number): void;

  /** The retransmission timer fired (`retries` counts are kept by the subclass's window). */
  protected abstract onTimeout(): void;

  /** Send a datagram to the client. */
  protected send(buf: Buffer): void {
    this.socket.send(buf);
  }

  /**
   * (Re)start the retransmission timeout for `retries` timeouts in a row so far: the estimated
   * timeout (rto.ts) doubled `retries` times, at most maxBackoffMs; `retries` 0 means the peer just
   * made progress. Called on every packet, so it mostly notes the time: one timer runs per
   * transfer; when it fires early (progress was made since) it is set again for the time that
   * remains, and when the new deadline is earlier than the pending timer's (the timeout came back
   * down after a back-off) the timer is moved forward.
   */
  protected arm(retries: number): void {
    const now = performance.now();
    if (retries === 0) this.progressAt = now;
    this.delay = this.rto.rto(retries);
    this.armedAt = now;
    const due = now + this.delay;
    if (this.timer && this.timerDue > due + 1) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.timer) {
      this.timerDue = due;
      this.timer = setTimeout(this.tick, this.delay);
    }
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    if (this.ended) return;
    const left = this.armedAt + this.delay - performance.now();
    if (left > 1) {
      this.timerDue = performance.now() + left;
      this.timer = setTimeout(this.tick, left);
      return;
    }
    this.onTimeout();
  };

  /**
   * Whether to give the client up after `retries` timeouts in a row: at least maxRetries of them
   * and silence for the whole default schedule (see {@link TransferTiming.maxRetries}).
   */
  protected givingUp(retries: number): boolean {
    if (retries < this.timing.maxRetries) return false;
    let ms = 0;
    for (let i = 0; i <= this.timing.maxRetries; i++) ms += Math.min(this.timing.retransmitMs * 2 ** i, Math.max(this.timing.maxBackoffMs, this.timing.retransmitMs));
    return performance.now() - this.progressAt >= ms - 1;
  }

  /** Seconds since the peer last made progress, one decimal (for messages). */
  protected silenceSeconds(): number {
    return Math.round((performance.now() - this.progressAt) / 100) / 10;
  }

  /**
   * Refuse or abort: send an ERROR packet (RFC 1350 §7) and end.
   * @param tftpCode ERROR code for the client
   * @param status status for the log
   * @param message for the client and the log
   */
  fail(tftpCode: number, status: number, message: string): void {
    if (this.ended) return;
    this.send(encodeError(tftpCode, message));
    this.end({ status, error: message });
  }

  /**
   * End the transfer once: stop the timer and close the socket — or keep it `lingerMs` longer to
   * answer a client that repeats its last packet with `linger` (the final ACK of an upload,
   * RFC 1350 §6 "dallying").
   */
  protected end(outcome: TransferOutcome, linger?: { packet: Buffer; ms: number }): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.cleanup();
    if (linger) {
      this.lingerPacket = linger.packet;
      setTimeout(() => this.close(), linger.ms).unref();
    } else this.close();
    this.resolveEnd(outcome);
  }

  /** Release what the subclass holds (file, upload); called once, when the transfer ends. */
  protected abstract cleanup(): void;

  private close(): void {
    try {
      this.socket.close();
    } catch {
      /* already closed */
    }
  }

  private onMessage(msg: Buffer): void {
    if (this.ended) {
      if (this.lingerPacket) this.send(this.lingerPacket);
      return;
    }
    if (msg.length >= 4 && msg[0] === 0 && msg[1] === OP.ACK) {
      this.onAck((msg[2]! << 8) | msg[3]!);
      return;
    }
    let p: TftpPacket;
    try {
      p = parsePacket(msg);
    } catch (err) {
      if (!(err instanceof TftpPacketError)) throw err;
      this.logger.debug(`dropped a malformed TFTP packet: ${err.message}`, { client: this.view.client });
      return;
    }
    if (p.op === 'ERROR') {
      const text = p.message ? `: ${p.message}` : '';
      this.end({ status: TFTP_STATUS.CLIENT_ABORTED, error: `the client ended the transfer (TFTP error ${p.code}${text})` });
      return;
    }
    this.onPacket(p);
  }
}
