/**
 * The log as CSV (RFC 4180), written by csv-stringify: quoting of commas, quotes and line breaks,
 * and cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first — a path or
 * User-Agent comes from the network) are escaped with a leading quote (OWASP "CSV Injection").
 */
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { LogEntry } from './log-entry';

/** Column headers of the export, in order. */
export const CSV_COLUMNS = ['time', 'protocol', 'client', 'mac', 'method', 'path_or_message', 'status', 'ok', 'bytes_sent', 'bytes_received', 'duration_ms', 'user_agent', 'error'] as const;

/**
 * Rows as CSV text with a header line; times in ISO 8601 UTC.
 * @param rows the rows, in the order to write them
 * @returns the CSV text (CRLF line ends, RFC 4180 §2)
 */
export function logCsv(rows: readonly LogEntry[]): string {
  const records = rows.map((e) => {
    const r = e.request;
    return [
      new Date(e.time).toISOString(),
      e.source,
      e.client,
      e.mac ?? '',
      e.method,
      e.what,
      e.status ?? '',
      e.ok ? 'yes' : 'no',
      r?.bytesSent ?? '',
      r?.bytesReceived ?? '',
      r?.durationMs ?? '',
      r?.userAgent ?? '',
      e.error ?? '',
    ];
  });
  return stringify(records, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows', escape_formulas: true });
}

/**
 * A file name for an export made now.
 * @param now ms since epoch
 * @returns e.g. `provkit-log-2026-12-06-1815.csv` (local time)
 */
export function csvFileName(now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `provkit-log-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}.csv`;
}
