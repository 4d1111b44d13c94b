/**
 * Read a list of phones typed, pasted or loaded from a CSV file for a small-office enrollment:
 * one MAC per line in any notation, optionally with a label and model, or a CSV with a header
 * (the Genesys CIC guide's `Identification Address` / `Address` columns). Rows that are not usable
 * are reported by line number with the reason; nothing is guessed (the CIC guide's samples hold
 * 11-digit MACs).
 */
import { readCsv } from '../../../shared/csv-read';
import { MacError } from '../../../shared/mac';
import { phoneListColumns } from '../../../shared/phone-list';
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

/**
 * Parse the list. The CSV text and its layouts are read by the same code as the inventory import
 * (shared/csv-read.ts, shared/phone-list.ts): a CIC list's MAC is its `Address` column and its name
 * the `Name` column.
 * @param text lines of MACs, or CSV with a header row (comma, semicolon or tab separated)
 * @returns usable phones (first occurrence of each MAC) and rejected rows with reasons
 */
export function parseMacList(text: string): MacListReport {
  const read = readCsv(text);
  const out: MacListReport = { phones: [], rejected: read.errors.map((e) => ({ line: e.line, text: '', reason: `not readable as a list: ${e.reason}` })) };
  let records = read.records.map((r) => ({ line: r.line, record: r.cells.map((c) => c.trim()) }));
  const cols = records[0] ? phoneListColumns(records[0].record) : undefined;
  if (cols) records = records.slice(1);
  const seen = new Set<string>();
  for (const { record, line } of records) {
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
  out.rejected.sort((a, b) => a.line - b.line);
  return out;
}
