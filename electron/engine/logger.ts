/**
 * The engine's logger: levelled, structured, one line per record. Servers and libraries
 * log through it so nothing writes to stdout behind the technician's back.
 */

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

/** One log record as handed to a sink. `time` is ms since epoch. */
export interface LogRecord {
  time: number;
  level: LogLevel;
  scope: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** Where records go. */
export type LogSink = (record: LogRecord) => void;

/** A scoped logger. */
export interface Logger {
  trace(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger for a sub-scope (`ftp` → `ftp.session`). */
  child(scope: string): Logger;
}

/**
 * Create a logger.
 * @param scope name shown with each record (`http`, `ftp`)
 * @param sink receives records at or above `level`; default writes `time level scope message` to stderr
 * @param level minimum level, default from PROVKIT_LOG_LEVEL or `info`
 */
export function createLogger(scope: string, sink: LogSink = stderrSink, level: LogLevel = envLevel()): Logger {
  const min = ORDER[level];
  const emit = (lvl: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] >= min) sink({ time: Date.now(), level: lvl, scope, message, ...(fields ? { fields } : {}) });
  };
  return {
    trace: (m, f) => emit('trace', m, f),
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (sub) => createLogger(`${scope}.${sub}`, sink, level),
  };
}

function envLevel(): LogLevel {
  const v = process.env.PROVKIT_LOG_LEVEL as LogLevel | undefined;
  return v && v in ORDER ? v : 'info';
}

/** Default sink: one human-readable line per record on stderr. */
export function stderrSink(r: LogRecord): void {
  const fields = r.fields && Object.keys(r.fields).length ? ` ${JSON.stringify(r.fields)}` : '';
  process.stderr.write(`${new Date(r.time).toISOString()} ${r.level.padEnd(5)} ${r.scope}: ${r.message}${fields}\n`);
}

/** A sink that drops everything (tests, quiet CLI runs). */
export const silentSink: LogSink = () => {};
