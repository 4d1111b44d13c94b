/**
 * CSV export of the inventory in any import format (csv-formats.ts), so a list can go back to CIC
 * or round-trip through a spreadsheet. Passwords are written only when asked for (they are secrets).
 * Cells are quoted when they hold a comma, quote or line break (RFC 4180); lines end with CRLF, as
 * spreadsheets write them.
 */
import type { InventoryPhone } from '../../../shared/dto';
import type { CsvFormat } from '../../../shared/inventory-types';
import { CSV_HEADERS, PROVKIT_LINE_COLUMNS, PROVKIT_PHONE_COLUMNS } from './csv-formats';

/** RFC 4180 cell: quoted when needed, quotes doubled. Formula-looking text is kept as is (it is data). */
function cell(v: string | undefined): string {
  const s = v ?? '';
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(values: Array<string | undefined>): string {
  return values.map(cell).join(',');
}

/** The CIC columns kept in the notes on import (`CIC: Template=...; Proxy Group=...`). */
function cicNote(p: InventoryPhone, key: string): string | undefined {
  const m = /CIC: (.*)$/m.exec(p.notes ?? '');
  return m?.[1]!.split('; ').find((kv) => kv.startsWith(`${key}=`))?.slice(key.length + 1);
}

const MANUFACTURER: Record<string, string> = { polycom: 'Polycom', audiocodes: 'AudioCodes', yealink: 'Yealink' };

/**
 * Write phones as CSV.
 * @param phones phones with passwords opened when `withSecrets`, else any
 * @param vendorOf effective vendor of a phone (for the TMM Manufacturer column)
 * @returns the file text
 */
export function exportCsv(phones: InventoryPhone[], format: CsvFormat, opts: { withSecrets?: boolean; vendorOf?: (p: InventoryPhone) => string } = {}): string {
  const out: string[] = [];
  if (format === 'provkit') {
    const maxLines = Math.max(1, ...phones.map((p) => p.lines.length));
    const vars = [...new Set(phones.flatMap((p) => Object.keys(p.variables ?? {})))].sort();
    const lineCols = Array.from({ length: maxLines }, (_, i) => PROVKIT_LINE_COLUMNS.filter((c) => c !== 'password' || opts.withSecrets).map((c) => `line${i + 1}_${c}`)).flat();
    out.push(row([...PROVKIT_PHONE_COLUMNS, ...lineCols, ...vars.map((v) => `var_${v}`)]));
    for (const p of phones) {
      const lines = Array.from({ length: maxLines }, (_, i) => {
        const l = p.lines[i];
        const vals = [l?.extension, l?.displayName, l?.label, l?.sipServer, l?.authUser];
        return opts.withSecrets ? [...vals, l?.password] : vals;
      }).flat();
      out.push(row([p.mac, p.vendor, p.model, p.label, p.template, p.provider, p.notes, p.licenceNumber, p.customFiles?.join(', '), ...lines, ...vars.map((v) => p.variables?.[v])]));
    }
  } else {
    out.push(row([...CSV_HEADERS[format]]));
    for (const p of phones) {
      const l = p.lines[0];
      const ident = l?.sipServer ? `sip:${l.extension}@${l.sipServer}` : cicNote(p, 'Identification Address');
      if (format === 'simple') out.push(row([p.mac, p.model, l?.extension, p.label]));
      else if (format === 'cic-template') out.push(row([p.label ?? p.mac, cicNote(p, 'Template'), cicNote(p, 'Proxy Group'), l?.extension, ident, l?.label, p.mac.toUpperCase()]));
      else {
        const vendor = opts.vendorOf?.(p) ?? p.vendor ?? '';
        out.push(row([p.label ?? p.mac, cicNote(p, 'Type') ?? 'Stand-alone Phone', MANUFACTURER[vendor] ?? vendor, p.model, cicNote(p, 'Proxy Group'), l?.extension, ident, l?.label, p.mac.toUpperCase()]));
      }
    }
  }
  return `${out.join('\r\n')}\r\n`;
}
