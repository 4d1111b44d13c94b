/**
 * Where an enrolling phone is, from what ProvKit saw of it since it was told to restart:
 * contact → config fetched → firmware (bytes, ETA) → reboot → done, against the twenty-minute
 * budget of the MegaPath IP650/IP670 Enrollment Guide. Follows the Polycom boot sequence (Polycom
 * UC Software Administrator Guide): the Updater fetches the master and the firmware, the
 * application fetches the master again and then CONFIG_FILES, and uploads `<mac>-app.log`.
 * With "HTTP first, then HTTPS" the last stage is replaced by two (shared/https-return.ts): the
 * configuration with the bench CA served over HTTP, then a request over HTTPS; done only then.
 * Pure: the view feeds it the phone's timeline rows and live transfers when the servers report them.
 */
import { ENROLL_BUDGET_MS } from '../../../shared/enroll/seed-steps';
import type { EnrollFirmware } from '../../../shared/api-enroll';
import type { RequestEvent } from '../../../shared/dto';
import { HTTPS_STAGE_LABELS, judgeHttpsReturn, type HttpsReturn } from '../../../shared/https-return';
import { isUpload, requestTone, type Tone } from '../timeline/status-tone';

/** Rows this long before the restart still count (the technician confirms a moment after pressing). */
export const WATCH_SLACK_MS = 30_000;

/** A transfer in progress as a server reports it (bytes so far, total when known). */
export interface LiveTransfer {
  client: string;
  path: string;
  bytes: number;
  size?: number;
  /** bytes/s. */
  rate?: number;
}

/** A DHCP exchange seen for the phone (when the DHCP sniffer runs). */
export interface DhcpSighting {
  time: number;
  /** e.g. `DISCOVER`, `ACK 10.0.0.23`. */
  text: string;
  ip?: string;
}

/** What the watch is given. */
export interface WatchInput {
  /** When the phone was told to restart, ms since epoch. */
  startedAt: number;
  now: number;
  /** The phone's requests (any order; older rows are ignored). */
  rows: readonly RequestEvent[];
  /** Transfers in progress on ProvKit's servers. */
  transfers?: readonly LiveTransfer[];
  /** Firmware the phone will fetch from ProvKit, with its size (getEnrollFirmware). */
  firmware?: EnrollFirmware | null;
  dhcp?: readonly DhcpSighting[];
  /** Default twenty minutes. */
  budgetMs?: number;
  /** "HTTP first, then HTTPS": done only when the phone came back over HTTPS. */
  httpsFirst?: boolean;
}

/** Stage ids in order. */
export type WatchStageId = 'contact' | 'config' | 'firmware' | 'reboot' | 'done' | 'received' | 'https';
/** `active`: what ProvKit is waiting for now; `unverified`: the budget passed without the evidence. */
export type WatchStageState = 'done' | 'active' | 'waiting' | 'skipped' | 'failed' | 'unverified';

/** One stage for the strip. */
export interface WatchStage {
  id: WatchStageId;
  label: string;
  state: WatchStageState;
  /** ms since epoch, when reached. */
  at?: number;
  detail: string;
}

/** Firmware download progress: measured (a live transfer, or finished) or estimated. */
export interface FirmwareProgress {
  file: string;
  bytes: number;
  total?: number;
  /** bytes/s. */
  rate?: number;
  etaMs?: number;
  /** true when bytes and ETA are estimated from this phone's earlier transfer rate. */
  estimated: boolean;
  finished: boolean;
}

/** One line of the support timeline. */
export interface WatchLine {
  time: number;
  text: string;
  tone: Tone;
}

/** The watch's verdict. */
export interface WatchStatus {
  stages: WatchStage[];
  done: boolean;
  doneAt?: number;
  elapsedMs: number;
  budgetMs: number;
  overBudget: boolean;
  firmware?: FirmwareProgress;
  /** Requests and DHCP exchanges since the restart, oldest first. */
  lines: WatchLine[];
  /** Errors the phone ran into, worded for people, without repeats. */
  problems: string[];
  /** Last client address the phone used. */
  address?: string;
  /** "HTTP first, then HTTPS": both stages, the last failed handshake and what to look at. */
  https?: HttpsReturn;
}

const LABELS: Record<WatchStageId, string> = { contact: 'Contact', config: 'Config fetched', firmware: 'Firmware', reboot: 'Reboot', done: 'Done', received: HTTPS_STAGE_LABELS.received, https: HTTPS_STAGE_LABELS.back };
const base = (p: string): string => p.split('/').pop() || p;
const isFetch = (r: RequestEvent): boolean => !isUpload(r);
const isMaster = (r: RequestEvent): boolean => (r.fileKind === 'master-config' || r.fileKind === 'default-master-config') && isFetch(r);

/**
 * Average rate of this phone's finished downloads that lasted a second or more, bytes/s (shorter
 * ones mostly measure socket buffers, not the phone).
 */
