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

/** How the open-file limit is shared out. */
export interface DescriptorBudget {
  /** Connections a public HTTP listener may hold (`server.maxConnections`). */
  connections: number;
  /** Connections the front may open to the main thread's server (its agent's `maxSockets`). */
  upstream: number;
}

/**
 * The soft open-file limit of this process, from `/proc/self/limits` (Linux). Node raises its soft
 * limit to the hard one at start-up; the limit read here is that one.
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
 * Share out the open-file limit: {@link UPSTREAM_SOCKETS} front-to-main connections (2
 * descriptors each) and {@link OTHER_DESCRIPTORS} for the rest, both cut down to an eighth and a
 * quarter of a small limit; the public listener gets what remains.
 * @param limit the open-file limit ({@link openFileLimit})
 * @returns the budget, or undefined (no limit set) when the open-file limit is unknown
 */
export function descriptorBudget(limit: number | undefined): DescriptorBudget | undefined {
  if (limit === undefined) return undefined;
  const upstream = Math.max(8, Math.min(UPSTREAM_SOCKETS, Math.floor(limit / 8)));
  const other = Math.min(OTHER_DESCRIPTORS, Math.floor(limit / 4));
  return { connections: Math.max(16, limit - 2 * upstream - other), upstream };
}
