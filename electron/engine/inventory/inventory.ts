/**
 * The phone inventory: MAC → what its configuration is rendered from.
 * Persisted atomically as `<data>/inventory.json`; every change is appended to the history
 * (`inventory-history.jsonl`, who/when/what) before the file is replaced, so nothing is lost.
 * Secrets (line passwords) are sealed with the engine's SecretStore at rest and in memory; they are
 * opened only to render a file. Plain passwords found on load (files) are sealed then.
 */
import type { InventoryLine, InventoryPhone, ProvisioningTarget } from '../../../shared/dto';
import { readJson, writeJsonAtomic } from '../atomic-file';
import type { SecretStore } from '../secrets';
import { InventoryHistory, type StoredHistoryEntry } from './history';
import { diffPhones, mapSecrets, normalizePhone, sealPhone, type PhoneInput } from './inventory-model';

interface InventoryFile {
  version: 2;
  phones: InventoryPhone[];
}

/** A line as an editor sends it: `password` undefined keeps the stored one, `null` clears it. */
export type LineEdit = Omit<Partial<InventoryLine>, 'password'> & { password?: string | null };
/** A phone as an editor or an import sends it. */
export type PhoneEdit = Omit<PhoneInput, 'lines'> & { lines?: LineEdit[] };

/** What one upsert did. */
export interface UpsertResult {
  phone: InventoryPhone;
  action: 'new' | 'update' | 'same';
  changes: string[];
}

/** Inventory of phones, keyed by normalised MAC. */
export class Inventory {
  private readonly phones = new Map<string, InventoryPhone>();
  private sorted: InventoryPhone[] | undefined;
  readonly history: InventoryHistory;
  /** per-phone targets found on load, by MAC (the engine turns them into provider profiles). */
  readonly legacyTargets = new Map<string, ProvisioningTarget>();
  /** Told synchronously whenever what it holds changes (before it is written to disk): the HTTP front's "not found" answers are voided (answer-revision.ts). */
  onChange: (() => void) | undefined;

  /**
   * @param file path of the JSON file
   * @param secrets seals passwords at rest
   * @param historyFile path of the JSONL history (default: next to `file`)
   */
  constructor(
    private readonly file: string,
    private readonly secrets: SecretStore,
    historyFile = file.replace(/\.json$/, '') + '-history.jsonl',
  ) {
    this.history = new InventoryHistory(historyFile);
  }

  /**
   * Load the file (missing = empty inventory), migrating records and sealing plain passwords.
   * @throws SyntaxError when the file is not valid JSON (it is left untouched for the user to fix);
   *   MacError naming a bad MAC
   */
  async load(): Promise<void> {
    const data = await readJson<{ version?: number; phones?: PhoneInput[] }>(this.file, { version: 2, phones: [] });
    this.phones.clear();
    this.sorted = undefined;
    this.onChange?.();
    let migrated = data.version !== 2;
    for (const raw of data.phones ?? []) {
      const { phone, legacyTarget } = normalizePhone(raw);
      if (legacyTarget) this.legacyTargets.set(phone.mac, legacyTarget);
      const sealed = sealPhone(phone, this.secrets);
      if (sealed.lines.some((l, i) => l.password !== phone.lines[i]!.password)) migrated = true;
      this.phones.set(phone.mac, sealed);
    }
    if (migrated && this.phones.size) await this.save();
  }

  /** @returns the stored record (passwords sealed) for a MAC (12 lowercase hex digits), or undefined */
  get(mac: string): InventoryPhone | undefined {
    return this.phones.get(mac);
  }

  /**
   * The record with passwords opened, for rendering. A password that cannot be opened (sealed on
   * another machine or by the other cipher) is left out and reported through `onProblem`.
   */
  open(mac: string, onProblem?: (message: string) => void): InventoryPhone | undefined {
    const p = this.phones.get(mac);
    if (!p) return undefined;
    const opened = mapSecrets(p, (s) => {
      try {
        return this.secrets.open(s);
      } catch (err) {
        onProblem?.(`a line password of ${mac} cannot be opened: ${(err as Error).message}`);
        return '';
      }
    });
    return { ...opened, lines: opened.lines.map((l) => (l.password === '' ? withoutPassword(l) : l)) };
  }

  /** All phones (sealed), sorted by MAC. */
  list(): InventoryPhone[] {
    return (this.sorted ??= [...this.phones.values()].sort((a, b) => a.mac.localeCompare(b.mac)));
  }

  /** Number of phones. */
  get size(): number {
    return this.phones.size;
  }

