/**
 * The bench run report: one row per phone (model, MAC, from → to version, attempts, duration,
 * bytes, outcome, reason), as CSV (RFC 4180) for a spreadsheet and as a plain-text summary a
 * technician can hand over (counts, table, then per phone every attempt with its time, step and
 * full cause). Written under `<data>/firmware/reports/` when a run ends and on demand (service.ts).
 */
import type { QueuePhone, QueueView, RunReportRow } from '../../../shared/firmware-dto';

/** Report rows, in the order phones were added. Durations in ms (0 when not started). */
export function reportRows(phones: QueuePhone[], now = Date.now()): RunReportRow[] {
  return [...phones]
    .sort((a, b) => a.addedAt - b.addedAt)
    .map((p) => ({
      model: p.model,
      mac: p.mac,
      from: p.from,
      to: p.to ?? '',
      reported: p.reported ?? '',
      durationMs: p.startedAt !== undefined ? (p.finishedAt ?? now) - p.startedAt : 0,
      result: p.state === 'done' || p.state === 'failed' || p.state === 'cancelled' ? p.state : 'pending',
      reason: p.reason ?? (p.state === 'done' && p.verified === false ? 'version not confirmed by the phone' : ''),
      attempts: p.attempts?.length ?? (p.startedAt !== undefined ? p.attempt : 0),
      bytes: p.bytes,
    }));
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV (RFC 4180, CRLF) of the rows, with a header line; cells that look like formulas are quoted. */
export function reportCsv(rows: RunReportRow[]): string {
  const head = ['model', 'mac', 'from', 'to', 'reported', 'attempts', 'duration_s', 'bytes', 'result', 'reason'];
  const lines = rows.map((r) => [r.model, r.mac, r.from, r.to, r.reported, r.attempts, (r.durationMs / 1000).toFixed(1), r.bytes, r.result, r.reason].map(csvCell).join(','));
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

function mmss(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const clock = (at: number) => new Date(at).toISOString().slice(11, 19);

/** The bench run report as text. @param at report time, ms since epoch */
export function benchReportText(view: QueueView, at = Date.now()): string {
  const rows = reportRows(view.phones, at);
  const count = (r: RunReportRow['result']) => rows.filter((x) => x.result === r).length;
  const cells = (r: RunReportRow) => [r.model, r.mac, `${r.from} → ${r.to || '—'}`, String(r.attempts), mmss(r.durationMs), String(r.bytes), r.result];
  const head = ['Model', 'MAC', 'From → to', 'Attempts', 'Time', 'Bytes', 'Outcome'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => cells(r)[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(width[i]!)).join('  ').trimEnd();
  const out = [
    'ProvKit firmware bench run report',
    `Run ${view.runId}, written ${new Date(at).toISOString()}`,
    `Phones: ${rows.length}; done ${count('done')}, failed ${count('failed')}, cancelled ${count('cancelled')}, not finished ${count('pending')}`,
    `Settings: ${view.settings.concurrency} at a time, step timeout ${Math.round(view.settings.stepTimeoutMs / 1000)} s, ${view.settings.retries} retries, ${view.settings.powerCycles} power cycle(s) per attempt${view.settings.bandwidthBytesPerSec ? `, cap ${Math.round(view.settings.bandwidthBytesPerSec / 1000)} kB/s` : ''}`,
    '',
    line(head),
    ...rows.map((r) => line(cells(r))),
  ];
  for (const p of [...view.phones].sort((a, b) => a.addedAt - b.addedAt)) {
    out.push('', `${p.mac} (${p.model}): ${p.state}${p.reason ? ` — ${p.reason}` : ''}`);
    for (const a of p.attempts ?? []) {
      out.push(`  attempt ${a.n}${p.steps.length > 1 ? ` of step ${a.step + 1}` : ''} (${a.version}): ${clock(a.startedAt)}–${a.endedAt ? clock(a.endedAt) : '…'} ${a.outcome}${a.endState ? ` while ${a.endState}` : ''}${a.cause ? `: ${a.cause}` : ''}`);
    }
    for (const h of p.history) out.push(`    ${clock(h.at)} ${h.state}: ${h.note}`);
  }
  return `${out.join('\n')}\n`;
}
