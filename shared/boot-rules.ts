/**
 * Rules of a phone's boot that the engine (boot verdict) and the screens (boot strip, timeline
 * colours) share: when a new boot starts, which failed requests are expected misses, what is an
 * upload. Pure: no Node, no DOM.
 *
 * Source: Polycom UC Software Administrator Guide, "Provisioning" (boot sequence: BootROM/Updater,
 * master configuration `<mac>.cfg` then `000000000000.cfg`, APP_FILE_PATH, CONFIG_FILES, optional
 * files such as `<mac>-phone.cfg`, log uploads); see docs/sources.md, "Boot verdict".
 */
import type { RequestEvent } from './dto';
import type { FileKind } from './phone-identity';

/** A new boot is assumed after this much silence from the phone, ms. */
export const BOOT_GAP_MS = 5 * 60_000;

/**
 * Whether `cur` starts a new boot after `prev` (the phone's previous request): after
 * {@link BOOT_GAP_MS} of silence, or when the phone goes back from the application to the Updater
 * (a reboot; Polycom User-Agent `Type/Updater` after `Type/Application`).
 * @param prev time (ms since epoch) and Polycom stage of the previous request
 * @param cur the same of the request that follows it
 */
export function startsNewBoot(prev: { time: number; stage?: string | undefined }, cur: { time: number; stage?: string | undefined }): boolean {
  return cur.time - prev.time > BOOT_GAP_MS || (cur.stage === 'Updater' && prev.stage === 'Application');
}

/** `ok` green, `warn` amber (expected or harmless failure), `error` red. */
export type Tone = 'ok' | 'warn' | 'error';

/** Files a phone asks for that are allowed to be missing, and `<mac>.cfg` which falls back to the default. */
const OPTIONAL_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['override', 'license', 'directory', 'call-list', 'master-config']);

/** Images a phone only needs for an upgrade: when they are missing it keeps the one it has. */
const UPGRADE_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['bootrom', 'firmware']);

/**
 * Whether a status means "no such file": HTTP 404, FTP 550 (TFTP is logged as 404).
 * @param e protocol and status of a request
 */
export function isNotFound(e: Pick<RequestEvent, 'status' | 'protocol'>): boolean {
  return e.status === 404 || (e.protocol === 'ftp' && e.status === 550);
}

/**
 * Tone of one request's result.
 * @param e the request
 * @returns `ok` when it succeeded; `warn` for a missing optional file, a missing BootROM or firmware
 *   image (the phone keeps its own), an aborted firmware download (the phone already has it) or a
 *   HEAD probe; `error` otherwise
 */
export function requestTone(e: Pick<RequestEvent, 'ok' | 'status' | 'fileKind' | 'method' | 'protocol'>): Tone {
  if (e.ok) return 'ok';
  if (isNotFound(e) && (OPTIONAL_KINDS.has(e.fileKind) || UPGRADE_KINDS.has(e.fileKind)) && !isUpload(e)) return 'warn';
  if (e.fileKind === 'firmware' && e.status === 426) return 'warn';
  if (e.method === 'HEAD' && e.status === 404) return 'warn';
  return 'error';
}

/**
 * Whether the request carried a file from the phone to the server.
 * @param e the request (method: HTTP `PUT`/`POST`, FTP `STOR`/`APPE`, TFTP `WRQ`)
 */
export function isUpload(e: Pick<RequestEvent, 'method'>): boolean {
  return ['PUT', 'POST', 'STOR', 'APPE', 'WRQ'].includes(e.method.toUpperCase());
}
