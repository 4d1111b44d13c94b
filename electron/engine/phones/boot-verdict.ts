/**
 * The boot verdict: from what a phone asked for in its latest boot (one outcome per file, kept
 * incrementally by {@link addToBoot}) and what its master configuration names, say whether the boot
 * is `booting`, `booted`, `failed` or `incomplete`, where it stopped and why, in words.
 *
 * Rules (Polycom UC Software Administrator Guide, "Provisioning" and "Master Configuration Files";
 * docs/sources.md, "Boot verdict"): the master configuration (`<mac>.cfg`, else `000000000000.cfg`)
 * must be served and readable; every CONFIG_FILES entry the phone asked for must be served; the
 * firmware APP_FILE_PATH names must be served or be legitimately absent (not found: the phone keeps
 * the application it has; a download the phone stops itself); uploads must be accepted. Expected
 * misses (optional files, per-model image probes, directory and call-list files, a HEAD probe) are
 * never problems. Pure: no I/O, times are passed in.
 */
import type { BootStageId, PhoneBoot, RequestEvent } from '../../../shared/dto';
import { isNotFound, isUpload, requestTone, startsNewBoot } from '../../../shared/boot-rules';
import type { FileKind } from '../../../shared/phone-identity';
import type { ApplicationSettings } from '../provisioning/master-config';
import { InternPool } from '../provisioning/intern-pool';
import { BootFiles, type BootFile } from './boot-files';

/** Silence after which an unfinished boot is `incomplete` rather than `booting`, ms. */
export const QUIET_MS = 3 * 60_000;

/**
 * Silence allowed after the phone downloaded a firmware image, ms: it writes the image to flash
 * and restarts, which takes minutes on older phones.
 */
export const FLASH_QUIET_MS = 15 * 60_000;

/** How far back an event may be added to a boot that started after it (late attribution), ms. */
export const LATE_EVENT_MS = 120_000;

export type { BootFile } from './boot-files';

/** One boot of one phone: its files' outcomes (bounded by the files it asks for, not requests). */
export interface BootRecord {
  start: number;
  last: number;
  /** Polycom stage of the latest request (User-Agent `Type/...`), when known. */
  stage?: 'Updater' | 'Application';
  /** A request with `Type/Application` was seen. */
  application: boolean;
  /** One entry per file and direction (`files.get` takes a {@link bootFileKey}). */
  files: BootFiles;
}

/** What the phone's master configuration says, as far as it could be read. */
export interface MasterView {
  /** File name of the master the phone was served (`0004f2a00001.cfg`). */
  name: string;
  /** Its `<APPLICATION>` settings; absent while being read or when unreadable. */
  settings?: ApplicationSettings;
  /** Why it cannot be read (not well-formed XML, no APPLICATION element): a boot failure. */
  error?: string;
  /** Why ProvKit could not read it back from the root afterwards: its entries are not checked. */
  unreadable?: string;
  /** Still being read. */
  pending?: boolean;
}

const STAGES: readonly BootStageId[] = ['bootrom', 'master', 'firmware', 'configs', 'logs'];
const CONFIG_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['config', 'override', 'license', 'directory', 'call-list']);
const MASTER_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['master-config', 'default-master-config']);

const clean = (p: string): string => p.replace(/^\/+/, '');
/** One copy of each file name in use across the phones' boots (a cache: bounded, no effect on verdicts). */
const PATHS = new InternPool(4096, 2);
const baseName = (p: string): string => p.split('/').pop() || p;

/** The boot stage a file belongs to, or undefined for files outside the sequence. */
export function stageOf(f: Pick<BootFile, 'kind' | 'direction'>): BootStageId | undefined {
  if (f.direction === 'upload' || f.kind === 'log') return 'logs';
  if (f.kind === 'bootrom') return 'bootrom';
  if (MASTER_KINDS.has(f.kind)) return 'master';
  if (f.kind === 'firmware') return 'firmware';
  if (CONFIG_KINDS.has(f.kind)) return 'configs';
  return undefined;
}

function direction(ev: Pick<RequestEvent, 'method'>): BootFile['direction'] {
  if (isUpload(ev)) return 'upload';
  return ev.method.toUpperCase() === 'HEAD' ? 'head' : 'get';
}

