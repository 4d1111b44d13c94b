/**
 * CSV import: every row becomes an accepted phone or a rejected row with its 1-based file line and a
 * reason a technician can act on. Nothing is guessed: the CIC guide's own samples hold 11-digit MACs
 * (facts §8), and such rows are rejected, never padded. Columns shifted by one (a MAC in the Label
 * column, as in the guide's second TMM table) are pointed out.
 */
import type { PhoneVendor } from '../../../shared/dto';
import type { CsvFormat, ImportAccepted, ImportFix, ImportRejected, ImportReport } from '../../../shared/inventory-types';
import { formatMac, MacError, normalizeMac } from '../../../shared/mac';
import { normalizeModel, vendorFromMac, vendorFromManufacturer, VENDORS } from '../../../shared/vendors';
import { variableSchema } from '../provisioning/templates/template-vars';
import { CSV_HEADERS, detectFormat, headerKey, isProvkitKey, macColumn, REQUIRED_KEYS, rowFields, type RowFields } from './csv-formats';
import { readCsv } from '../../../shared/csv-read';
import type { PhoneEdit, UpsertResult } from './inventory';

/** What validation needs to know about the rest of ProvKit. */
export interface ImportContext {
  /** Template ids → vendor. */
  templates: Map<string, PhoneVendor>;
  /** Provider profiles (a row may name one by id or name). */
  providers: Array<{ id: string; name: string }>;
  /** What the inventory would do with the edits (new/update/same). */
  plan(edits: PhoneEdit[]): UpsertResult[];
}

/** Thrown when the file as a whole cannot be imported (no header a format matches). */
export class ImportFormatError extends Error {
  readonly code = 'IMPORT_FORMAT';
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'ImportFormatError';
  }
}

