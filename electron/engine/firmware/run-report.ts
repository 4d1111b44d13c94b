/**
 * The finished-run report (issue #6 items 5-6): one row per phone (model, MAC, from → to version,
 * duration, result), as CSV for a spreadsheet and as a plain-text bench report a technician can
 * hand over (summary, table, failures with their reasons and last steps).
 */
import type { QueuePhone, QueueView, RunReportRow } from '../../../shared/firmware-dto';

/** Report rows, in the order phones were added. Durations in ms (0 when not started). */
export function reportRows(phones: QueuePhone[]): RunReportRow[] {
  return [...phones]
    .sort((a, b) => a.addedAt - b.addedAt)
    .map((p) => ({
      model: p.model,
      mac: p.mac,
      from: p.from,
      to: p.to ?? '',
      reported: p.reported ?? '',
      durationMs: p.startedAt ? (p.finishedAt ?? Date.now()) - p.startedAt : 0,
      result: p.state === 'done' || p.state === 'failed' ? p.state : 'pending',
      reason: p.reason ?? (p.state === 'done' && p.verified === false ? 'version not confirmed' : ''),
    }));
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV (RFC 4180, CRLF) of the rows, with a header line; cells that look like formulas are quoted. */
export function reportCsv(rows: RunReportRow[]): string {
  const head = ['model', 'mac', 'from', 'to', 'reported', 'duration_s', 'result', 'reason'];
  const lines = rows.map((r) => [r.model, r.mac, r.from, r.to, r.reported, (r.durationMs / 1000).toFixed(1), r.result, r.reason].map(csvCell).join(','));
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

function mmss(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The bench run report as text. @param at report time, ms since epoch */
export function benchReportText(view: QueueView, at = Date.now()): string {
  const rows = reportRows(view.phones);
  const count = (r: RunReportRow['result']) => rows.filter((x) => x.result === r).length;
  const width = [5, 12, 12, 12, 7, 7].map((w, i) => Math.max(w, ...rows.map((r) => [r.model, r.mac, r.from, r.to, mmss(r.durationMs), r.result][i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ').trimEnd();
  const out = [
    'ProvKit firmware bench run report',
    `Run ${view.runId}, written ${new Date(at).toISOString()}`,
    `Phones: ${rows.length}; done ${count('done')}, failed ${count('failed')}, not finished ${count('pending')}`,
    `Settings: ${view.settings.concurrency} at a time, step timeout ${Math.round(view.settings.stepTimeoutMs / 1000)} s, ${view.settings.retries} retries, ${view.settings.powerCycles} power cycle(s) per attempt${view.settings.bandwidthBytesPerSec ? `, cap ${Math.round(view.settings.bandwidthBytesPerSec / 1000)} kB/s` : ''}`,
    '',
    line(['Model', 'MAC', 'From', 'To', 'Time', 'Result']),
    ...rows.map((r) => line([r.model, r.mac, r.from, r.to, mmss(r.durationMs), r.result])),
  ];
  const failed = view.phones.filter((p) => p.state === 'failed');
  if (failed.length) {
    out.push('', 'Failures:');
    for (const p of failed) {
      out.push(`- ${p.mac} (${p.model}): ${p.reason ?? 'no reason recorded'}`);
      for (const h of p.history.slice(-5)) out.push(`    ${new Date(h.at).toISOString().slice(11, 19)} ${h.state}: ${h.note}`);
    }
  }
  return `${out.join('\n')}\n`;
}