/**
 * Key of a file for `BootRecord.files.get`: the path itself for a `get`, else the direction, a
 * NUL (never in a path) and the path.
 * @param dir the direction of the requests
 * @param path as requested, without leading slashes
 */
export function bootFileKey(dir: BootFile['direction'], path: string): string {
  return dir === 'get' ? path : `${dir}\0${path}`;
}

/**
 * Start a boot with its first request.
 * @param ev the request
 * @returns a new record holding that request
 */
export function openBoot(ev: RequestEvent): BootRecord {
  const boot: BootRecord = { start: ev.time, last: ev.time, application: false, files: new BootFiles() };
  addToBoot(boot, ev);
  return boot;
}

/**
 * Where a request belongs relative to a boot: `same` boot, a `new` boot after it, or an `older`
 * one (a request attributed to the phone late, from before this boot: dropped).
 */
export function placeInBoot(boot: BootRecord, ev: Pick<RequestEvent, 'time' | 'phone'>): 'same' | 'new' | 'older' {
  if (ev.time < boot.start) return boot.start - ev.time <= LATE_EVENT_MS ? 'same' : 'older';
  if (ev.time >= boot.last && startsNewBoot({ time: boot.last, stage: boot.stage }, { time: ev.time, stage: ev.phone.stage })) return 'new';
  return 'same';
}

/**
 * Count a request into a boot (the latest outcome per file wins). Mutates `boot`.
 * @param boot the record
 * @param ev a request of the same boot (see {@link placeInBoot})
 */
export function addToBoot(boot: BootRecord, ev: RequestEvent): void {
  const dir = direction(ev);
  const cleaned = clean(ev.path);
  const files = boot.files;
  const i = files.indexOf(dir, cleaned);
  if (i >= 0 && ev.time < files.timeAt(i)) files.countOne(i);
  else {
    // Keep the first request's path: one string per file, not per request, shared between the
    // phones that ask for the same name (`sip.ld`, `000000000000.cfg`), never a slice of the
    // request's path (which would stay alive with it).
    const path = i >= 0 ? files.pathAt(i) : PATHS.str(cleaned);
    const count = i >= 0 ? files.countAt(i) + 1 : 1;
    const f: BootFile = { path, kind: ev.fileKind, direction: dir, method: ev.method.toUpperCase(), protocol: ev.protocol, status: ev.status, ok: ev.ok, count, time: ev.time };
    if (ev.error) f.error = ev.error;
    files.put(i, f);
  }
  boot.start = Math.min(boot.start, ev.time);
  if (ev.time >= boot.last) {
    boot.last = ev.time;
    if (ev.phone.stage) boot.stage = ev.phone.stage;
  }
  if (ev.phone.stage === 'Application') boot.application = true;
}

interface Problem {
  stage: BootStageId;
  text: string;
}

function got(f: BootFile): string {
  return `${f.status}${f.error ? ` (${f.error})` : ''}`;
}

