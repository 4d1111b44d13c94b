/**
 * Syslog message parsing: RFC 5424 (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`) and the
 * BSD format of RFC 3164 (`<PRI>Mmm dd hh:mm:ss HOST TAG[pid]: MSG`), plus anything else kept
 * as text. Polycom phones send syslog when `device.syslog.serverName` is set.
 * Source: RFC 5424 §6, RFC 3164 §4.1, RFC 5424 §6.2.1 (PRI = facility × 8 + severity).
 */
import type { SyslogLine } from '../../../../shared/api-phones';

/** The parsed fields of one message (without receive time, address, MAC, id). */
export type ParsedSyslog = Omit<SyslogLine, 'id' | 'time' | 'address' | 'mac'>;

/** Longest message kept, characters. */
export const MAX_MESSAGE_CHARS = 4096;

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const RFC3164_TS = new RegExp(`^(${MONTHS}) ([ \\d]\\d) (\\d\\d:\\d\\d:\\d\\d) `);

/** Names of the severities (RFC 5424 Table 2). */
export const SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

const nil = (v: string | undefined) => (v === undefined || v === '-' ? undefined : v);

/** Skip RFC 5424 STRUCTURED-DATA (`-` or one or more `[id k="v" ...]`, `\]` escapes). @returns the rest */
function skipStructuredData(s: string): string | undefined {
  if (s.startsWith('-')) return s.slice(1);
  let i = 0;
  if (s[0] !== '[') return undefined;
  while (s[i] === '[') {
    i++;
    let inQuote = false;
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') i++;
      else if (c === '"') inQuote = !inQuote;
      else if (c === ']' && !inQuote) break;
    }
    if (i >= s.length) return undefined;
    i++;
  }
  return s.slice(i);
}

/**
 * Parse one datagram.
 * @param data the UDP payload (UTF-8; a leading BOM in the MSG is dropped)
 * @returns the fields; `format: 'unknown'` with the whole text as message when no syslog header is found
 */
export function parseSyslog(data: Buffer | string): ParsedSyslog {
  const text = (typeof data === 'string' ? data : data.toString('utf8')).replace(/[\r\n\0]+$/, '');
  const pri = /^<(\d{1,3})>/.exec(text);
  if (!pri || Number(pri[1]) > 191) return { format: 'unknown', message: text.slice(0, MAX_MESSAGE_CHARS) };
  const p = Number(pri[1]);
  const base = { facility: p >> 3, severity: p & 7 };
  const rest = text.slice(pri[0].length);
  const v1 = /^1 (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(rest);
  if (v1) {
    const after = skipStructuredData(rest.slice(v1[0].length));
    if (after !== undefined) {
      const msg = after.replace(/^ /, '').replace(/^\uFEFF/, '');
      const out: ParsedSyslog = { format: 'rfc5424', ...base, message: msg.slice(0, MAX_MESSAGE_CHARS) };
      const fields = { timestamp: nil(v1[1]), hostname: nil(v1[2]), app: nil(v1[3]), procId: nil(v1[4]), msgId: nil(v1[5]) };
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) (out as unknown as Record<string, string>)[k] = v;
      return out;
    }
  }
  const out: ParsedSyslog = { format: 'rfc3164', ...base, message: '' };
  let msg = rest;
  const ts = RFC3164_TS.exec(msg);
  if (ts) {
    out.timestamp = `${ts[1]} ${ts[2]!.trim()} ${ts[3]}`;
    msg = msg.slice(ts[0].length);
    const host = /^(\S+) /.exec(msg);
    if (host && !/[:[\]]/.test(host[1]!)) {
      out.hostname = host[1]!;
      msg = msg.slice(host[0].length);
    }
  }
  const tag = /^([^\s:[\]]{1,48})(?:\[([^\]]{1,32})\])?: ?/.exec(msg);
  if (tag) {
    out.app = tag[1]!;
    if (tag[2]) out.procId = tag[2];
    msg = msg.slice(tag[0].length);
  }
  out.message = msg.slice(0, MAX_MESSAGE_CHARS);
  return out;
}
