/**
 * One engine per data folder: `<data>/engine.lock` holds `{ pid, kind, startedAt, uiUrl? }` of the
 * engine that owns the folder (the desktop app's engine or `provkit serve`). A lock whose process no
 * longer runs (crash, SIGKILL) is stale and taken over. CLI commands that write read the lock to
 * send their change to the running engine's API (`uiUrl` + the ui-token file) or to refuse.
 * Liveness: `kill(pid, 0)` (POSIX kill(2): signal 0 checks existence; EPERM = exists, other user).
 */
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** File name of the lock inside the data folder. */
export const LOCK_FILE = 'engine.lock';

/** Who holds a data folder. */
export interface LockHolder {
  pid: number;
  /** `serve` = `provkit serve` (has a web API); `desktop` = the app (IPC only); `cli` = a one-shot command. */
  kind: 'serve' | 'desktop' | 'cli';
  /** ms since epoch. */
  startedAt: number;
  /** Base URL of the holder's web UI/API (`http://127.0.0.1:7780/`), without the token. */
  uiUrl?: string;
}

/** Thrown when another live engine holds the folder. */
export class DataLockedError extends Error {
  readonly code = 'DATA_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(`${dataDir} is in use by ${describeHolder(holder)}`);
    this.name = 'DataLockedError';
  }
  /** What to do, for the user. */
  get fix(): string {
    return this.holder.kind === 'desktop'
      ? 'Close the ProvKit app first, or use another folder with --data.'
      : `Stop that process (kill ${this.holder.pid}) first, or use another folder with --data.`;
  }
}

/** A held lock. */
export interface DataLock {
  readonly holder: LockHolder;
  /** Record the UI address once it listens. */
  setUiUrl(url: string): Promise<void>;
  /** Remove the lock (only when it is still ours). */
  release(): Promise<void>;
}

/**
 * "ProvKit serve (pid 123)" etc.
 * @param h the holder
 */
export function describeHolder(h: LockHolder): string {
  const what = h.kind === 'desktop' ? 'the ProvKit app' : h.kind === 'serve' ? '`provkit serve`' : 'another provkit command';
  return `${what} (pid ${h.pid})`;
}

/**
 * Is process `pid` alive?
 * @returns true when it exists (even owned by another user)
 */
export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The live holder of a data folder's lock.
 * @returns the holder, or undefined when there is no lock or it is stale (or ours)
 */
export async function readDataLock(dataDir: string): Promise<LockHolder | undefined> {
  let h: LockHolder;
  try {
    h = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
  return typeof h?.pid === 'number' && h.pid !== process.pid && alive(h.pid) ? h : undefined;
}

/**
 * Take the data folder's lock; a stale lock (dead pid, unreadable file) is taken over.
 * @param dataDir the data folder (exists)
 * @param kind who takes it
 * @returns the lock
 * @throws DataLockedError when a live process holds it; the fs error otherwise
 */
export async function acquireDataLock(dataDir: string, kind: LockHolder['kind']): Promise<DataLock> {
  const file = join(dataDir, LOCK_FILE);
  let holder: LockHolder = { pid: process.pid, kind, startedAt: Date.now() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      try {
        await fh.writeFile(`${JSON.stringify(holder)}\n`);
      } finally {
        await fh.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
    }
    const live = await readDataLock(dataDir);
    if (live) throw new DataLockedError(dataDir, live);
    await rm(file, { force: true }); // stale: its process is gone
  }
  let released = false;
  return {
    get holder() {
      return holder;
    },
    async setUiUrl(url) {
      holder = { ...holder, uiUrl: url };
      if (!released) await writeFile(file, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
    },
    async release() {
      if (released) return;
      released = true;
      try {
        const h = JSON.parse(await readFile(file, 'utf8')) as LockHolder;
        if (h.pid === process.pid) await rm(file, { force: true });
      } catch {
        /* gone or unreadable: nothing of ours to remove */
      }
    },
  };
}