function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const isUrl = (p: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(p);

/** The file of the boot a master entry names (same path, any case), for `get` requests. */
function findGet(files: BootFile[], name: string): BootFile | undefined {
  const want = clean(name).toLowerCase();
  return files.find((f) => f.path.toLowerCase() === want);
}

/** Refused logins: FTP 530 (not logged in), HTTP 401 and 407 (credentials needed). */
const LOGIN_REFUSED: ReadonlySet<number> = new Set([530, 401, 407]);
/** Requests that fetch a file (others, such as FTP LIST or CWD, are no step of the boot). */
const FILE_METHODS: ReadonlySet<string> = new Set(['GET', 'RETR', 'RRQ']);

/** A firmware download the phone stopped itself: FTP 426, TFTP 499 (it already has that version). */
const stoppedByPhone = (f: BootFile): boolean => f.status === 426 || (f.protocol === 'tftp' && f.status === 499);

/**
 * Judge a boot.
 * @param boot the phone's latest boot; undefined when it never asked ProvKit for a file
 * @param master what its master configuration says (undefined when no master was served, or the
 *   phone is not one that reads a Polycom master)
 * @param now ms since epoch, to tell `booting` from `incomplete`
 * @returns verdict, stage and reasons in words
 */
export function bootVerdict(boot: BootRecord | undefined, master: MasterView | undefined, now: number): PhoneBoot {
  if (!boot || boot.files.size === 0) return { verdict: 'unseen', reasons: ['ProvKit has not seen this phone ask for a file.'] };
  const files = [...boot.files.values()];
  const gets = files.filter((f) => f.direction === 'get');
  const lastFile = files.reduce((a, b) => (b.time >= a.time ? b : a));
  const flashing = lastFile.direction === 'get' && lastFile.kind === 'firmware' && lastFile.ok;
  const quiet = now - boot.last > (flashing ? FLASH_QUIET_MS : QUIET_MS);
  const since = boot.start;
  // The stage it is at (or stopped at): that of the latest file that belongs to the sequence.
  let stage: BootStageId | undefined;
  let stageTime = -Infinity;
  for (const f of files) {
    const s = stageOf(f);
    if (s && f.time >= stageTime) [stage, stageTime] = [s, f.time];
  }
  // Built property by property, not by spreading `b`: in this V8 a spread followed by a new
  // property gives every verdict a hidden class of its own (about 190 bytes each, kept per phone).
  const withStage = (b: Omit<PhoneBoot, 'since' | 'stage'>, st = stage): PhoneBoot => {
    const out: PhoneBoot = { verdict: b.verdict, reasons: b.reasons };
    if (st) out.stage = st;
    out.since = since;
    return out;
  };

  const problems: Problem[] = [];
  const notes: string[] = [];
  const covered = new Set<BootFile>();

  // Master configuration.
  const masters = gets.filter((f) => MASTER_KINDS.has(f.kind));
  const served = masters.filter((f) => f.ok);
  const configServed = gets.some((f) => f.ok && f.kind === 'config');
  for (const f of masters) covered.add(f);
  if (masters.length > 0 && served.length === 0) {
    const refused = masters.filter((f) => !isNotFound(f));
    for (const f of refused) {
      const text = LOGIN_REFUSED.has(f.status)
        ? `The phone asked for its master configuration ${baseName(f.path)} and its login was refused (${got(f)}): check the boot server user name and password set on the phone.`
        : `The phone asked for its master configuration ${baseName(f.path)} and got ${got(f)}.`;
      problems.push({ stage: 'master', text });
    }
    if (!refused.length && !configServed) {
      if (masters.some((f) => f.kind === 'default-master-config')) {
        problems.push({ stage: 'master', text: `No master configuration: the phone asked for ${list(masters.map((f) => baseName(f.path)))} and got ${masters[0]!.status} (not found).` });
      } else if (quiet) {
        const asked = gets.filter((f) => MASTER_KINDS.has(f.kind) || f.kind === 'config');
        problems.push({ stage: 'master', text: `No configuration served: the phone asked for ${list(asked.map((f) => baseName(f.path)))} and got ${asked[0]!.status} (not found).` });
      }
    }
  }
  if (served.length > 0 && master?.error) problems.push({ stage: 'master', text: `${master.name} cannot be read: ${master.error}.` });

  const settings = served.length > 0 ? master?.settings : undefined;
  const masterName = master?.name ?? (served[served.length - 1] ? baseName(served[served.length - 1]!.path) : 'the master configuration');

  // Firmware named by APP_FILE_PATH.
  const named = settings?.appFilePath && !isUrl(settings.appFilePath) ? settings.appFilePath : undefined;
  const fw = named ? findGet(gets, named) : undefined;
  if (fw) {
    covered.add(fw);
    if (!fw.ok) {
      if (isNotFound(fw)) notes.push(`${baseName(fw.path)} (named in APP_FILE_PATH) is not on the server: the phone keeps the application it has.`);
      else if (stoppedByPhone(fw)) notes.push(`The phone stopped the download of ${baseName(fw.path)}: it already has that version.`);
      else problems.push({ stage: 'firmware', text: `${masterName} names ${named} in APP_FILE_PATH; the phone asked for it and got ${got(fw)}.` });
    }
  }

  // CONFIG_FILES.
  const entries = (settings?.configFiles ?? []).filter((e) => !isUrl(e));
  const neverAsked: string[] = [];
  for (const e of entries) {
    const f = findGet(gets, e);
    if (!f) {
      neverAsked.push(e);
      continue;
    }
    covered.add(f);
    if (!f.ok) problems.push({ stage: 'configs', text: `${masterName} lists ${e} in CONFIG_FILES; the phone asked for it and got ${got(f)}.` });
  }

  // Uploads.
  for (const f of files) {
    if (f.direction !== 'upload' || f.ok) continue;
    covered.add(f);
    problems.push({ stage: 'logs', text: `The phone's upload of ${baseName(f.path)} was refused: ${got(f)}.` });
  }

  // Anything else refused or broken (a not-found optional file or image probe is an expected miss).
  for (const f of gets) {
    if (covered.has(f) || f.ok || isNotFound(f) || stoppedByPhone(f)) continue;
    if (LOGIN_REFUSED.has(f.status)) {
      const text = `The server refused the phone's login (${got(f)}): check the boot server user name and password set on the phone.`;
      if (!problems.some((p) => p.text === text)) problems.push({ stage: 'master', text });
      continue;
    }
    if (f.kind === 'other' && !FILE_METHODS.has(f.method)) continue; // a listing or other command, not a file of the boot
    if (requestTone({ ok: f.ok, status: f.status, fileKind: f.kind, method: 'GET', protocol: f.protocol }) !== 'error') continue;
    problems.push({ stage: stageOf(f) ?? 'configs', text: `The phone asked for ${f.path} and got ${got(f)}.` });
  }

  if (problems.length > 0) {
    problems.sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
    return withStage({ verdict: 'failed', reasons: problems.map((p) => p.text) }, problems[0]!.stage);
  }

  const silence = `nothing heard from it for ${Math.round((now - boot.last) / 60_000)} min`;
  if (served.length > 0 && master?.unreadable) notes.push(`${master.name} could not be read back (${master.unreadable}): its CONFIG_FILES and firmware were not checked.`);
  if (served.length > 0 && master?.pending) return withStage({ verdict: 'booting', reasons: [`Reading ${master.name} to check the files it names.`] });
  if (settings) {
    const masterCount = served.reduce((n, f) => n + f.count, 0);
    const inApplication = boot.application || masterCount >= 2 || gets.some((f) => f.ok && CONFIG_KINDS.has(f.kind));
    if (neverAsked.length === 0 && inApplication) {
      const n = entries.length;
      return withStage({ verdict: 'booted', reasons: [`${masterName} served${n ? `; ${n === 1 ? 'its CONFIG_FILES entry' : `all ${n} CONFIG_FILES entries`} served` : ''}.`, ...notes] });
    }
    const waiting =
      neverAsked.length > 0 && inApplication
        ? `${masterName} lists ${list(neverAsked)} in CONFIG_FILES; the phone has not asked for ${neverAsked.length === 1 ? 'it' : 'them'}`
        : flashing
          ? `the phone downloaded ${baseName(lastFile.path)} and has not asked for anything since: it may be writing the image to flash, which takes several minutes`
          : `the phone has not started its application yet (last asked for ${baseName(lastFile.path)})`;
    if (!quiet) return withStage({ verdict: 'booting', reasons: [`${cap(waiting)}.`, ...notes] });
    return withStage({ verdict: 'incomplete', reasons: [`${cap(waiting)}; ${silence}.`, ...notes] });
  }
  if (served.length > 0 || configServed) {
    const names = gets.filter((f) => f.ok && (MASTER_KINDS.has(f.kind) || f.kind === 'config')).map((f) => baseName(f.path));
    return withStage({ verdict: 'booted', reasons: [`Configuration served: ${list(names)}.`, ...notes] });
  }
  if (!quiet) return withStage({ verdict: 'booting', reasons: [`Last asked for ${baseName(lastFile.path)}.`] });
  const asked = gets.filter((f) => f.kind === 'config' || MASTER_KINDS.has(f.kind));
  if (asked.length > 0) {
    return withStage({ verdict: 'failed', reasons: [`No configuration served: the phone asked for ${list(asked.map((f) => baseName(f.path)))} and got ${asked[0]!.status} (not found).`] }, 'master');
  }
  return withStage({ verdict: 'incomplete', reasons: [`The phone asked for no configuration file (last asked for ${baseName(lastFile.path)}); ${silence}.`] });
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
