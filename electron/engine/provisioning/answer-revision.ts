/**
 * A number the main thread raises whenever what it can answer for a name may have changed
 * (inventory, templates, site settings, providers), kept in shared memory so the HTTP front's
 * worker thread (http-front.ts) reads the current value with no message in between: a "not
 * found" the main thread gave at revision N is reused by the front only while the revision is
 * still N (http-front-absent.ts). Node's `SharedArrayBuffer` + `Atomics` (ECMAScript §25.4).
 */

/** The shared revision counter. */
export class AnswerRevision {
  private readonly cell: Int32Array;

  /**
   * @param buffer the shared memory (4 bytes); default a new one. Pass the main thread's
   *   {@link AnswerRevision.buffer} to the worker to read the same counter.
   */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cell = new Int32Array(buffer, 0, 1);
  }

  /** @returns the current revision (0, 1, 2, ...) */
  get current(): number {
    return Atomics.load(this.cell, 0);
  }

  /** Something that decides what the main thread answers changed: every verdict given before is void. */
  bump(): void {
    Atomics.add(this.cell, 0, 1);
  }
}
