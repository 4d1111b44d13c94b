/**
 * One row of the Log page, whatever it came from: a provisioning request (HTTP, FTP, TFTP — the
 * request log, failed logins and refusals included), a DHCP packet seen by ProvKit, or a syslog
 * line from a phone. Pure functions: turn each source into a row, and filter rows.
 */
import type { SyslogLine } from '../../../shared/api-phones';
import type { DhcpPacketEvent } from '../../../shared/dhcp-dto';
import type { RequestEvent } from '../../../shared/dto';

/** Where a row comes from. */
export type LogSource = 'http' | 'ftp' | 'tftp' | 'dhcp' | 'syslog';

/** Every source, in the order the filter lists them. */
export const LOG_SOURCES: readonly LogSource[] = ['http', 'ftp', 'tftp', 'dhcp', 'syslog'];

/** One row of the log. */
export interface LogEntry {
  /** Unique across sources: `<source kind>:<id>` (`req:12`, `dhcp:3`, `syslog:7`). */
  key: string;
  /** ms since epoch. */
  time: number;
  source: LogSource;
  /** Client address (for DHCP: the packet's source address). */
  client: string;
  /** 12 lowercase hex digits, when known. */
  mac?: string;
  /** HTTP method, FTP command, TFTP `RRQ`/`WRQ`, DHCP message type, syslog application. */
  method: string;
  /** Path asked for, DHCP summary, or syslog message. */
  what: string;
  /** HTTP status, FTP reply code, TFTP status (HTTP meaning); none for DHCP and syslog. */
  status?: number;
  /** false for failures: a request that was not OK, a malformed DHCP packet, a syslog error or worse. */
  ok: boolean;
  error?: string;
  /** The original, for the detail pane. */
  request?: RequestEvent;
  dhcp?: DhcpPacketEvent;
  syslog?: SyslogLine;
}

/**
 * A request of the request log as a row.
 * @param e the request
 */
export function fromRequest(e: RequestEvent): LogEntry {
  return {
    key: `req:${e.id}`,
    time: e.time,
    source: e.protocol,
    client: e.client,
    ...(e.phone.mac ? { mac: e.phone.mac } : {}),
    method: e.method,
    what: e.path,
    status: e.status,
    ok: e.ok,
    ...(e.error ? { error: e.error } : {}),
    request: e,
  };
}

/**
 * A DHCP packet as a row: message type, the phone asking (decoded vendor class), and the address,
 * server and boot server given.
 * @param p the packet
 */
export function fromDhcp(p: DhcpPacketEvent): LogEntry {
  // Compact: who asks (the decoded phone, else the vendor class), what is given; the rest is in the detail.
  const parts: string[] = [];
  const who = p.phone?.model ? [p.phone.vendor, p.phone.model].filter(Boolean).join(' ') : p.vendorClass;
  if (who) parts.push(who);
  if (p.yiaddr && p.yiaddr !== '0.0.0.0') parts.push(`address ${p.yiaddr}`);
  if (p.serverId) parts.push(`from server ${p.serverId}`);
  if (p.offered?.option66) parts.push(`option 66 ${p.offered.option66}`);
  if (!parts.length) parts.push(`${p.src} → ${p.dst}`);
  return {
    key: `dhcp:${p.id}`,
    time: p.time,
    source: 'dhcp',
    client: p.src.replace(/:\d+$/, ''),
    ...(/^[0-9a-f]{12}$/.test(p.mac) ? { mac: p.mac } : {}),
    method: p.messageType ?? (p.op === 2 ? 'BOOTREPLY' : 'BOOTREQUEST'),
    what: parts.join(', '),
    ok: !p.error,
    ...(p.error ? { error: p.error } : {}),
    dhcp: p,
  };
}

/** Syslog severities (RFC 5424 §6.2.1), 0-7. */
export const SEVERITY_NAMES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'] as const;

/**
 * A syslog line as a row; severity error or worse (0-3, RFC 5424 §6.2.1) is a failure.
 * @param l the line
 */
export function fromSyslog(l: SyslogLine): LogEntry {
  const bad = l.severity !== undefined && l.severity <= 3;
  return {
    key: `syslog:${l.id}`,
    time: l.time,
    source: 'syslog',
    client: l.address,
    ...(l.mac ? { mac: l.mac } : {}),
    method: l.app ?? (l.severity !== undefined ? SEVERITY_NAMES[l.severity] ?? 'syslog' : 'syslog'),
    what: l.message,
    ok: !bad,
    ...(bad ? { error: `severity ${SEVERITY_NAMES[l.severity!]}` } : {}),
    syslog: l,
  };
}

/** Status classes the log filters on. */
export type StatusClass = 'any' | 'failed' | '2xx' | '3xx' | '4xx' | '5xx';

/** What the log shows. Empty text fields match everything. */
export interface LogFilter {
  /** Sources shown; empty = all. */
  sources: LogSource[];
  status: StatusClass;
  /** Client address, matched from its start (`10.0.0.` shows the subnet). */
  address: string;
  /** MAC, any notation, matched anywhere (`a0:01` finds `0004f2a00001`). */
  mac: string;
  /** Free text: path, method, error, User-Agent, message (case-insensitive). */
  text: string;
}

/** The filter that shows everything. */
export const NO_FILTER: LogFilter = { sources: [], status: 'any', address: '', mac: '', text: '' };

/**
 * Whether a row's status is in a class.
 * @param e the row
 * @param c the class: `failed` = not OK (any source); `2xx`…`5xx` = status code's first digit (FTP
 *   530 is in 5xx, RFC 959 §4.2); DHCP and syslog rows have no status and are only in `any`/`failed`
 */
export function inStatusClass(e: LogEntry, c: StatusClass): boolean {
  if (c === 'any') return true;
  if (c === 'failed') return !e.ok;
  return e.status !== undefined && Math.floor(e.status / 100) === Number(c[0]);
}

/**
 * Build the predicate of a filter (built once, run per row).
 * @param f the filter
 * @returns true for rows to show
 */
export function matcher(f: LogFilter): (e: LogEntry) => boolean {
  const sources = new Set(f.sources);
  const address = f.address.trim();
  const mac = f.mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  const text = f.text.trim().toLowerCase();
  return (e) => {
    if (sources.size && !sources.has(e.source)) return false;
    if (!inStatusClass(e, f.status)) return false;
    if (address && !e.client.startsWith(address)) return false;
    if (mac && !(e.mac ?? '').includes(mac)) return false;
    if (text && !searchText(e).includes(text)) return false;
    return true;
  };
}

/** The text the free-text filter searches, lower case. */
function searchText(e: LogEntry): string {
  const r = e.request;
  return [e.method, e.what, e.error ?? '', e.client, String(e.status ?? ''), r?.userAgent ?? '', e.dhcp?.vendorClass ?? '', e.syslog?.hostname ?? ''].join('\n').toLowerCase();
}
