/**
 * Read a list of phones typed, pasted or loaded from a CSV file for a small-office enrollment:
 * one MAC per line in any notation, optionally with a label and model, or a CSV with a header
 * (the Genesys CIC guide's `Identification Address` / `Address` columns). Rows that are not usable
 * are reported by line number with the reason; nothing is guessed (the CIC guide's samples hold
 * 11-digit MACs).
 */
import { parse } from 'csv-parse/browser/esm/sync';
import { MacError } from '../../../shared/mac';
import { findResetModel } from '../../../shared/keypad/reset-models';
import { parsePhoneMac } from '../../../shared/keypad/mac-input';

/** One usable row. */
export interface ListedPhone {
  /** 1-based line in the text. */
  line: number;
  mac: string;
  label?: string;
  /** Model code when the row names a known Polycom model. */
  model?: string;
  warnings: string[];
}

/** What the list holds. */
export interface MacListReport {
  phones: ListedPhone[];
  rejected: Array<{ line: number; text: string; reason: string }>;
}

const MAC_HEADERS = /^(mac|mac address|address|identification address|hardware address|serial|sn)$/i;
/** Label columns, best first (CIC lists have both Name and Label). */
const LABEL_HEADERS = [/^label$/i, /^name$/i, /^(description|location)$/i];
const MODEL_HEADERS = /^(model|type|phone model)$/i;

/**
 * Parse the list.
 * @param text lines of MACs, or CSV with a header row (comma, semicolon or tab separated)
 * @returns usable phones (first occurrence of each MAC) and rejected rows with reasons
 */
export function parseMacList(text: string): MacListReport {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: true, delimiter: [',', ';', '\t'] }) as unknown as typeof records;
  } catch (err) {
    return { phones: [], rejected: [{ line: (err as { lines?: number }).lines ?? 1, text: '', reason: `not readable as a list: ${(err as Error).message}` }] };
  }
  const out: MacListReport = { phones: [], rejected: [] };
  let cols: { mac: number; label?: number; model?: number } | undefined;
  const first = records[0]?.record ?? [];
  const macCol = first.findIndex((c) => MAC_HEADERS.test(c));
  if (macCol >= 0) {
    const label = LABEL_HEADERS.map((re) => first.findIndex((c) => re.test(c))).find((i) => i >= 0) ?? -1;
    const model = first.findIndex((c) => MODEL_HEADERS.test(c));
    cols = { mac: macCol, ...(label >= 0 ? { label } : {}), ...(model >= 0 ? { model } : {}) };
    records = records.slice(1);
  }
  const seen = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const raw = record.join(', ');
    if (record.every((c) => c === '') || record[0]?.startsWith('#')) continue;
    const cells = cols ? record : record.flatMap((c) => c.split(/\s+/)).filter(Boolean);
    const macText = cols ? (cells[cols.mac] ?? '') : (cells[0] ?? '');
    try {
      const { mac, warnings } = parsePhoneMac(macText);
      if (seen.has(mac)) {
        out.rejected.push({ line, text: raw, reason: `${mac} is already in the list` });
        continue;
      }
      seen.add(mac);
      const rest = cols ? [] : cells.slice(1);
      const modelText = cols?.model !== undefined ? cells[cols.model] : rest.find((c) => findResetModel(c));
      const model = modelText ? findResetModel(modelText)?.code : undefined;
      const label = cols?.label !== undefined ? cells[cols.label] : rest.filter((c) => c !== modelText).join(' ');
      out.phones.push({ line, mac, warnings, ...(label ? { label } : {}), ...(model ? { model } : {}) });
    } catch (err) {
      if (!(err instanceof MacError)) throw err;
      out.rejected.push({ line, text: raw, reason: macText ? err.reason : 'no MAC address in this row' });
    }
  }
  return out;
}
