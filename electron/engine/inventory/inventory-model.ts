/**
 * Inventory records: normalising (including the minimal shape), sealing secrets for
 * storage, the UI view, and field-by-field differences for the history.
 */
import type { InventoryLine, InventoryPhone, InventoryPhoneView, PhoneVendor, ProvisioningTarget } from '../../../shared/dto';
import { normalizeMac } from '../../../shared/mac';
import { VENDORS, vendorFromMac, vendorFromModel } from '../../../shared/vendors';
import type { InventoryHistoryEntry } from '../../../shared/inventory-types';
import { SecretStore } from '../secrets';

/** The record: one line as top-level fields and a per-phone target. */
interface LegacyFields {
  user?: string;
  password?: string;
  displayName?: string;
  sipServer?: string;
  provisioningTarget?: ProvisioningTarget;
}

/** What {@link normalizePhone} accepts: the current shape, the older shape, or a mix. */
export type PhoneInput = Omit<Partial<InventoryPhone>, 'mac' | 'lines'> & { mac: string; lines?: Array<Partial<InventoryLine>> } & LegacyFields;

const TEXT_FIELDS = ['model', 'label', 'template', 'provider', 'notes', 'licenceNumber'] as const;
const LINE_FIELDS = ['extension', 'displayName', 'label', 'sipServer', 'authUser', 'password'] as const;

function clean(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

/**
 * Normalise a phone record: MAC to 12 lowercase digits, empty strings dropped, the fields
 * (`user`, `password`, `displayName`, `sipServer`) moved to line 1.
 * @returns the record and, records, their `provisioningTarget` (to become a provider profile)
 * @throws MacError when the MAC is not one
 */
export function normalizePhone(input: PhoneInput): { phone: InventoryPhone; legacyTarget?: ProvisioningTarget } {
  const phone: InventoryPhone = { mac: normalizeMac(input.mac), lines: [] };
  if (input.vendor && VENDORS.includes(input.vendor)) phone.vendor = input.vendor;
  for (const f of TEXT_FIELDS) {
    const v = clean(input[f]);
    if (v !== undefined) phone[f] = v;
  }
  const lines = [...(input.lines ?? [])];
  if (input.user || input.displayName || input.sipServer || input.password) {
    lines[0] = { extension: input.user, displayName: input.displayName, sipServer: input.sipServer, password: input.password, ...(lines[0] ?? {}) };
  }
  for (const l of lines) {
    const line: InventoryLine = { extension: clean(l?.extension) ?? '' };
    for (const f of LINE_FIELDS) {
      if (f === 'extension') continue;
      const v = f === 'password' ? (typeof l?.password === 'string' && l.password !== '' ? l.password : undefined) : clean(l?.[f]);
      if (v !== undefined) line[f] = v;
    }
    if (line.extension || Object.keys(line).length > 1) phone.lines.push(line);
  }
  const files = (input.customFiles ?? []).map((f) => f.trim()).filter(Boolean);
  if (files.length) phone.customFiles = files;
  const vars = Object.entries(input.variables ?? {}).filter(([k, v]) => k.trim() && typeof v === 'string' && v !== '');
  if (vars.length) phone.variables = Object.fromEntries(vars);
  if (typeof input.createdAt === 'number') phone.createdAt = input.createdAt;
  if (typeof input.updatedAt === 'number') phone.updatedAt = input.updatedAt;
  return input.provisioningTarget ? { phone, legacyTarget: input.provisioningTarget } : { phone };
}

/**
 * Vendor a phone is rendered for: explicit, else the template's, else from the model, else from the
 * MAC prefix (docs/sources.md §5), else Polycom (ProvKit's first vendor).
 * @param templateVendor vendor of the phone's explicit template, when it has one
 */
export function effectiveVendor(p: InventoryPhone, templateVendor?: PhoneVendor): PhoneVendor {
  return p.vendor ?? templateVendor ?? vendorFromModel(p.model) ?? vendorFromMac(p.mac) ?? 'polycom';
}

/**
 * Apply `fn` to every secret of a phone (line passwords).
 * @returns a copy with transformed secrets
 */
export function mapSecrets(p: InventoryPhone, fn: (secret: string) => string): InventoryPhone {
  return { ...p, lines: p.lines.map((l) => (l.password === undefined ? l : { ...l, password: fn(l.password) })) };
}

/** A copy with every plain secret sealed (already sealed ones kept). */
export function sealPhone(p: InventoryPhone, secrets: SecretStore): InventoryPhone {
  return mapSecrets(p, (s) => (SecretStore.isSealed(s) ? s : secrets.seal(s)));
}

/**
 * The UI's view: passwords replaced by `hasPassword`.
 * @param effective vendor and template actually used
 */
export function toView(p: InventoryPhone, effective: { vendor: PhoneVendor; template: string }): InventoryPhoneView {
  return {
    ...p,
    lines: p.lines.map(({ password, ...l }) => ({ ...l, hasPassword: Boolean(password) })),
    effectiveVendor: effective.vendor,
    effectiveTemplate: effective.template,
  };
}

function flatten(p: InventoryPhone | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!p) return out;
  if (p.vendor) out.set('vendor', p.vendor);
  for (const f of TEXT_FIELDS) if (p[f] !== undefined) out.set(f, p[f]!);
  p.lines.forEach((l, i) => {
    for (const f of LINE_FIELDS) if (l[f] !== undefined) out.set(`lines.${i + 1}.${f}`, l[f]!);
  });
  if (p.customFiles?.length) out.set('customFiles', p.customFiles.join(', '));
  for (const [k, v] of Object.entries(p.variables ?? {})) out.set(`variables.${k}`, v);
  return out;
}

/**
 * Field-by-field differences between two versions of a phone, for the history. Password values are
 * never written: a changed password reads `(changed)`.
 * @param before previous record (undefined for an add)
 * @param after new record (undefined for a remove)
 */
export function diffPhones(before: InventoryPhone | undefined, after: InventoryPhone | undefined, samePassword: (a: string, b: string) => boolean): InventoryHistoryEntry['changes'] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: InventoryHistoryEntry['changes'] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(field);
    const to = b.get(field);
    if (from === to) continue;
    if (field.endsWith('.password')) {
      if (from !== undefined && to !== undefined && samePassword(from, to)) continue;
      changes.push({ field, ...(from !== undefined ? { from: '(set)' } : {}), ...(to !== undefined ? { to: from === undefined ? '(set)' : '(changed)' } : {}) });
      continue;
    }
    changes.push({ field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
  }
  return changes;
}
