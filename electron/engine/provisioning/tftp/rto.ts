/**
 * Retransmission timeout of one TFTP transfer, estimated from the round-trip times it measures, in
 * the manner of TCP's RFC 6298: SRTT and RTTVAR smoothed with α = 1/8 and β = 1/4,
 * RTO = SRTT + max(G, 4·RTTVAR), bounded by a floor and a ceiling; the first RTO (before any
 * measurement) is the configured one (RFC 6298 §2.1 uses 1 s); Karn's rule (RFC 6298 §3): a block
 * that was sent twice gives no measurement. Back-off doubles the RTO for each timeout in a row
 * (RFC 6298 §5.5) and drops back to the estimate as soon as the peer makes progress — so one lost
 * packet costs one RTO, not the backed-off delay of an earlier loss.
 *
 * When the client asked for a `timeout` (RFC 2349), that value is used as it is, never estimated.
 * Pure: no timers, the caller passes the times (ms).
 */

/** Bounds and start of the estimate, ms. */
export interface RtoSettings {
  /** RTO before the first measurement (and the fixed RTO when `fixed`), ms. */
  initialMs: number;
  /** Lowest RTO the estimate may give, ms. */
  floorMs: number;
  /** Highest RTO, back-off included, ms. */
  ceilingMs: number;
  /** true: the client chose the timeout (RFC 2349): no estimate, back-off from `initialMs`. */
  fixed: boolean;
}

/** Clock granularity G of RFC 6298 §2, ms. */
const GRANULARITY_MS = 1;

/** RFC 6298 estimator for one transfer. */
export class RtoEstimator {
  private srtt: number | undefined;
  private rttvar = 0;

  /** @param s bounds (see {@link RtoSettings}) */
  constructor(private readonly s: RtoSettings) {}

  /**
   * Feed one round-trip measurement (a block sent once and its ACK).
   * @param rttMs measured round trip, ms (negative values are ignored)
   */
  sample(rttMs: number): void {
    if (this.s.fixed || !(rttMs >= 0)) return;
    if (this.srtt === undefined) {
      this.srtt = rttMs;
      this.rttvar = rttMs / 2;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rttMs);
    this.srtt = 0.875 * this.srtt + 0.125 * rttMs;
  }

  /** Smoothed round trip so far, ms (undefined before the first measurement). */
  get smoothedRttMs(): number | undefined {
    return this.srtt;
  }

  /**
   * Timeout to wait now.
   * @param backoffs timeouts in a row without progress (0 after progress)
   * @returns ms, within [floorMs, ceilingMs] (a fixed client timeout is only capped by the ceiling
   *   once backed off)
   */
  rto(backoffs: number): number {
    const base = this.base();
    return Math.min(base * 2 ** backoffs, Math.max(this.s.ceilingMs, base));
  }

  private base(): number {
    if (this.s.fixed || this.srtt === undefined) return this.s.initialMs;
    const est = this.srtt + Math.max(GRANULARITY_MS, 4 * this.rttvar);
    return Math.min(Math.max(est, this.s.floorMs), this.s.ceilingMs);
  }
}
