/**
 * The phone inventory (minimal, issue #2): MAC → what its configuration is rendered from.
 * Persisted atomically as `<data>/inventory.json`. Later issues add history, templates and import.
 */
import type { InventoryPhone, InventoryPhoneView } from '../../../shared/dto';
import { normalizeMac } from '../../../shared/mac';
import { readJson, writeJsonAtomic } from '../atomic-file';

interface InventoryFile {
  version: 1;
  phones: InventoryPhone[];
}

/** Inventory of phones, keyed by normalised MAC. */
export class Inventory {
  private readonly phones = new Map<string, InventoryPhone>();

  /** @param file path of the JSON file */
  constructor(private readonly file: string) {}

  /**
   * Load the file (missing = empty inventory).
   * @throws SyntaxError when the file is not valid JSON (it is left untouched for the user to fix)
   */
  async load(): Promise<void> {
    const data = await readJson<InventoryFile>(this.file, { version: 1, phones: [] });
    this.phones.clear();
    for (const p of data.phones ?? []) this.phones.set(normalizeMac(p.mac), { ...p, mac: normalizeMac(p.mac) });
  }

  /** @returns the phone for a MAC in any notation, or undefined */
  get(mac: string): InventoryPhone | undefined {
    return this.phones.get(mac);
  }

  /** All phones, sorted by MAC. */
  list(): InventoryPhone[] {
    return [...this.phones.values()].sort((a, b) => a.mac.localeCompare(b.mac));
  }

  /**
   * Add or replace a phone and persist.
   * @throws MacError for an invalid MAC; the fs error when the file cannot be written
   */
  async upsert(phone: InventoryPhone): Promise<InventoryPhone> {
    const p = { ...phone, mac: normalizeMac(phone.mac) };
    this.phones.set(p.mac, p);
    await this.save();
    return p;
  }

  /** Remove a phone and persist. @returns whether it was there */
  async remove(mac: string): Promise<boolean> {
    const had = this.phones.delete(mac);
    if (had) await this.save();
    return had;
  }

  private async save(): Promise<void> {
    await writeJsonAtomic(this.file, { version: 1, phones: this.list() } satisfies InventoryFile);
  }
}

/**
 * The UI's view of a phone: secrets replaced by `hasPassword` flags.
 */
export function toView(p: InventoryPhone): InventoryPhoneView {
  const { password, provisioningTarget, ...rest } = p;
  const view: InventoryPhoneView = { ...rest, hasPassword: Boolean(password) };
  if (provisioningTarget) {
    const { password: tp, ...t } = provisioningTarget;
    view.provisioningTarget = { ...t, hasPassword: Boolean(tp) };
  }
  return view;
}
