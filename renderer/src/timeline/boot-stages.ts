/**
 * The "how far did it get" strip of a phone page, derived from the timeline rows:
 * BootROM → master config → firmware → configs → logs uploaded (Polycom boot sequence, docs/sources.md §1).
 */
import type { RequestEvent } from '../../../shared/dto';
import type { FileKind } from '../../../shared/phone-identity';
import { BOOT_GAP_MS, startsNewBoot } from '../../../shared/boot-rules';
import { isUpload, requestTone } from './status-tone';

/** `done`: fetched; `warn`: got there with problems; `failed`: tried and failed; `waiting`: not asked for. */
export type StageState = 'done' | 'warn' | 'failed' | 'waiting';

/** One stage of the strip. */
export interface BootStage {
  id: 'bootrom' | 'master' | 'firmware' | 'configs' | 'logs';
  label: string;
  state: StageState;
  /** One line for people: which file, how many, what failed. */
  detail: string;
}

export { BOOT_GAP_MS };

/**
 * The rows of the phone's latest boot: after the last long silence, and from the last time the
 * phone went back from the application to the Updater (a reboot).
 * @param rows timeline rows, oldest first
 * @returns the tail of `rows` that belongs to the latest boot
 */
export function latestBootRows(rows: RequestEvent[]): RequestEvent[] {
  let start = 0;
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]!;
    const cur = rows[i]!;
    if (startsNewBoot({ time: prev.time, stage: prev.phone.stage }, { time: cur.time, stage: cur.phone.stage })) start = i;
  }
  return rows.slice(start);
}

const CONFIG_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['config', 'override', 'license', 'directory', 'call-list']);

const baseName = (p: string): string => p.split('/').pop() || p;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function fetchStage(id: BootStage['id'], label: string, rows: RequestEvent[]): BootStage {
  if (rows.length === 0) return { id, label, state: 'waiting', detail: 'not asked for' };
  const ok = rows.filter((r) => r.ok);
  const last = ok[ok.length - 1] ?? rows[rows.length - 1]!;
  if (ok.length > 0) return { id, label, state: 'done', detail: baseName(last.path) };
  const tone = requestTone(last);
  if (tone === 'warn' && (id === 'bootrom' || id === 'firmware')) {
    return { id, label, state: 'warn', detail: `${baseName(last.path)} not provided (${last.status}); the phone keeps its own` };
  }
  return { id, label, state: tone === 'warn' ? 'warn' : 'failed', detail: `${baseName(last.path)}: ${last.status}` };
}

function masterStage(rows: RequestEvent[]): BootStage {
  const stage = fetchStage('master', 'Master config', rows);
  const ok = rows.filter((r) => r.ok);
  if (ok.length > 0 && ok.every((r) => r.fileKind === 'default-master-config')) {
    return { ...stage, state: 'warn', detail: `${baseName(ok[ok.length - 1]!.path)} (default; no per-phone file)` };
  }
  return stage;
}

function configStage(rows: RequestEvent[]): BootStage {
  const label = 'Configs';
  if (rows.length === 0) return { id: 'configs', label, state: 'waiting', detail: 'not asked for' };
  // One outcome per file: its latest request.
  const latest = new Map<string, RequestEvent>();
  for (const r of rows) latest.set(r.path, r);
  const files = [...latest.values()];
  const ok = files.filter((r) => r.ok).length;
  const failed = files.filter((r) => !r.ok && requestTone(r) === 'error').length;
  const optionalMissing = files.length - ok - failed;
  const parts = [`${plural(ok, 'file')} received`];
  if (failed) parts.push(`${failed} failed`);
  if (optionalMissing) parts.push(`${optionalMissing} optional missing`);
  const state: StageState = failed > 0 ? (ok > 0 ? 'warn' : 'failed') : ok > 0 ? 'done' : 'warn';
  return { id: 'configs', label, state, detail: parts.join(', ') };
}

function logStage(rows: RequestEvent[]): BootStage {
  const label = 'Logs uploaded';
  const uploads = rows.filter(isUpload);
  if (uploads.length === 0) return { id: 'logs', label, state: 'waiting', detail: rows.length ? 'checked, none uploaded' : 'none yet' };
  const ok = uploads.filter((r) => r.ok);
  if (ok.length === 0) return { id: 'logs', label, state: 'failed', detail: `upload refused (${uploads[uploads.length - 1]!.status})` };
  return { id: 'logs', label, state: 'done', detail: ok.map((r) => baseName(r.path)).filter((v, i, a) => a.indexOf(v) === i).join(', ') };
}

/**
 * Derive the boot stages from timeline rows (of one boot, see {@link latestBootRows}).
 * @param rows the phone's requests, oldest first
 * @returns the five stages in boot order
 */
export function bootStages(rows: RequestEvent[]): BootStage[] {
  const of = (pred: (r: RequestEvent) => boolean): RequestEvent[] => rows.filter(pred);
  return [
    fetchStage('bootrom', 'BootROM', of((r) => r.fileKind === 'bootrom')),
    masterStage(of((r) => r.fileKind === 'master-config' || r.fileKind === 'default-master-config')),
    fetchStage('firmware', 'Firmware', of((r) => r.fileKind === 'firmware')),
    configStage(of((r) => CONFIG_KINDS.has(r.fileKind) && !isUpload(r))),
    logStage(of((r) => r.fileKind === 'log' || (isUpload(r) && CONFIG_KINDS.has(r.fileKind)))),
  ];
}
