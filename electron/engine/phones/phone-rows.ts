/**
 * One row of the Phones list: a phone's summary from the request log decorated with its inventory
 * facts, upload flag and boot verdict ({@link decoratePhone}, the one rule for it), and a cache of
 * these rows and of their JSON ({@link PhoneRows}). A row is built again only when something it is
 * made from changed — the summary's revision in the request log, or the identity of the inventory
 * record, upload flag or boot verdict (each is replaced, never changed in place, when it changes) —
 * so `listPhones` at 1,000 booting phones decorates and serialises only the phones that made a
 * request since the last call, and a changed phone shows its new state on the very next call.
 */
import type { InventoryPhone, PhoneBoot, PhoneSummary, UploadFlag } from '../../../shared/dto';
import { sameModel } from '../../../shared/models';

/** What a row is made from besides the phone's summary. */
export interface Decoration {
  /** The phone's inventory record (undefined when not in the inventory). */
  inv: InventoryPhone | undefined;
  /** The redirecting settings its last configuration upload carried, if any. */
  flag: UploadFlag | undefined;
  /** The verdict on its latest boot (phones/boot-tracker.ts). */
  boot: PhoneBoot;
}

/**
 * A phone summary with inventory facts (label, inInventory, the inventory model when the phone
 * reported none, a flag when the reported model differs from the inventory's), its upload flag and
 * the verdict on its latest boot merged in.
 * @param p the summary (not changed)
 * @param d what is merged in
 * @returns a new object
 */
export function decoratePhone(p: PhoneSummary, d: Decoration): PhoneSummary {
  const { inv, flag } = d;
  // Copied with Object.assign and completed property by property, not with `{ ...p, boot }`: in
  // this V8 that spread gives every row a hidden class of its own (about 480 bytes per phone).
  const row: PhoneSummary = Object.assign({}, p);
  row.inInventory = Boolean(inv);
  if (inv?.label) row.label = inv.label;
  if (!p.model && inv?.model) row.model = inv.model;
  if (p.model && inv?.model && !sameModel(p.model, inv.model)) row.modelMismatch = { reported: p.model, inventory: inv.model };
  if (flag) row.uploadFlag = flag;
  row.boot = d.boot;
  return row;
}

/** What the row cache reads. */
export interface PhoneRowSources {
  /**
   * A number that changes whenever the phone's summary changes (request-log.ts `revision`), never
   * repeated for another summary of the same MAC.
   */
  revision(mac: string): number;
  /** What a row is made from now besides the summary (each part replaced when it changes). */
  decoration(mac: string): Decoration;
}

interface Row {
  rev: number;
  d: Decoration;
  row: PhoneSummary;
  json?: string;
  /** UTF-8 bytes of `json`. */
  bytes?: number;
}

/** A row's JSON text and its size in UTF-8, bytes. */
export interface RowJson {
  readonly json: string;
  readonly bytes: number;
}

/** Rows of the phones seen by the servers, rebuilt only when what they show changed. */
export class PhoneRows {
  private readonly rows = new Map<string, Row>();

  constructor(private readonly src: PhoneRowSources) {}

  /**
   * The decorated row of a summary from the request log: the cached one when neither the summary's
   * revision nor any part of its decoration changed, else a new one.
   * @param p the phone's current summary (request-log.ts `phone` / `phones`)
   * @returns the row (shared: callers must not change it)
   */
  row(p: PhoneSummary): PhoneSummary {
    return this.entry(p).row;
  }

  /**
   * The row of {@link row} as JSON (`JSON.stringify` of it) with its UTF-8 size, both kept with
   * the row.
   */
  json(p: PhoneSummary): RowJson {
    const e = this.entry(p);
    if (e.json === undefined) {
      e.json = JSON.stringify(e.row);
      e.bytes = Buffer.byteLength(e.json);
    }
    return e as RowJson;
  }

  /**
   * Forget the rows of phones not in `keep` (phones no longer in the request log), when there
   * are more rows than phones kept.
   */
  prune(keep: ReadonlySet<string>): void {
    if (this.rows.size <= keep.size) return;
    for (const mac of this.rows.keys()) if (!keep.has(mac)) this.rows.delete(mac);
  }

  /** Rows held (for tests of the bound). */
  get size(): number {
    return this.rows.size;
  }

  private entry(p: PhoneSummary): Row {
    const rev = this.src.revision(p.mac);
    const d = this.src.decoration(p.mac);
    const old = this.rows.get(p.mac);
    if (old && old.rev === rev && old.d.inv === d.inv && old.d.flag === d.flag && old.d.boot === d.boot) return old;
    const fresh: Row = { rev, d, row: decoratePhone(p, d) };
    this.rows.set(p.mac, fresh);
    return fresh;
  }
}
