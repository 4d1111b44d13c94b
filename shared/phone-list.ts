/**
 * Phone lists in CSV: the layouts ProvKit reads (CIC's managed-phone lists, ProvKit's own, a simple
 * list) — which format a header row is, and which column holds the MAC, the name and the model.
 * The one place these rules are written: the engine's inventory import (electron/engine/phones/
 * csv-import.ts) and the enrollment wizard's list (renderer/src/enroll/mac-list.ts) both use it,
 * with shared/csv-read.ts for the text itself. Pure: no Node, no DOM.
 * - `cic-template`: `Name,Template,Proxy Group,Extension,Identification Address,Label,Address`
 * - `cic-tmm`: `Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address`
 *   (docs/sources.md §8; `Address` is the MAC, `Identification Address` the SIP identity)
 * - `provkit`: docs/inventory-csv.md; `simple`: `mac,model,extension,name`, with or without header.
 */
import type { CsvFormat } from './inventory-types';

/** Header key: lowercase letters and digits only (`Proxy Group` → `proxygroup`, `line1_sip_server` → `line1sipserver`). */
export function headerKey(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Exact headers written by {@link CSV_HEADERS} for export (and expected by CIC). */
export const CSV_HEADERS: Readonly<Record<Exclude<CsvFormat, 'provkit'>, readonly string[]>> = {
  'cic-template': ['Name', 'Template', 'Proxy Group', 'Extension', 'Identification Address', 'Label', 'Address'],
  'cic-tmm': ['Name', 'Type', 'Manufacturer', 'Model', 'Proxy Group', 'Extension', 'Identification Address', 'Label', 'Address'],
  simple: ['mac', 'model', 'extension', 'name'],
};

/** ProvKit-format phone columns (before the per-line and variable columns). */
export const PROVKIT_PHONE_COLUMNS = ['mac', 'vendor', 'model', 'label', 'template', 'provider', 'notes', 'licence_number', 'custom_files'] as const;
/** ProvKit-format per-line columns, written `line<N>_<name>`. */
export const PROVKIT_LINE_COLUMNS = ['extension', 'display_name', 'label', 'sip_server', 'auth_user', 'password'] as const;

/**
 * Which format a header row is.
 * @param cells the first record
 * @returns the format and whether that record is a header (a headerless simple list starts with a MAC)
 */
export function detectFormat(cells: string[]): { format: CsvFormat; header: boolean } | undefined {
  const keys = new Set(cells.map(headerKey));
  if (['name', 'type', 'manufacturer', 'model', 'address'].every((k) => keys.has(k))) return { format: 'cic-tmm', header: true };
  if (['name', 'template', 'address'].every((k) => keys.has(k))) return { format: 'cic-template', header: true };
  if (keys.has('mac')) {
    const simple = [...keys].every((k) => ['mac', 'model', 'extension', 'name'].includes(k));
    return { format: simple ? 'simple' : 'provkit', header: true };
  }
  if (/^[0-9a-f]{2}([:.-]?[0-9a-f]{2}){5}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test((cells[0] ?? '').trim())) return { format: 'simple', header: false };
  return undefined;
}

/** Header keys a format needs to be read. */
export const REQUIRED_KEYS: Readonly<Record<CsvFormat, readonly string[]>> = {
  'cic-template': ['name', 'template', 'address'],
  'cic-tmm': ['name', 'type', 'manufacturer', 'model', 'address'],
  provkit: ['mac'],
  simple: ['mac'],
};

/** Column (as the file names it) holding the MAC in each format. */
export function macColumn(format: CsvFormat): string {
  return format === 'cic-template' || format === 'cic-tmm' ? 'Address' : 'mac';
}

/** Columns of a phone list's header row, as indexes into its cells. */
export interface PhoneListColumns {
  /** The layout, when the header is one ProvKit knows; undefined for a loose list of headers. */
  format?: CsvFormat;
  mac: number;
  /** The phone's name or label. */
  label?: number;
  model?: number;
}

/** MAC headers of loose lists (not CIC/ProvKit layouts), as {@link headerKey}s. */
const LOOSE_MAC_KEYS = ['mac', 'macaddress', 'address', 'hardwareaddress', 'serial', 'sn'];
/** Name headers of loose lists, best first. */
const LOOSE_LABEL_KEYS = ['label', 'name', 'description', 'location'];
const LOOSE_MODEL_KEYS = ['model', 'type', 'phonemodel'];

/**
 * Which columns of a header row hold the MAC, the name and the model.
 * Known layouts by their own rules (CIC: `Address` is the MAC, `Name` the phone's name, `Model` in
 * TMM lists; ProvKit: `mac`, `label`, `model`; simple: `mac`, `name`, `model`); other header rows
 * by common names (`MAC`, `MAC Address`, `Hardware Address`, `Serial`, …).
 * @param header the first record's cells
 * @returns the columns, or undefined when the row is not a header (no MAC column: e.g. it starts with a MAC)
 */
export function phoneListColumns(header: string[]): PhoneListColumns | undefined {
  const keys = header.map(headerKey);
  const at = (k: string) => keys.indexOf(k);
  const opt = (i: number) => (i >= 0 ? i : undefined);
  const known = detectFormat(header);
  if (known?.header) {
    const mac = at(headerKey(macColumn(known.format)));
    const label = known.format === 'provkit' ? at('label') : at('name');
    const out: PhoneListColumns = { format: known.format, mac };
    if (opt(label) !== undefined) out.label = label;
    if (opt(at('model')) !== undefined) out.model = at('model');
    return out;
  }
  const mac = keys.findIndex((k) => LOOSE_MAC_KEYS.includes(k));
  if (mac < 0) return undefined;
  const label = LOOSE_LABEL_KEYS.map(at).find((i) => i >= 0);
  const model = keys.findIndex((k) => LOOSE_MODEL_KEYS.includes(k));
  return { mac, ...(label !== undefined ? { label } : {}), ...(model >= 0 ? { model } : {}) };
}