function measuredRate(rows: readonly RequestEvent[]): number | undefined {
  let bytes = 0;
  let ms = 0;
  for (const r of rows) {
    if (r.ok && r.bytesSent >= 256 * 1024 && r.durationMs >= 1000) {
      bytes += r.bytesSent;
      ms += r.durationMs;
    }
  }
  return ms > 0 ? (bytes / ms) * 1000 : undefined;
}

function firmwareStage(input: WatchInput, rows: RequestEvent[], configAt: number | undefined, address: string | undefined): { stage: WatchStage; progress?: FirmwareProgress } {
  const stage = (state: WatchStageState, detail: string, at?: number): WatchStage => ({ id: 'firmware', label: LABELS.firmware, state, detail, ...(at !== undefined ? { at } : {}) });
  const fw = rows.filter((r) => r.fileKind === 'firmware' && isFetch(r));
  const ok = fw.find((r) => r.ok);
  if (ok) {
    const secs = Math.max(ok.durationMs, 1) / 1000;
    return {
      stage: stage('done', `${base(ok.path)} downloaded`, ok.time + ok.durationMs),
      progress: { file: base(ok.path), bytes: ok.bytesSent, total: ok.bytesSent, rate: ok.bytesSent / secs, etaMs: 0, estimated: false, finished: true },
    };
  }
  const last = fw[fw.length - 1];
  if (last) {
    if (requestTone(last) === 'warn') return { stage: stage('skipped', `${base(last.path)} not on ProvKit (${last.status}): the phone keeps its own firmware`, last.time) };
    return { stage: stage('failed', `${base(last.path)}: ${last.status}${last.error ? ` — ${last.error}` : ''}`, last.time) };
  }
  if (configAt === undefined) return { stage: stage('waiting', 'after the configuration') };
  const live = input.transfers?.find((t) => (!address || t.client === address) && /(\.ld|\.img)$/i.test(t.path));
  if (live) {
    const total = live.size ?? input.firmware?.bytes;
    const eta = total !== undefined && live.rate ? ((total - live.bytes) / live.rate) * 1000 : undefined;
    return {
      stage: stage('active', `downloading ${base(live.path)}`),
      progress: { file: base(live.path), bytes: live.bytes, ...(total !== undefined ? { total } : {}), ...(live.rate ? { rate: live.rate } : {}), ...(eta !== undefined ? { etaMs: Math.max(0, eta) } : {}), estimated: false, finished: false },
    };
  }
  if (rows.some((r) => r.time > configAt && !isMaster(r))) return { stage: stage('skipped', 'not requested: the phone already runs this firmware') };
  const file = input.firmware?.file ? base(input.firmware.file) : 'the firmware';
  const total = input.firmware?.bytes;
  if (input.firmware && total === undefined) return { stage: stage('active', `asking for ${file}, which is not on ProvKit: the phone will keep its own`) };
  const rate = measuredRate(input.rows);
  const elapsed = Math.max(0, input.now - configAt);
  if (total !== undefined && rate) {
    const bytes = Math.min(total, (rate * elapsed) / 1000);
    return {
      stage: stage('active', `probably downloading ${file}`),
      progress: { file, bytes, total, rate, etaMs: Math.max(0, ((total - bytes) / rate) * 1000), estimated: true, finished: false },
    };
  }
  return {
    stage: stage('active', `probably downloading ${file}`),
    ...(total !== undefined ? { progress: { file, bytes: 0, total, estimated: true, finished: false } } : {}),
  };
}

/**
 * Derive the watch from the phone's requests.
 * @param input restart time, now, the phone's rows, live transfers, expected firmware, DHCP sightings
 * @returns the five stages, firmware progress, the budget and the support timeline
 */