const HOST = variableSchema({ name: 'sipServer', label: 'SIP server', type: 'host' });
const EXTENSION = /^[A-Za-z0-9*#+._@-]{1,64}$/;

class RowError extends Error {
  constructor(
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/**
 * Validate a CSV file for import.
 * @param format a format, or `auto` to detect it from the header
 * @param fixes cell corrections applied before validation (the import dialog's edits)
 * @returns the report (not committed) and the edits of the accepted rows, in the same order
 * @throws ImportFormatError when the header matches no format or misses a required column
 */
export function analyseImport(text: string, format: CsvFormat | 'auto', ctx: ImportContext, fixes: ImportFix[] = []): { report: ImportReport; edits: PhoneEdit[] } {
  const csv = readCsv(text);
  const first = csv.records[0];
  if (!first) throw new ImportFormatError('The file holds no rows.', 'Choose a CSV file with a header line and one phone per line.');
  const detected = detectFormat(first.cells);
  const chosen = format === 'auto' ? detected?.format : format;
  if (!chosen) {
    throw new ImportFormatError(
      `Line ${first.line} is not a header ProvKit knows: "${first.cells.join(csv.delimiter)}".`,
      'Use a CIC Template or TMM list, ProvKit\'s format (docs/inventory-csv.md) or a plain "mac,model,extension,name" list, or pick the format.',
    );
  }
  const hasHeader = detected ? detected.header : true;
  const header = hasHeader ? first.cells.map((c) => c.trim()) : [...CSV_HEADERS.simple];
  const keys = header.map(headerKey);
  const missing = REQUIRED_KEYS[chosen].filter((k) => !keys.includes(k));
  if (missing.length) {
    throw new ImportFormatError(`Line ${first.line}: the ${chosen} format needs the column(s) ${missing.join(', ')}.`, `Add the missing column(s) to the header, or choose the format the file is in.`);
  }
  const warnings: string[] = [];
  if (chosen === 'provkit') {
    const unknown = header.filter((h) => !isProvkitKey(headerKey(h)));
    if (unknown.length) warnings.push(`Column(s) ${unknown.join(', ')} are not ProvKit columns and are ignored.`);
  }
  if (csv.delimiter !== ',') warnings.push(`Cells are separated by ${csv.delimiter === '\t' ? 'tabs' : `"${csv.delimiter}"`}.`);
  const fixMap = new Map(fixes.map((f) => [`${f.line}\u0000${headerKey(f.column)}`, f.value]));
  const rejected: ImportRejected[] = csv.errors.map((e) => ({ line: e.line, reason: e.reason }));
  const candidates: Array<{ line: number; edit: PhoneEdit; info: Omit<ImportAccepted, 'action'> }> = [];
  const seen = new Map<string, number>();
  for (const rec of hasHeader ? csv.records.slice(1) : csv.records) {
    const cells = rec.cells.map((c, i) => fixMap.get(`${rec.line}\u0000${keys[i]}`) ?? c);
    keys.forEach((k, i) => {
      const fixed = fixMap.get(`${rec.line}\u0000${k}`);
      if (fixed !== undefined && i >= cells.length) cells[i] = fixed;
    });
    const fields = rowFields(chosen, header, cells);
    try {
      if (rec.cells.length > header.length && rec.cells.slice(header.length).some((c) => c.trim() !== '')) {
        throw new RowError(`this row has ${rec.cells.length} cells but the header has ${header.length}: a value containing "${csv.delimiter}" needs double quotes around it`);
      }
      const multi = Object.entries(fields.cells).find(([h, v]) => v.includes('\n') && headerKey(h) !== 'notes');
      if (multi) throw new RowError(`${multi[0]} spans several lines ("${multi[1].split('\n')[0]}…"): a quote (") opened in it is closed lines later; check the quotes`, multi[0]);
      const { edit, info } = validateRow(chosen, fields, ctx);
      const dup = seen.get(edit.mac);
      if (dup !== undefined) throw new RowError(`MAC ${formatMac(edit.mac)} is already on line ${dup}; each phone may appear once`, macColumn(chosen));
      seen.set(edit.mac, rec.line);
      candidates.push({ line: rec.line, edit, info: { line: rec.line, ...info } });
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      rejected.push({ line: rec.line, reason: err.message, ...(err.column ? { column: err.column } : {}), cells: fields.cells });
    }
  }
  const plans = ctx.plan(candidates.map((c) => c.edit));
  const accepted: ImportAccepted[] = candidates.map((c, i) => ({ ...c.info, action: plans[i]!.action, ...(plans[i]!.changes.length && plans[i]!.action === 'update' ? { changes: plans[i]!.changes } : {}) }));
  rejected.sort((a, b) => a.line - b.line);
  return { report: { format: chosen, columns: header, accepted, rejected, warnings, committed: false }, edits: candidates.map((c) => c.edit) };
}

function validateRow(format: CsvFormat, f: RowFields, ctx: ImportContext): { edit: PhoneEdit; info: Omit<ImportAccepted, 'line' | 'action'> } {
  const macCol = macColumn(format);
  const mac = parseMacCell(f, macCol);
  const warnings: string[] = [];
  let vendor: PhoneVendor | undefined;
  if (f.vendorText) {
    vendor = format === 'provkit' ? (VENDORS.find((v) => v === f.vendorText!.toLowerCase()) as PhoneVendor | undefined) : vendorFromManufacturer(f.vendorText);
    if (!vendor && format === 'provkit') throw new RowError(`vendor "${f.vendorText}" is not one of ${VENDORS.join(', ')}`, 'vendor');
    if (!vendor) {
      vendor = vendorFromMac(mac);
      warnings.push(`${f.vendorColumn} "${f.vendorText}": ${vendor ? `vendor taken from the MAC prefix (${vendor})` : 'ProvKit renders no files for it; the vendor follows the MAC prefix or model'}`);
    }
  }
  const model = f.model ? normalizeModel(f.model) : undefined;
  f.lines.forEach((l, i) => {
    const col = format === 'provkit' ? `line${i + 1}_` : '';
    if (l?.extension && !EXTENSION.test(l.extension)) throw new RowError(`extension "${l.extension}" has spaces or characters a SIP user cannot hold`, format === 'provkit' ? `${col}extension` : format === 'simple' ? 'extension' : 'Extension');
    if (l?.sipServer && !HOST.safeParse(l.sipServer).success) throw new RowError(`SIP server "${l.sipServer}" is not a host name or IP address[:port]`, format === 'provkit' ? `${col}sip_server` : 'Identification Address');
  });
  if (f.template && !ctx.templates.has(f.template)) throw new RowError(`template "${f.template}" does not exist (known: ${[...ctx.templates.keys()].join(', ')})`, 'template');
  let provider: string | undefined;
  if (f.provider) {
    provider = ctx.providers.find((p) => p.id === f.provider || p.name.toLowerCase() === f.provider!.toLowerCase())?.id;
    if (!provider) throw new RowError(`provider "${f.provider}" is not a provider profile: create it first (Phones › Inventory › Providers)`, 'provider');
  }
  const extra = f.extra.filter(([, v]) => v);
  const notes = [f.notes, extra.length ? `CIC: ${extra.map(([k, v]) => `${k}=${v}`).join('; ')}` : undefined].filter(Boolean).join('\n') || undefined;
  const edit: PhoneEdit = {
    mac,
    ...(vendor ? { vendor } : {}),
    ...(model ? { model } : {}),
    ...(f.label ? { label: f.label } : {}),
    ...(f.template ? { template: f.template } : {}),
    ...(provider ? { provider } : {}),
    ...(notes ? { notes } : {}),
    ...(f.licenceNumber ? { licenceNumber: f.licenceNumber } : {}),
    ...(f.customFiles ? { customFiles: f.customFiles.split(/[,;]/).map((s) => s.trim()).filter(Boolean) } : {}),
    ...(Object.keys(f.variables).length ? { variables: f.variables } : {}),
    ...(f.lines.some((l) => l && Object.values(l).some(Boolean)) ? { lines: Array.from(f.lines, (l) => l ?? {}) } : {}),
  };
  const extension = f.lines[0]?.extension;
  return { edit, info: { mac, ...(f.label ? { label: f.label } : {}), ...(model ? { model } : {}), ...(vendor ? { vendor } : {}), ...(extension ? { extension } : {}), ...(warnings.length ? { warnings } : {}) } };
}

function parseMacCell(f: RowFields, column: string): string {
  const raw = f.mac.trim();
  if (!raw) {
    const shifted = Object.entries(f.cells).find(([, v]) => /^[0-9a-f:.-]{10,17}$/i.test(v) && (v.match(/[0-9a-f]/gi)?.length ?? 0) >= 10 && /[a-f]|^0/i.test(v));
    if (shifted) {
      const [col, value] = shifted;
      let why: string;
      try {
        normalizeMac(value);
        why = 'which looks like a MAC';
      } catch (err) {
        why = `which looks like a MAC (but ${(err as MacError).reason})`;
      }
      throw new RowError(`${column} is empty but ${col} holds "${value}", ${why}: the columns look shifted by one; move it to ${column}`, column);
    }
    throw new RowError(`${column} is empty: ProvKit keys phones by MAC; enter the phone's MAC (12 hex digits, on its label)`, column);
  }
  if (/[g-z]/i.test(raw.replace(/^0x/i, '')) && /[.]/.test(raw)) throw new RowError(`${column} "${raw}" is a computer name (a SIP soft phone), not a phone's MAC address`, column);
  try {
    return normalizeMac(raw);
  } catch (err) {
    if (err instanceof MacError) throw new RowError(`${column} "${raw}" is not a MAC address: ${err.reason}`, column);
    throw err;
  }
}
