/**
 * The HTTP front's memory of the main thread's "not found" answers (http-front.ts): most of a
 * booting phone's requests are optional names that nothing answers (`bootrom.ld` of another
 * model, `000000000000-license.cfg`, `<mac>-phone.cfg`, ...). The main thread decides each name
 * with its one resolver (resolver.ts) and tells the front which names it found nothing for and
 * at which {@link AnswerRevision}; the front answers 404 itself for such a name while the
 * revision has not moved — after it checked, itself, that the name is still no real file of the
 * root and no stored upload of the phone (which do not raise the revision). Which names qualify
 * is the resolver's rule (`ProvisioningResolver.absenceHolds`), applied in the main thread only.
 *
 * A name carrying the MAC of a phone the inventory does not know is remembered by its shape
 * (mac-shape.ts): the main thread's answer to it then depends on the shape alone, so the next
 * phone of the same kind, booting for the first time, is answered by the front for every MAC
 * the inventory does not hold. The front is told the inventory's MACs with the revision they
 * were read at; until it holds the current list, no shape is used.
 */
import type { AnswerRevision } from './answer-revision';
import { macShape } from './mac-shape';

/** Names found absent at the current revision. */
export class AbsentNames {
  private readonly names = new Set<string>();
  /** Shapes (mac-shape.ts) found absent for a MAC the inventory does not hold. */
  private readonly shapes = new Set<string>();
  /** MACs the inventory holds, as of {@link inventoryAt}. */
  private inventory: ReadonlySet<string> = new Set();
  private inventoryAt = -1;
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
   * @param shape when given, the same holds for every name of this shape (mac-shape.ts) whose MAC
   *   the inventory does not hold
   */
  add(rel: string, rev: number, shape?: string): void {
    if (!this.current(rev)) return;
    if (this.names.size >= this.max) this.names.clear();
    this.names.add(rel);
    if (shape !== undefined && this.shapes.size < this.max) this.shapes.add(shape);
  }

  /**
   * The inventory's MACs as read at revision `rev` (12 lowercase hex digits each); a list from an
   * older revision is ignored.
   */
  setInventory(macs: readonly string[], rev: number): void {
    if (!this.current(rev)) return;
    this.inventory = new Set(macs);
    this.inventoryAt = rev;
  }

  /** Whether the main thread's "not found" for `rel` still holds (the revision did not move since). */
  holds(rel: string): boolean {
    if (!this.current(this.revision.current)) return false;
    if (this.names.has(rel)) return true;
    if (!this.shapes.size || this.inventoryAt !== this.at) return false;
    const s = macShape(rel);
    return s !== undefined && this.shapes.has(s.shape) && !this.inventory.has(s.mac);
  }

  /** @returns whether `rev` is the current revision; forgets what was learnt at an older one */
  private current(rev: number): boolean {
    const now = this.revision.current;
    if (this.at !== now) {
      this.names.clear();
      this.shapes.clear();
      this.at = now;
    }
    return rev === now;
  }

  /** Names kept now (tests, diagnostics). */
  get size(): number {
    return this.names.size;
  }

  /** Shapes kept now (tests, diagnostics). */
  get shapeCount(): number {
    return this.shapes.size;
  }
}