  /**
   * Add or replace one phone (an editor's save): the record becomes `edit`, except passwords left
   * undefined, which keep their stored value.
   * @param who who changes it, e.g. `alice (web UI)`
   * @throws MacError for an invalid MAC; the fs error when the history or file cannot be written
   */
  async upsert(edit: PhoneEdit, who: string): Promise<UpsertResult> {
    return (await this.apply([edit], who, 'replace'))[0]!;
  }

  /**
   * Merge many phones at once (an import): fields present in an edit replace the stored ones, fields
   * absent keep theirs; line N merges into stored line N. One history append, one file write.
   * @returns one result per edit, in order
   */
  async upsertMany(edits: PhoneEdit[], who: string): Promise<UpsertResult[]> {
    return this.apply(edits, who, 'merge');
  }

  /**
   * Compute what {@link upsertMany} would do, without writing.
   * @returns one result per edit (the phone as it would be stored)
   */
  plan(edits: PhoneEdit[], mode: 'merge' | 'replace' = 'merge'): UpsertResult[] {
    return edits.map((e) => this.compute(e, mode));
  }

  /**
   * Remove a phone; the removed record stays in the history.
   * @returns whether it was there
   */
  async remove(mac: string, who: string): Promise<boolean> {
    const before = this.phones.get(mac);
    if (!before) return false;
    await this.history.append([{ time: Date.now(), who, action: 'remove', mac, changes: this.diff(before, undefined), before }]);
    this.phones.delete(mac);
    this.sorted = undefined;
    await this.save();
    return true;
  }

  private async apply(edits: PhoneEdit[], who: string, mode: 'merge' | 'replace'): Promise<UpsertResult[]> {
    const now = Date.now();
    const results = edits.map((e) => this.compute(e, mode));
    const entries: StoredHistoryEntry[] = [];
    for (const r of results) {
      if (r.action === 'same') continue;
      const before = this.phones.get(r.phone.mac);
      r.phone = { ...r.phone, createdAt: before?.createdAt ?? now, updatedAt: now };
      entries.push({ time: now, who, action: before ? 'update' : 'add', mac: r.phone.mac, changes: this.diff(before, r.phone), ...(before ? { before } : {}) });
    }
    if (!entries.length) return results;
    await this.history.append(entries);
    for (const r of results) if (r.action !== 'same') this.phones.set(r.phone.mac, r.phone);
    this.sorted = undefined;
    await this.save();
    return results;
  }

  private compute(edit: PhoneEdit, mode: 'merge' | 'replace'): UpsertResult {
    const mac = normalizePhone({ mac: edit.mac }).phone.mac;
    const before = this.phones.get(mac);
    const lines = (edit.lines ?? []).map((l, i) => {
      const { password, ...rest } = l;
      const keep = password === undefined ? before?.lines[i]?.password : password === null ? undefined : password;
      return { ...rest, ...(keep !== undefined ? { password: keep } : {}) };
    });
    let input: PhoneInput = { ...edit, lines };
    if (mode === 'merge' && before) input = mergeInto(before, input, edit.lines !== undefined);
    const { phone } = normalizePhone(input);
    const sealed = sealPhone({ ...phone, ...(before?.createdAt ? { createdAt: before.createdAt } : {}), ...(before?.updatedAt ? { updatedAt: before.updatedAt } : {}) }, this.secrets);
    const changes = this.diff(before, sealed).map((c) => c.field);
    return { phone: sealed, action: !before ? 'new' : changes.length ? 'update' : 'same', changes };
  }

  private diff(before: InventoryPhone | undefined, after: InventoryPhone | undefined) {
    return diffPhones(before, after, (a, b) => a === b || this.sameSecret(a, b));
  }

  private sameSecret(a: string, b: string): boolean {
    try {
      return this.secrets.open(a) === this.secrets.open(b);
    } catch {
      return false;
    }
  }

  private async save(): Promise<void> {
    this.onChange?.();
    await writeJsonAtomic(this.file, { version: 2, phones: this.list() } satisfies InventoryFile);
  }
}

function withoutPassword(l: InventoryLine): InventoryLine {
  const { password: _p, ...rest } = l;
  return rest;
}

/** `patch` merged over `base`: defined fields win; lines merge by index when the patch has lines. */
function mergeInto(base: InventoryPhone, patch: PhoneInput, hasLines: boolean): PhoneInput {
  const defined = Object.fromEntries(Object.entries(patch).filter(([k, v]) => v !== undefined && k !== 'lines'));
  const lines: Array<Partial<InventoryLine>> = base.lines.map((l) => ({ ...l }));
  if (hasLines) {
    (patch.lines ?? []).forEach((l, i) => {
      const d = Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined && v !== ''));
      lines[i] = { ...(lines[i] ?? {}), ...d };
    });
  }
  return { ...base, ...defined, lines };
}
