/**
 * `provkit inventory import|export`: the phone inventory from and to CSV (issue #8).
 * Import reports every row: accepted (new/update/same) or rejected with its 1-based file line
 * (header = line 1) and the reason; exit code 1 when any row is rejected. `--json` prints exactly
 * `{"format":…,"accepted":[{"line":…,"mac":…,…}],"rejected":[{"line":…,"reason":…}]}`.
 * Accepted rows are written unless `--dry-run` (rejected rows never are).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { CsvFormat, ImportReport } from '../../shared/inventory-types';
import { formatMac } from '../../shared/mac';
import { actor } from '../engine/api/inventory-handlers';
import { resolveDataDir } from '../engine/data-dir';
import { Engine } from '../engine/engine';
import { silentSink } from '../engine/logger';
import { exportCsv } from '../engine/phones/csv-export';
import { ImportFormatError } from '../engine/phones/csv-import';
import { usageError } from './args';
import { licenceOrder } from './licence-order';
import { runningEngine } from './running-engine';

const FORMATS = ['cic-tmm', 'cic-template', 'provkit', 'simple'] as const;

function formatArg(v: string | undefined, auto: boolean): CsvFormat | 'auto' {
  if (v === undefined) return auto ? 'auto' : 'provkit';
  if ((auto && v === 'auto') || (FORMATS as readonly string[]).includes(v)) return v as CsvFormat | 'auto';
  throw usageError(`--format must be ${auto ? 'auto, ' : ''}${FORMATS.join(', ')}; got "${v}"`);
}

/**
 * Open the engine of a data directory for a command (no servers started, logs quiet).
 * @param lock take the data folder's lock (commands that write), see data-lock.ts
 * @returns the engine; close it when done
 * @throws DataLockedError when `lock` and another engine owns the folder
 */
export async function openEngine(data: string | undefined, lock = false): Promise<Engine> {
  return Engine.create({ dataDir: resolveDataDir(data), mode: 'headless', logSink: silentSink, ...(lock ? { lock: 'cli' as const } : {}) });
}

/**
 * Run `provkit inventory <import|export> ...`.
 * @returns exit code: 0 done, 1 a row was rejected or the file could not be read, 2 usage
 */
export async function inventory(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return importCommand(rest);
  if (sub === 'export') return exportCommand(rest);
  if (sub === 'licence-order' || sub === 'license-order') return licenceOrder(rest);
  throw usageError(`inventory needs "import FILE", "export" or "licence-order FILE"${sub ? `, not "${sub}"` : ''}`);
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, data: { type: 'string' } },
    strict: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw usageError('inventory import takes one FILE');
  const format = formatArg(values.format, true);
  const text = await readFile(file, 'utf8');
  const remote = await runningEngine(resolveDataDir(values.data), 'inventory import', 'Inventory');
  if (remote) {
    // The running engine imports it: it serves the new rows at once and keeps them.
    const name = values['dry-run'] ? 'previewImport' : 'commitImport';
    const report = await remote.call<ImportReport>(name, { text, format });
    if (values.json) process.stdout.write(`${JSON.stringify({ format: report.format, accepted: report.accepted, rejected: report.rejected.map(({ cells: _c, ...r }) => r) })}\n`);
    else process.stdout.write(`(through the running provkit serve, pid ${remote.holder.pid})\n${describe(report, format === 'auto', Boolean(values['dry-run']))}`);
    return report.rejected.length ? 1 : 0;
  }
  const engine = await openEngine(values.data, !values['dry-run']);
  try {
    let report: ImportReport;
    try {
      const { report: r, edits } = engine.inventoryServices.analyse(text, format);
      report = r;
      if (!values['dry-run'] && edits.length) {
        await engine.inventory.upsertMany(edits, actor(`cli import ${basename(file)}`));
        report = { ...report, committed: true };
      }
    } catch (err) {
      if (!(err instanceof ImportFormatError)) throw err;
      process.stderr.write(`provkit inventory import: ${err.message}\n${err.fix}\n`);
      return 1;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ format: report.format, accepted: report.accepted, rejected: report.rejected.map(({ cells: _c, ...r }) => r) })}\n`);
    } else process.stdout.write(describe(report, format === 'auto', Boolean(values['dry-run'])));
    return report.rejected.length ? 1 : 0;
  } finally {
    await engine.close();
  }
}

function describe(r: ImportReport, detected: boolean, dryRun: boolean): string {
  const out = [`Format: ${r.format}${detected ? ' (detected from the header)' : ''}`];
  for (const w of r.warnings) out.push(`Note: ${w}`);
  out.push(`Accepted: ${r.accepted.length} row(s)`);
  for (const a of r.accepted) {
    out.push(`  line ${String(a.line).padEnd(5)} ${formatMac(a.mac)}  ${[a.label, a.model, a.extension && `ext ${a.extension}`].filter(Boolean).join(', ')}  [${a.action}${a.changes ? `: ${a.changes.join(', ')}` : ''}]`);
    for (const w of a.warnings ?? []) out.push(`             note: ${w}`);
  }
  out.push(`Rejected: ${r.rejected.length} row(s)`);
  for (const x of r.rejected) out.push(`  line ${String(x.line).padEnd(5)} ${x.reason}`);
  const counts = (k: string) => r.accepted.filter((a) => a.action === k).length;
  out.push(dryRun ? 'Dry run: nothing was written.' : r.committed ? `Written: ${counts('new')} new, ${counts('update')} updated, ${counts('same')} unchanged.` : 'Nothing to write.');
  if (r.rejected.length) out.push('Fix the rejected lines in the file and import it again (accepted rows are merged, not duplicated).');
  return `${out.join('\n')}\n`;
}

async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, out: { type: 'string' }, 'with-secrets': { type: 'boolean' }, data: { type: 'string' } },
    strict: true,
  });
  const format = formatArg(values.format, false) as CsvFormat;
  const engine = await openEngine(values.data);
  try {
    const inv = engine.inventory;
    const phones = values['with-secrets'] ? inv.list().map((p) => inv.open(p.mac, (m) => process.stderr.write(`warning: ${m}\n`))!) : inv.list();
    const text = exportCsv(phones, format, { withSecrets: Boolean(values['with-secrets']), vendorOf: (p) => engine.inventoryServices.effective(p).vendor });
    if (values.out) {
      await writeFile(values.out, text, { mode: values['with-secrets'] ? 0o600 : 0o644 });
      process.stderr.write(`${phones.length} phone(s) written to ${values.out} (${format}).\n`);
    } else process.stdout.write(text);
    return 0;
  } finally {
    await engine.close();
  }
}
