/**
 * The HTTP front's memory of the main thread's "not found" answers (http-front.ts): most of a
 * booting phone's requests are optional names that nothing answers (`bootrom.ld` of another
 * model, `000000000000-license.cfg`, ...). The main thread decides each name once, with its one
 * resolver (resolver.ts), and tells the front which names it found nothing for and at which
 * {@link AnswerRevision}; the front answers 404 itself for such a name while the revision has not
 * moved — after it checked, itself, that the name is still no real file of the root and no stored
 * upload of the phone (which do not raise the revision). Which names qualify is the resolver's
 * rule (`ProvisioningResolver.absenceHolds`), applied in the main thread only.
 */
import type { AnswerRevision } from './answer-revision';

/** Names found absent at the current revision. */
export class AbsentNames {
  private readonly names = new Set<string>();
  /** The revision the names were found absent at. */
  private at = -1;

  /**
   * @param revision the main thread's revision counter (shared memory)
   * @param max names kept at most (the set starts again when full: memory bounded, not by the requests)
   */
  constructor(
    private readonly revision: AnswerRevision,
    private readonly max = 20_000,
  ) {}

  /**
   * The main thread found nothing for `rel` at revision `rev`: kept when `rev` is still current.
   * @param rel clean relative path, as the front's admission gives it
   */
  add(rel: string, rev: number): void {
    if (!this.current(rev)) return;
    if (this.names.size >= this.max) this.names.clear();
    this.names.add(rel);
  }

  /** Whether the main thread's "not found" for `rel` still holds (the revision did not move since). */
  holds(rel: string): boolean {
    return this.current(this.revision.current) && this.names.has(rel);
  }

  /** @returns whether `rev` is the current revision; forgets the names of an older one */
  private current(rev: number): boolean {
    const now = this.revision.current;
    if (this.at !== now) {
      this.names.clear();
      this.at = now;
    }
    return rev === now;
  }

  /** Names kept now (tests, diagnostics). */
  get size(): number {
    return this.names.size;
  }
}
