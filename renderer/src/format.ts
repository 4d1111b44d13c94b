/**
 * Formatting for people: bytes, clock times, "3 min ago", status texts.
 */
import type { Protocol } from '../../shared/dto';

/**
 * Human-readable size in binary units.
 * @param n bytes
 * @returns e.g. `512 B`, `1.5 KiB`, `23 MiB`
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = v < 10 ? 1 : 0;
  return `${v.toFixed(digits).replace(/\.0$/, '')} ${units[i]}`;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * Local clock time with milliseconds.
 * @param ms ms since the Unix epoch
 * @returns `HH:MM:SS.mmm`
 */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * Local date and time, for tooltips.
 * @param ms ms since the Unix epoch
 * @returns `YYYY-MM-DD HH:MM:SS`
 */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * How long ago a moment was.
 * @param ms the moment, ms since epoch (undefined: never)
 * @param now the current time, ms since epoch
 * @returns `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago` or `never`
 */
export function formatRelative(ms: number | undefined, now: number): string {
  if (ms === undefined) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

const HTTP_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No content', 206: 'Partial', 301: 'Moved', 302: 'Redirect', 304: 'Not modified',
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Not allowed', 408: 'Timeout',
  413: 'Too large', 416: 'Bad range', 499: 'Client aborted', 500: 'Server error', 503: 'Unavailable',
  // TLS handshake failures of the HTTPS server (https-tls.ts): no request arrived.
  495: 'Client certificate not trusted', 496: 'Client certificate required', 525: 'TLS handshake failed',
};
const FTP_TEXT: Record<number, string> = {
  125: 'Transfer starting', 150: 'Opening', 200: 'OK', 213: 'Size', 226: 'Done', 250: 'OK', 257: 'Created',
  421: 'Closing', 425: 'No data connection', 426: 'Aborted', 450: 'Unavailable', 451: 'Local error', 452: 'No space',
  500: 'Syntax error', 501: 'Bad arguments', 502: 'Not implemented', 530: 'Not logged in', 550: 'Not found / refused',
  553: 'Name not allowed',
};

/**
 * Short meaning of a status code on a protocol.
 * @param protocol http, ftp or tftp
 * @param status HTTP status (also TFTP's, see tftp/status.ts) or FTP reply code
 * @returns e.g. `Not found`, `Done`; empty string when unknown
 */
export function statusText(protocol: Protocol, status: number): string {
  if (protocol === 'ftp') return FTP_TEXT[status] ?? '';
  // TFTP transfers are logged with the HTTP status of the same meaning (tftp/status.ts).
  return HTTP_TEXT[status] ?? '';
}

/**
 * Milliseconds for a table: integers, or one decimal below 10 ms.
 * @param ms duration
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(1).replace(/\.0$/, '') : String(Math.round(ms));
}
