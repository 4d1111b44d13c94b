/**
 * The CSV formats ProvKit reads and writes, and how a row of each becomes an inventory edit.
 * - `cic-template`: CIC "CSV Managed IP Phone List-Template" (CIC guide L1460-1530; facts §8):
 *   `Name,Template,Proxy Group,Extension,Identification Address,Label,Address`.
 * - `cic-tmm`: CIC "CSV Managed IP Phone List-TMM" (CIC guide L1531-1593):
 *   `Name,Type,Manufacturer,Model,Proxy Group,Extension,Identification Address,Label,Address`.
 * - `provkit`: ProvKit's own (docs/inventory-csv.md): `mac` plus any of vendor, model, label,
 *   template, provider, notes, licence_number, custom_files, lineN_extension, lineN_display_name,
 *   lineN_label, lineN_sip_server, lineN_auth_user, lineN_password, var_<name>.
 * - `simple`: `mac,model,extension,name`, with or without that header.
 * CIC columns ProvKit has no field for (Template, Type, Proxy Group) are kept in the notes.
 * The layouts themselves (headers, detection, MAC column) are shared/phone-list.ts, which the
 * enrollment wizard's list reader uses too.
 */
import type { CsvFormat } from '../../../shared/inventory-types';
import { headerKey } from '../../../shared/phone-list';

export { CSV_HEADERS, detectFormat, headerKey, macColumn, PROVKIT_LINE_COLUMNS, PROVKIT_PHONE_COLUMNS, REQUIRED_KEYS } from '../../../shared/phone-list';

/** The fields one row gives, before validation. Empty strings mean "not given". */
export interface RowFields {
  mac: string;
  vendorText?: string;
  /** How the vendor was named (`Manufacturer`, `vendor`), for messages. */
  vendorColumn?: string;
  model?: string;
  label?: string;
  template?: string;
  provider?: string;
  notes?: string;
  licenceNumber?: string;
  customFiles?: string;
  lines: Array<{ extension?: string; displayName?: string; label?: string; sipServer?: string; authUser?: string; password?: string }>;
  variables: Record<string, string>;
  /** Header → cell, as read. */
  cells: Record<string, string>;
  /** Columns that are not ProvKit fields (kept in notes for CIC lists). */
  extra: Array<[string, string]>;
}

/**
 * Turn one record into fields, per format.
 * @param header the header cells as written (for `simple` without a header: the simple headers)
 * @param cells the record's cells (missing trailing cells read as empty)
 */
export function rowFields(format: CsvFormat, header: string[], cells: string[]): RowFields {
  const byKey = new Map<string, string>();
  const asRead: Record<string, string> = {};
  header.forEach((h, i) => {
    const v = (cells[i] ?? '').trim();
    byKey.set(headerKey(h), v);
    asRead[h] = v;
  });
  const get = (k: string) => byKey.get(k) || undefined;
  const f: RowFields = { mac: get('mac') ?? get('address') ?? '', lines: [], variables: {}, cells: asRead, extra: [] };
  if (format === 'cic-template' || format === 'cic-tmm') {
    f.label = get('name');
    f.lines.push({ extension: get('extension'), label: get('label'), sipServer: sipServerOf(get('identificationaddress')) });
    if (format === 'cic-tmm') {
      f.vendorText = get('manufacturer');
      f.vendorColumn = 'Manufacturer';
      f.model = get('model');
      f.extra.push(['Type', get('type') ?? '']);
    } else f.extra.push(['Template', get('template') ?? '']);
    f.extra.push(['Proxy Group', get('proxygroup') ?? '']);
    const ident = get('identificationaddress');
    if (ident && !sipServerOf(ident)) f.extra.push(['Identification Address', ident]);
    return f;
  }
  if (format === 'simple') {
    f.model = get('model');
    f.label = get('name');
    if (get('extension')) f.lines.push({ extension: get('extension') });
    return f;
  }
  f.vendorText = get('vendor');
  f.vendorColumn = 'vendor';
  f.model = get('model');
  f.label = get('label');
  f.template = get('template');
  f.provider = get('provider');
  f.notes = get('notes');
  f.licenceNumber = get('licencenumber') ?? get('licensenumber');
  f.customFiles = get('customfiles');
  for (const [key, value] of byKey) {
    const line = /^line(\d{1,2})(extension|displayname|label|sipserver|authuser|password)$/.exec(key);
    if (line) {
      const i = Number(line[1]) - 1;
      const field = ({ extension: 'extension', displayname: 'displayName', label: 'label', sipserver: 'sipServer', authuser: 'authUser', password: 'password' } as const)[line[2] as 'extension'];
      f.lines[i] = { ...(f.lines[i] ?? {}), ...(value ? { [field]: value } : {}) };
    }
  }
  header.forEach((h, i) => {
    const m = /^var_(.+)$/i.exec(h.trim());
    if (m && (cells[i] ?? '').trim()) f.variables[m[1]!] = cells[i]!.trim();
  });
  return f;
}

/** Keys the provkit format understands (others are reported as ignored). */
export function isProvkitKey(key: string): boolean {
  return (
    ['mac', 'vendor', 'model', 'label', 'template', 'provider', 'notes', 'licencenumber', 'licensenumber', 'customfiles'].includes(key) ||
    /^line\d{1,2}(extension|displayname|label|sipserver|authuser|password)$/.test(key) ||
    /^var/.test(key)
  );
}

/**
 * The SIP server in a CIC Identification Address (`sip:320@172.17.238.68:5060` → `172.17.238.68:5060`).
 * @returns undefined when the value is not a SIP URI (the seed's TMM samples hold bare extensions there)
 */
export function sipServerOf(ident: string | undefined): string | undefined {
  const m = /^sips?:\s*[^@\s]+@\s*([^;>\s]+)/i.exec(ident ?? '');
  return m?.[1];
}
