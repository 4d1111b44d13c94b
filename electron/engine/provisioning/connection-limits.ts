/**
 * How many connections an HTTP listener may hold open. All threads of the engine share the
 * process's open-file limit (RLIMIT_NOFILE, `ulimit -n`); when it is reached, an accepted
 * connection is closed by libuv without a word (its "EMFILE trick") and any file the engine opens
 * fails with EMFILE. So a listener stops accepting a little before: the connections above
 * {@link maxConnectionsFor} are refused by Node (`server.maxConnections`, its `drop` event) and
 * logged with their address (connection-notices.ts).
 */
import { readFileSync } from 'node:fs';

/** Most connections the HTTP front keeps open to the main thread's server at once (2 descriptors each: both ends are in this process). */
export const UPSTREAM_SOCKETS = 256;
/** Descriptors kept for everything else: files served and stored, FTP and TFTP, the UI, logs. */
export const OTHER_DESCRIPTORS = 1024;

/**
 * The soft open-file limit of this process, from `/proc/self/limits` (Linux).
 * @param text the file's text (for tests); read when not given
 * @returns the limit, or undefined when unknown (not Linux, unreadable) or "unlimited"
 */
export function openFileLimit(text?: string): number | undefined {
  let t = text;
  if (t === undefined) {
    try {
      t = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const m = /^Max open files\s+(\d+)/m.exec(t);
  return m ? Number(m[1]) : undefined;
}

/**
 * Connections a public HTTP listener may hold: the open-file limit less the front's connections
 * to the main thread and {@link OTHER_DESCRIPTORS}, and at least half the limit (a small limit).
 * (Node raises its soft limit to the hard one at start-up; the limit read here is that one.)
 * @param limit the open-file limit ({@link openFileLimit})
 * @returns the count, or undefined (no limit set) when the open-file limit is unknown
 */
export function maxConnectionsFor(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  return Math.max(Math.floor(limit / 2), limit - 2 * UPSTREAM_SOCKETS - OTHER_DESCRIPTORS);
}
