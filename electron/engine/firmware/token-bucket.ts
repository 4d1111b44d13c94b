/**
 * A token bucket shared by every firmware transfer: caps the total bytes/s the bench serves so a
 * 100 Mbit bench is not swamped. Rate 0 = no cap; the rate can change live.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Total-rate limiter. */
export class TokenBucket {
  private tokens = 0;
  private last = Date.now();

  /** @param rate bytes per second; 0 = unlimited */
  constructor(private rate = 0) {}

  /** Change the rate (bytes/s, 0 = unlimited). */
  setRate(rate: number): void {
    this.refill();
    this.rate = Math.max(0, rate);
    this.tokens = Math.min(this.tokens, this.burst());
  }

  /** Current rate, bytes/s. */
  get bytesPerSec(): number {
    return this.rate;
  }

  /**
   * Take `n` bytes' worth of tokens, waiting as long as the rate requires. Concurrent takers queue
   * up behind each other's debt, so the total stays at the rate.
   */
  async take(n: number): Promise<void> {
    if (!this.rate) return;
    this.refill();
    this.tokens -= n;
    if (this.tokens < 0) await sleep(Math.ceil((-this.tokens / this.rate) * 1000));
  }

  private burst(): number {
    return Math.max(16 * 1024, this.rate / 20);
  }

  private refill(): void {
    const now = Date.now();
    if (this.rate) this.tokens = Math.min(this.burst(), this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}
