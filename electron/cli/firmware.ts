/**
 * `provkit firmware`: the firmware repository from the command line (issue #6 item 7).
 *   import PATH [--json]   import a Polycom zip (split or combined) or a folder; prints what was
 *                          recognised and what was rejected (exit 1 when nothing could be imported)
 *   list [--json]          model, part number, version, size, SHA-256 per image
 *   plan --model M --mac MAC --current VERSION [--current-bootrom V] [--target V] [--json]
 *                          the steps and why (rules: shared/firmware-rules.ts)
 * Works on `<data>/firmware/` directly (no servers, no queue).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { FirmwareImage, FirmwareImportReport } from '../../shared/firmware-dto';
import { planUpgrade } from '../../shared/firmware-rules';
import { findPolycomModelByPart } from '../../shared/models';
import { resolveDataDir } from '../engine/data-dir';
import { FirmwareImportError } from '../engine/firmware/importer';
import { BadPackageError } from '../engine/firmware/package-reader';
import { FirmwareRepository } from '../engine/firmware/repository';
import { createLogger, silentSink } from '../engine/logger';
import { usageError } from './args';
import { runningEngine } from './running-engine';
import { acquireDataLock } from '../engine/data-lock';

const out = (s: string) => process.stdout.write(`${s}\n`);

async function openRepo(data: string | undefined): Promise<FirmwareRepository> {
  const repo = new FirmwareRepository(join(resolveDataDir(data), 'firmware'), createLogger('firmware', silentSink));
  await repo.load();
  return repo;
}

function imageLine(i: FirmwareImage): string {
  const model = i.part ? (findPolycomModelByPart(i.part)?.code ?? '?') : 'all (combined)';
  return `${model.padEnd(15)} ${(i.part ?? '-').padEnd(15)} ${i.kind.padEnd(11)} ${i.version.padEnd(18)} ${String(i.size).padStart(11)}  ${i.sha256}`;
}

/**
 * Run `provkit firmware`.
 * @returns 0 on success; 1 when an import failed or a plan has an error flag
 * @throws usage errors (unknown subcommand, missing arguments)
 */
export async function firmware(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, data: { type: 'string' }, model: { type: 'string' }, mac: { type: 'string' }, current: { type: 'string' }, 'current-bootrom': { type: 'string' }, target: { type: 'string' } },
    strict: true,
  });
  const json = Boolean(values.json);
  if (sub === 'import') {
    const path = positionals[0];
    if (!path) throw usageError('firmware import needs a PATH (a .zip package or a folder)');
    const dataDir = resolveDataDir(values.data);
    const remote = await runningEngine(dataDir, 'firmware import', 'Firmware');
    const lock = remote ? undefined : await acquireDataLock(dataDir, 'cli');
    try {
      // Through the running engine when one owns the folder (it then serves the new images).
      const r: FirmwareImportReport = remote ? await remote.call<FirmwareImportReport>('firmwareImport', { path: resolve(path) }) : await (await openRepo(values.data)).importPath(path);
      if (json) out(JSON.stringify(r, null, 2));
      else {
        out(`Imported ${r.imported.length} image(s) from ${r.source}${r.unchanged.length ? ` (${r.unchanged.length} already there)` : ''}:`);
        for (const i of [...r.imported, ...r.unchanged]) out(`  ${imageLine(i)}`);
        if (r.skipped.length) out(`Not imported (${r.skipped.length}):`);
        for (const s of r.skipped) out(`  ${s.name}: ${s.reason}`);
      }
      return 0;
    } catch (err) {
      if (!(err instanceof FirmwareImportError || err instanceof BadPackageError)) throw err;
      const problems = err instanceof FirmwareImportError ? err.problems : [err.message];
      if (json) out(JSON.stringify({ source: path, error: err.message, problems }, null, 2));
      else process.stderr.write(`Nothing imported from ${path}:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 1;
    } finally {
      await lock?.release();
    }
  }
  if (sub === 'list') {
    const v = (await openRepo(values.data)).view();
    if (json) out(JSON.stringify(v, null, 2));
    else {
      out(`${'Model'.padEnd(15)} ${'Part'.padEnd(15)} ${'Kind'.padEnd(11)} ${'Version'.padEnd(18)} ${'Bytes'.padStart(11)}  SHA-256`);
      for (const i of v.images) out(`${imageLine(i)}${v.active[i.name] === i.version ? '  (served)' : ''}`);
      if (!v.images.length) out(`(empty: import a package with "provkit firmware import PATH"; folder ${v.dir})`);
    }
    return 0;
  }
  if (sub === 'plan') {
    if (!values.model || !values.mac || !values.current) throw usageError('firmware plan needs --model, --mac and --current');
    const repo = await openRepo(values.data);
    const plan = planUpgrade({
      model: values.model, mac: values.mac, current: values.current, available: repo.versionsFor(values.model),
      ...(values['current-bootrom'] ? { currentBootrom: values['current-bootrom'] } : {}), ...(values.target ? { target: values.target } : {}),
    });
    if (json) out(JSON.stringify(plan, null, 2));
    else {
      out(`${plan.model} ${plan.mac}: ${plan.from} → ${plan.to ?? '?'}`);
      plan.steps.forEach((s, i) => out(`  ${i + 1}. ${s.kind} ${s.version}: ${s.why}`));
      if (!plan.steps.length) out('  (no flash needed)');
      for (const f of plan.flags) out(`  [${f.level}] ${f.message}`);
    }
    return plan.flags.some((f) => f.level === 'error') ? 1 : 0;
  }
  throw usageError(`unknown firmware subcommand "${sub ?? ''}" (import, list, plan)`);
}
