/**
 * What the engine's worker threads share (the TFTP transfer workers, the HTTP front): finding the
 * worker's script in a source checkout or a desktop build, and a {@link Logger} that hands log
 * lines to the main thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from './logger';

/**
 * A worker's script: `sourceBoot` (a .mjs that registers tsx, then imports the TypeScript entry)
 * next to the calling module in a source checkout, else the compiled `built` file of the desktop
 * build (electron.vite.config.ts), next to the bundle or one folder up (from a chunk).
 * @param here the calling module's `import.meta.url`
 * @param sourceBoot e.g. `./worker-boot.mjs`
 * @param built e.g. `tftp-worker.js`
 * @returns the file URL, or undefined when there is none
 */
export function findWorkerScript(here: string, sourceBoot: string, built: string): URL | undefined {
  const candidates = here.endsWith('.ts') ? [sourceBoot] : [`./${built}`, `../${built}`];
  return candidates.map((c) => new URL(c, here)).find((u) => existsSync(fileURLToPath(u)));
}

/** A log line from a worker thread to the main thread's logger. */
export interface WorkerLogLine {
  type: 'log';
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * A Logger for a worker thread: every line (but trace) is posted as a {@link WorkerLogLine}; the
 * main thread gives it to its logger ({@link relayWorkerLog}).
 * @param post sends a message to the main thread
 */
export function postingLogger(post: (m: WorkerLogLine) => void): Logger {
  const line = (level: WorkerLogLine['level']) => (message: string, fields?: Record<string, unknown>) => post({ type: 'log', level, message, ...(fields ? { fields } : {}) });
  const logger: Logger = { trace: () => {}, debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), child: () => logger };
  return logger;
}

/** Give a worker's log line to a logger of the main thread. */
export function relayWorkerLog(logger: Logger, m: WorkerLogLine): void {
  logger[m.level](m.message, m.fields);
}
