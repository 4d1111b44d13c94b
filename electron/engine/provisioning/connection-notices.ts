/**
 * What the HTTP listeners say when they close or refuse a connection on purpose (too many open
 * connections, a request that did not arrive in time, a malformed request), so that a phone that
 * fails has its cause in the engine log with its address. Under load the same reason can come by
 * the thousand: the first of a kind is logged at once, the rest are counted and logged together,
 * per reason, once per window with the addresses they came from.
 */
import type { Logger } from '../logger';

/** How long notices of one reason are counted before their summary is logged, ms. */
export const NOTICE_WINDOW_MS = 5000;

/** Counts and logs closed or refused connections by reason. */
export class ConnectionNotices {
  /** Reason → client address → count, for reasons whose first notice this window was logged. */
  private readonly pending = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param logger where the notices go (warn level)
   * @param windowMs how long repeats of one reason are counted before their summary, ms
   */
  constructor(
    private readonly logger: Logger,
    private readonly windowMs = NOTICE_WINDOW_MS,
  ) {}

  /**
   * A connection was closed or refused on purpose.
   * @param reason a sentence saying what ProvKit did and why (the same text for the same cause)
   * @param client the client's address (and port), as the request log shows it
   */
  note(reason: string, client: string): void {
    const seen = this.pending.get(reason);
    if (seen) {
      seen.set(client, (seen.get(client) ?? 0) + 1);
      return;
    }
    this.pending.set(reason, new Map());
    this.logger.warn(`${reason} (client ${client})`);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }

  /** Log the counted repeats now (also called by the window's timer and on stop). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [reason, byClient] of this.pending) {
      if (!byClient.size) {
        this.pending.delete(reason);
        continue;
      }
      let n = 0;
      for (const c of byClient.values()) n += c;
      const top = [...byClient].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([c, k]) => `${c} ×${k}`);
      const more = byClient.size > 3 ? `, ${byClient.size - 3} more addresses` : '';
      this.logger.warn(`${reason}: ${n} more in the last ${Math.round(this.windowMs / 1000)} s (${top.join(', ')}${more})`);
      byClient.clear();
    }
    if (this.pending.size) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }
}
