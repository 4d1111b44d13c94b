/**
 * The `phone` event's batching: a phone's summary changes with every request it makes, so its
 * event goes out at most once per interval with the latest summary, a few hundred phones per
 * event-loop turn (the UI's own requests run in between).
 */

/** Collects changed phones and sends their events in batches. */
export class PhoneEventBatcher {
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param send sends one phone's event (called with its MAC, 12 lowercase hex digits)
   * @param intervalMs how long changes gather before they are sent (ms)
   * @param perTurn how many events go out in one event-loop turn
   */
  constructor(
    private readonly send: (mac: string) => void,
    private readonly intervalMs = 100,
    private readonly perTurn = 200,
  ) {}

  /** A phone's summary or verdict changed: its event goes out with the next batch. */
  add(mac: string): void {
    this.changed.add(mac);
    this.timer ??= setTimeout(this.flush, this.intervalMs);
  }

  /** Send up to `perTurn` events now; the rest follow in the next turns. */
  readonly flush = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    let n = 0;
    for (const mac of this.changed) {
      if (n++ === this.perTurn) {
        this.timer = setTimeout(this.flush, 0);
        return;
      }
      this.changed.delete(mac);
      this.send(mac);
    }
  };

  /** Send every pending event now and stop the timer (engine close). */
  flushAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const mac of [...this.changed]) {
      this.changed.delete(mac);
      this.send(mac);
    }
  }
}