export function watchPhone(input: WatchInput): WatchStatus {
  const budgetMs = input.budgetMs ?? ENROLL_BUDGET_MS;
  const rows = input.rows.filter((r) => r.time >= input.startedAt - WATCH_SLACK_MS).sort((a, b) => a.time - b.time || a.id - b.id);
  const dhcp = (input.dhcp ?? []).filter((d) => d.time >= input.startedAt - WATCH_SLACK_MS);
  const address = rows[rows.length - 1]?.client ?? [...dhcp].reverse().find((d) => d.ip)?.ip;
  const first = rows[0];
  const firstDhcp = dhcp[0];
  const contact: WatchStage = first
    ? { id: 'contact', label: LABELS.contact, state: 'done', at: first.time, detail: `${first.method} ${base(first.path)} from ${first.client} (${first.protocol.toUpperCase()})` }
    : firstDhcp
      ? { id: 'contact', label: LABELS.contact, state: 'done', at: firstDhcp.time, detail: `DHCP ${firstDhcp.text}; no request to ProvKit yet` }
      : { id: 'contact', label: LABELS.contact, state: 'active', detail: 'waiting for the phone’s first request' };

  const masters = rows.filter(isMaster);
  const okMaster = masters.find((r) => r.ok);
  const configAt = okMaster ? okMaster.time + okMaster.durationMs : undefined;
  const config: WatchStage = okMaster
    ? { id: 'config', label: LABELS.config, state: 'done', at: configAt!, detail: `${base(okMaster.path)}${okMaster.fileKind === 'default-master-config' ? ' (the default; no per-phone master)' : ''}` }
    : masters.length
      ? { id: 'config', label: LABELS.config, state: 'failed', detail: `${masters.map((m) => `${base(m.path)} ${m.status}`).join(', ')}: ProvKit has no configuration to give` }
      : { id: 'config', label: LABELS.config, state: contact.state === 'done' ? 'active' : 'waiting', detail: 'the master configuration' };

  const fw = firmwareStage(input, rows, configAt, address);

  const doneRow = rows.find((r) => r.ok && ((r.fileKind === 'config' && isFetch(r)) || (r.fileKind === 'log' && isUpload(r) && /-app\.log$/.test(r.path))));
  let rebootRow: RequestEvent | undefined;
  let sawUpdater = false;
  let sawBoot = false;
  for (const r of rows) {
    if (sawUpdater && r.phone.stage === 'Application') rebootRow ??= r;
    if (sawBoot && (isMaster(r) || r.fileKind === 'bootrom')) rebootRow ??= r;
    if (r.phone.stage === 'Updater') sawUpdater = true;
    if ((r.fileKind === 'firmware' && isFetch(r)) || (r.fileKind === 'log' && isUpload(r) && /-boot\.log$/.test(r.path))) sawBoot = true;
  }
  const fwSettled = fw.stage.state === 'done' || fw.stage.state === 'skipped';
  const reboot: WatchStage = rebootRow
    ? { id: 'reboot', label: LABELS.reboot, state: 'done', at: rebootRow.time, detail: `back at ${base(rebootRow.path)}${rebootRow.phone.stage ? ` (${rebootRow.phone.stage})` : ''}` }
    : doneRow
      ? { id: 'reboot', label: LABELS.reboot, state: 'done', at: doneRow.time, detail: 'application started' }
      : { id: 'reboot', label: LABELS.reboot, state: fwSettled ? 'active' : 'waiting', detail: fwSettled ? 'the phone restarts with its new settings' : 'after the firmware' };
  const done: WatchStage = doneRow
    ? { id: 'done', label: LABELS.done, state: 'done', at: doneRow.time, detail: `${base(doneRow.path)} ${isUpload(doneRow) ? 'uploaded' : 'fetched'}: the application is running` }
    : { id: 'done', label: LABELS.done, state: reboot.state === 'done' ? 'active' : 'waiting', detail: 'configuration files fetched by the application' };

  const https = input.httpsFirst ? judgeHttpsReturn({ since: input.startedAt - WATCH_SLACK_MS, now: input.now, deadline: input.startedAt + budgetMs, rows: input.rows }) : undefined;
  const finished = https ? (https.outcome === 'https' ? https.back.at : undefined) : doneRow?.time;
  const end = finished ?? input.now;
  const elapsedMs = Math.max(0, end - input.startedAt);
  const lines: WatchLine[] = [
    ...rows.map((r) => ({ time: r.time, text: `${r.protocol.toUpperCase()} ${r.method} ${r.path} → ${r.status}${r.error ? ` (${r.error})` : ''}`, tone: requestTone(r) })),
    ...dhcp.map((d) => ({ time: d.time, text: `DHCP ${d.text}`, tone: 'ok' as Tone })),
  ].sort((a, b) => a.time - b.time);
  // A failed handshake the HTTPS stage explains (reason and what to do) is not listed twice.
  const problems = [...new Set(rows.filter((r) => requestTone(r) === 'error' && !(https?.tls && r.method === 'TLS')).map((r) => (r.method === 'TLS' ? `HTTPS handshake: ${r.error ?? r.status}` : `${base(r.path)}: ${r.status}${r.error ? ` — ${r.error}` : ''}`)))];
  const last: WatchStage[] = https
    ? [
        // Nothing is expected over HTTP before the phone restarted with its new boot server.
        { id: 'received', label: LABELS.received, ...https.received, ...(https.received.state === 'active' && reboot.state !== 'done' ? { state: 'waiting' as const } : {}) },
        { id: 'https', label: LABELS.https, ...https.back },
      ]
    : [done];
  return {
    stages: [contact, config, fw.stage, reboot, ...last],
    done: finished !== undefined,
    ...(finished !== undefined ? { doneAt: finished } : {}),
    elapsedMs,
    budgetMs,
    overBudget: finished === undefined && elapsedMs > budgetMs,
    ...(https ? { https } : {}),
    ...(fw.progress ? { firmware: fw.progress } : {}),
    lines,
    problems,
    ...(address ? { address } : {}),
  };
}
