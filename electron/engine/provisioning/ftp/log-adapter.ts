/**
 * The bridge from ftp-srv's bunyan logging to our {@link Logger}. ftp-srv quirk: it logs JSON to
 * stdout through bunyan by default.
 */
import { format } from 'node:util';
import type { LogLevel, Logger } from '../../logger';

/** The bunyan Logger methods ftp-srv 4.6.3 calls (`child`, `trace` ... `fatal`). */
export interface BunyanLike {
  child(fields?: Record<string, unknown>): BunyanLike;
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  fatal(...args: unknown[]): void;
}

/**
 * A bunyan-style logger for ftp-srv that forwards to our {@link Logger}, so ftp-srv writes nothing
 * to stdout. ftp-srv logs every client mistake (missing file, bad login) at `error`, so `info` and
 * `error` map to our `debug`; `warn` stays `warn`, `fatal` becomes `error`.
 * Arguments follow bunyan: an optional leading fields object or Error, then a printf-style message.
 * @param logger where records go
 * @param fields fields added to every record (accumulated by `child()`)
 * @returns the adapter; never throws
 */
export function bunyanAdapter(logger: Logger, fields: Record<string, unknown> = {}): BunyanLike {
  const emit =
    (level: LogLevel) =>
    (...args: unknown[]): void => {
      try {
        let rest = args;
        let extra: Record<string, unknown> = {};
        const first = args[0];
        if (first instanceof Error) {
          extra = { err: first.message };
          rest = args.length > 1 ? args.slice(1) : [first.message];
        } else if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
          extra = safeFields(first as Record<string, unknown>);
          rest = args.slice(1);
        }
        const all = { ...fields, ...extra };
        logger[level](format(...rest), Object.keys(all).length ? all : undefined);
      } catch {
        /* logging must never break a connection */
      }
    };
  return {
    child: (more) => bunyanAdapter(logger, { ...fields, ...safeFields(more ?? {}) }),
    trace: emit('trace'),
    debug: emit('debug'),
    info: emit('debug'),
    warn: emit('warn'),
    error: emit('debug'),
    fatal: emit('error'),
  };
}

/** Log fields made plain: Errors become their message, objects a JSON copy (or their string). */
function safeFields(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v instanceof Error) out[k] = v.message;
    else if (v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v)) out[k] = v;
    else {
      try {
        out[k] = JSON.parse(JSON.stringify(v)) as unknown;
      } catch {
        out[k] = String(v);
      }
    }
  }
  return out;
}
