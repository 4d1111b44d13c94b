/**
 * How alarming a request's outcome is: a missing optional file is normal, a missing firmware is not.
 */
import type { RequestEvent } from '../../../shared/dto';
import type { FileKind } from '../../../shared/phone-identity';

/** `ok` green, `warn` amber (expected or harmless failure), `error` red. */
export type Tone = 'ok' | 'warn' | 'error';

/** Files a phone asks for that are allowed to be missing (facts §1.7), and `<mac>.cfg` which falls back to the default. */
const OPTIONAL_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['override', 'license', 'directory', 'call-list', 'master-config']);

/** Images a phone only needs for an upgrade: when they are missing it keeps the one it has. */
const UPGRADE_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['bootrom', 'firmware']);

/**
 * Tone of one request's result.
 * @param e the request
 * @returns `ok` when it succeeded; `warn` for a missing optional file, a missing BootROM or firmware
 *   image (the phone keeps its own), an aborted firmware download (the phone already has it) or a
 *   HEAD probe; `error` otherwise
 */
export function requestTone(e: Pick<RequestEvent, 'ok' | 'status' | 'fileKind' | 'method' | 'protocol'>): Tone {
  if (e.ok) return 'ok';
  const notFound = e.status === 404 || (e.protocol === 'ftp' && e.status === 550); // TFTP logs 404 too (tftp/status.ts)
  if (notFound && (OPTIONAL_KINDS.has(e.fileKind) || UPGRADE_KINDS.has(e.fileKind)) && !isUpload(e)) return 'warn';
  if (e.fileKind === 'firmware' && e.status === 426) return 'warn';
  if (e.method === 'HEAD' && e.status === 404) return 'warn';
  return 'error';
}

/**
 * Whether the request carried a file from the phone to the server.
 * @param e the request (method: HTTP `PUT`/`POST`, FTP `STOR`/`APPE`)
 */
export function isUpload(e: Pick<RequestEvent, 'method'>): boolean {
  return ['PUT', 'POST', 'STOR', 'APPE', 'WRQ'].includes(e.method.toUpperCase());
}

/**
 * Count requests by tone.
 * @param rows requests
 * @returns how many are ok, warn and error
 */
export function toneCounts(rows: RequestEvent[]): Record<Tone, number> {
  const counts: Record<Tone, number> = { ok: 0, warn: 0, error: 0 };
  for (const r of rows) counts[requestTone(r)]++;
  return counts;
}
