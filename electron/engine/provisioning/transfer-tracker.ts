/**
 * Transfers in progress on one server (HTTP, FTP or TFTP) and the bytes it has moved, for the
 * Servers page: per-server throughput and active transfers with progress.
 * Servers update a transfer's `bytes` in place (no event per chunk); the server control samples
 * {@link TransferTracker.totalBytes} once a second.
 */
import type { TransferProgress } from '../../../shared/dto';

/**
 * What a server exposes about one transfer. Plain fields or getters: the FTP server reads its
 * command context, HTTP and TFTP add to `bytes` as data moves.
 */
export interface TransferView {
  client: string;
  /** HTTP method, FTP command or TFTP request type. */
  readonly method: string;
  readonly path: string;
  /** Bytes sent plus bytes received so far. */
  readonly bytes: number;
  /** Total bytes, when known. */
  readonly size?: number;
}

interface Entry {
  view: TransferView;
  startedAt: number;
  /** Bytes at recent {@link TransferTracker.sample} calls, oldest first (for the recent rate). */
  samples: Array<{ time: number; bytes: number }>;
}

/** Window of the rate shown per transfer, ms: recent enough to follow a stall, long enough to be steady. */
export const RATE_WINDOW_MS = 5000;

/** Most transfers listed in a status (the oldest first). */
export const MAX_LISTED_TRANSFERS = 20;

/** Counts transfers in progress and bytes moved. */
export class TransferTracker {
  private readonly active = new Set<Entry>();
  private finishedBytes = 0;

  /**
   * A transfer starts.
   * @param view read for progress until the returned function is called
   * @returns `end()`: the transfer is over (idempotent); its bytes stay counted in the total
   */
  begin(view: TransferView): () => void {
    const entry: Entry = { view, startedAt: Date.now(), samples: [] };
    this.active.add(entry);
    return () => {
      if (!this.active.delete(entry)) return;
      this.finishedBytes += view.bytes;
    };
  }

  /**
   * Count the bytes of requests that were over before anyone tracked them (e.g. small files the
   * HTTP front answered in another thread).
   * @param bytes bytes sent plus received
   */
  addFinished(bytes: number): void {
    this.finishedBytes += bytes;
  }

  /** Transfers in progress. */
  get count(): number {
    return this.active.size;
  }

  /** Bytes moved since the server was created (sent + received), including transfers in progress. */
  totalBytes(): number {
    let n = this.finishedBytes;
    for (const e of this.active) n += e.view.bytes;
    return n;
  }

  /**
   * Note every transfer's bytes now (the server control calls this once a second), so rates cover
   * the last {@link RATE_WINDOW_MS} rather than the whole transfer.
   * @param now ms since epoch
   */
  sample(now = Date.now()): void {
    for (const e of this.active) {
      e.samples.push({ time: now, bytes: e.view.bytes });
      while (e.samples.length > 1 && now - e.samples[0]!.time > RATE_WINDOW_MS) e.samples.shift();
    }
  }

  /**
   * Transfers in progress, oldest first.
   * @param now ms since epoch (for the rates)
   * @param limit most entries returned
   * @returns progress with the rate over the last few seconds (since the start when younger), bytes/s
   */
  list(now = Date.now(), limit = MAX_LISTED_TRANSFERS): TransferProgress[] {
    const out: TransferProgress[] = [];
    for (const { view, startedAt, samples } of this.active) {
      if (out.length >= limit) break;
      const from = samples.length > 1 ? samples[0]! : { time: startedAt, bytes: 0 };
      const secs = Math.max(0.001, (now - from.time) / 1000);
      const size = view.size;
      out.push({
        client: view.client,
        method: view.method,
        path: view.path,
        bytes: view.bytes,
        ...(size !== undefined ? { size } : {}),
        startedAt,
        rate: Math.max(0, Math.round((view.bytes - from.bytes) / secs)),
      });
    }
    return out;
  }
}
