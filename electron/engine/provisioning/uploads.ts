/**
 * Phone uploads: which files a phone may write, and where they are kept.
 * Source: docs/sources.md §1 step 8 (uploads a server must accept), "Phone uploads on disk".
 * Uploads are stored per phone under `<uploadsDir>/<mac>/<name>`; a replaced version moves to
 * `<uploadsDir>/<mac>/history/<name>.<ISO time>` — never overwritten silently.
 *
 * Which MAC folders and current uploads exist is kept in memory (the data folder's lock makes this
 * process the only writer): filled lazily — one `readdir` of the uploads folder on first use, one of
 * a MAC folder the first time that phone is looked at — and kept current by every commit. A phone
 * that never uploaded therefore costs no file-system call when it asks for `<mac>-phone.cfg` and
 * the like (most of a boot's not-found names). A file removed behind ProvKit's back is noticed when
 * its `stat` or `rename` fails (then it is absent); a file put in by hand is seen when the phone's
 * uploads are listed ({@link UploadStore.list}) or at the next start, and is never overwritten: a
 * first upload is put in place with `link`, which refuses an existing name.
 *
 * The calls an upload makes after creating its file (`write`, `close`, `link`, `unlink`, `rename`
 * into history) are made at once on the calling thread (inline-file.ts says why: the thread pool's
 * hand-off cost more than the calls); what makes an inode (`mkdir`, the file's `open`), the lazy
 * folder reads and {@link UploadStore.find}'s `stat` go through the pool.
 */
import { linkSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { InlineFile, openNew } from './inline-file';

/** Kinds of file a phone uploads. */
export type UploadKind = 'boot.log' | 'app.log' | 'phone.cfg' | 'web.cfg' | 'directory.xml' | 'calls.xml';

const UPLOAD_NAME = /^([0-9a-f]{12})-(boot\.log|app\.log|phone\.cfg|web\.cfg|directory\.xml|calls\.xml)$/i;
const MAC_FOLDER = /^[0-9a-f]{12}$/;
/** Errors of `link` on file systems without hard links (FAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Is this base name one a phone may upload (`<mac>-boot.log`, `<mac>-app.log`, `<mac>-phone.cfg`,
 * `<mac>-web.cfg`, `<mac>-directory.xml`, `<mac>-calls.xml`)?
 * @returns the phone's MAC (lowercase) and the kind, or undefined for any other name
 */
export function matchUploadName(name: string): { mac: string; kind: UploadKind; name: string } | undefined {
  const m = UPLOAD_NAME.exec(name);
  if (!m) return undefined;
  const mac = m[1]!.toLowerCase();
  const kind = m[2]!.toLowerCase() as UploadKind;
  return { mac, kind, name: `${mac}-${kind}` };
}

/** Result of a finished upload. */
export interface StoredUpload {
  mac: string;
  name: string;
  /** Absolute path of the stored file. */
  path: string;
  /** Bytes written. */
  size: number;
  /** Where the version it replaced went, if there was one. */
  previous?: string;
  /** Address it came from, when the server said. */
  client?: string;
}

/** What is known of one MAC folder. */
interface Folder {
  /** Current upload names (`<mac>-boot.log`, ...); undefined until the folder is read. */
  names?: Set<string>;
  reading?: Promise<Set<string> | undefined>;
  /** The `history` subfolder is known to exist. */
  history: boolean;
}

const code = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

/** A file-system call made at once (see the file's comment), its outcome as a promise. */
function inline<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (err) {
    return Promise.reject(err as Error);
  }
}

/** Keeps phone uploads per phone, with history. */
export class UploadStore {
  /** Told about every committed upload (upload-flags.ts); errors it throws are its own to log. */
  onStored: ((u: StoredUpload) => void) | undefined;
  /** MAC folders that exist, once the uploads folder was read. */
  private folders: Map<string, Folder> | undefined;
  private readingRoot: Promise<Map<string, Folder>> | undefined;
  /** Commits in progress per `<mac>/<name>` (one at a time per name), their tail. */
  private readonly commits = new Map<string, Promise<void>>();
  /** Counts commits that put a file in place (find's clean-up must not undo one it raced with). */
  private placed = 0;
  private lastStamp = '';
  private sameStamp = 0;

  /** @param dir the uploads folder (created on demand) */
  constructor(readonly dir: string) {}

  /** Absolute path of a phone's current upload of `name` (may not exist). */
  pathOf(mac: string, name: string): string {
    return join(this.dir, mac, name);
  }

  /**
   * Whether a current upload of `m` is on disk now, read from the disk itself (one `stat`, no
   * index): for another thread that shares the folder, such as the HTTP front, whose own store
   * never sees this thread's commits. When the disk cannot tell (an error other than "not
   * there"), says true, so the asker leaves the decision to {@link find}.
   * @param m a name as {@link matchUploadName} gives it
   */
  storedOnDisk(m: { mac: string; name: string }): boolean {
    try {
      return statSync(this.pathOf(m.mac, m.name), { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return true;
    }
  }

  /**
   * The current stored upload for a base name, if the phone has uploaded it. No file-system call
   * when the phone has no such upload (see the file's comment); one `stat` when it has.
   * @param name base name such as `0004f2aabbcc-phone.cfg`
   * @returns absolute path and size (bytes) and modification time (ms since epoch), or undefined
   */
  async find(name: string): Promise<{ path: string; size: number; mtimeMs: number } | undefined> {
    const m = matchUploadName(name);
    if (!m) return undefined;
    let names: Set<string> | undefined;
    try {
      names = await this.names(m.mac);
    } catch {
      return undefined; // unreadable uploads folder: as before, nothing to serve
    }
    if (!names?.has(m.name)) return undefined;
    const path = this.pathOf(m.mac, m.name);
    const placed = this.placed;
    try {
      const st = await stat(path);
      if (st.isFile()) return { path, size: st.size, mtimeMs: st.mtimeMs };
    } catch (err) {
      if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR') return undefined;
    }
    // Removed (or replaced by something else) behind our back — unless a commit moved it meanwhile.
    if (placed === this.placed && !this.commits.has(`${m.mac}/${m.name}`)) names.delete(m.name);
    return undefined;
  }

  /**
   * Open a stream that stores an upload. Data goes to a temporary file; `commit()` (after the stream
   * finished) moves the previous version to history and puts the new one in place; `abort()` removes
   * the temporary file (a broken upload never replaces a good one). Commits of the same name run
   * one after the other, each keeping the version it replaces.
   * @param name base name matching {@link matchUploadName}
   * @param client the sender's address (kept on the result for upload-flags.ts)
   * @returns the stream (a file error is reported on it), `commit` (resolves to the stored upload;
   *   throws when called before the stream finished, or the file-system error) and `abort`
   * @throws Error when the name is not an upload name; the file-system error when the phone's
   *   folder cannot be created
   */
  async open(name: string, client?: string): Promise<{ stream: Writable; commit: () => Promise<StoredUpload>; abort: () => Promise<void> }> {
    const m = matchUploadName(name);
    if (!m) throw new Error(`"${name}" is not a file a phone uploads`);
    const folder = join(this.dir, m.mac);
    const target = join(folder, m.name);
    let tmp = '';
    let stream: InlineFile | undefined;
    for (let attempt = 0; !stream; attempt++) {
      await this.folder(m.mac);
      tmp = join(folder, `.${m.name}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.part`);
      let fd: number;
      try {
        fd = await openNew(tmp);
      } catch (err) {
        if (attempt === 0 && code(err) === 'ENOENT') {
          this.folders?.delete(m.mac); // the folder was removed behind our back: make it again
          continue;
        }
        stream = new InlineFile(err as Error); // reports the error as a write error would
        break;
      }
      stream = new InlineFile(fd);
    }
    const written = stream;
    const key = `${m.mac}/${m.name}`;
    return {
      stream: written,
      commit: () =>
        this.serial(key, async () => {
          if (!written.writableFinished) throw new Error(`upload of ${m.name} committed before its data was written`);
          const previous = await this.place(m.mac, m.name, tmp, target);
          const stored: StoredUpload = { mac: m.mac, name: m.name, path: target, size: written.bytesWritten, ...(previous ? { previous } : {}), ...(client ? { client } : {}) };
          this.onStored?.(stored);
          return stored;
        }),
      abort: async () => {
        written.destroy();
        await inline(() => unlinkSync(tmp)).catch(() => {});
      },
    };
  }

  /**
   * List a phone's stored uploads (current versions) and their history. Current files found here
   * that the store did not know of (put in by hand) are served from now on.
   * @returns names of current files and history entries, sorted
   */
  async list(mac: string): Promise<{ current: string[]; history: string[] }> {
    const folder = join(this.dir, mac);
    const current = (await readdir(folder).catch(() => [] as string[])).filter((n) => matchUploadName(n)).sort();
    const history = (await readdir(join(folder, 'history')).catch(() => [] as string[])).sort();
    const known = this.folders?.get(mac);
    if (this.folders && MAC_FOLDER.test(mac)) {
      const mine = current.filter((n) => matchUploadName(n)?.name === n && n.startsWith(`${mac}-`));
      if (!known && mine.length) this.folders.set(mac, { history: false }); // read (lazily) when asked
      else for (const n of mine) known?.names?.add(n); // only ever add: a commit may be under way
    }
    return { current, history };
  }

  /**
   * Put a finished temporary file in place as the current upload.
   * @returns where the previous version went (history), undefined when there was none
   */
  private async place(mac: string, name: string, tmp: string, target: string): Promise<string | undefined> {
    const folder = await this.folder(mac);
    const names = await this.names(mac);
    let previous: string | undefined;
    if (names?.has(name) || !(await this.putNew(tmp, target))) {
      previous = await this.toHistory(folder, join(this.dir, mac), name, target);
      await inline(() => renameSync(tmp, target));
    }
    (names ?? (folder.names = new Set())).add(name);
    this.placed++;
    return previous;
  }

  /**
   * Put `tmp` at `target` only if nothing is there (`link` refuses an existing name; POSIX link()).
   * @returns false when `target` exists (then `tmp` is untouched)
   */
  private async putNew(tmp: string, target: string): Promise<boolean> {
    try {
      await inline(() => linkSync(tmp, target));
    } catch (err) {
      if (code(err) === 'EEXIST') return false;
      if (!NO_HARD_LINKS.has(code(err) ?? '')) throw err;
      // No hard links here: look, then rename (the only writer is this process).
      if (await stat(target).then(() => true, (e: unknown) => (code(e) === 'ENOENT' ? false : Promise.reject(e)))) return false;
      await inline(() => renameSync(tmp, target));
      return true;
    }
    await inline(() => unlinkSync(tmp)).catch(() => {}); // a left-over is a dot-file no listing shows
    return true;
  }

  /**
   * Move the current version of `name` to `history/<name>.<ISO time>`.
   * @returns its new path, or undefined when it is no longer there
   */
  private async toHistory(f: Folder, folder: string, name: string, target: string): Promise<string | undefined> {
    const historyDir = join(folder, 'history');
    const previous = join(historyDir, `${name}.${this.stamp()}`);
    for (let attempt = 0; ; attempt++) {
      if (!f.history || attempt > 0) {
        await mkdir(historyDir, { recursive: true });
        f.history = true;
      }
      try {
        await inline(() => renameSync(target, previous));
        return previous;
      } catch (err) {
        if (code(err) !== 'ENOENT') throw err;
        if (attempt > 0) return undefined; // the history folder is there: the file is gone
      }
    }
  }

  /** ISO time for a history name, unique within this store (a suffix when two fall in one ms). */
  private stamp(): string {
    const s = new Date().toISOString().replace(/[:.]/g, '-');
    if (s !== this.lastStamp) {
      this.lastStamp = s;
      this.sameStamp = 0;
      return s;
    }
    return `${s}-${++this.sameStamp}`;
  }

  /** Run `fn` after the commits of the same key before it. */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.commits.get(key) ?? Promise.resolve()).then(fn);
    const tail = run.then(
      () => {},
      () => {},
    );
    this.commits.set(key, tail);
    void tail.then(() => {
      if (this.commits.get(key) === tail) this.commits.delete(key);
    });
    return run;
  }

  /** The MAC folders that exist (one `readdir` of the uploads folder, the first time). */
  private root(): Promise<Map<string, Folder>> {
    this.readingRoot ??= readdir(this.dir, { withFileTypes: true }).then(
      (entries) => {
        const map = new Map<string, Folder>();
        for (const e of entries) if (MAC_FOLDER.test(e.name) && (e.isDirectory() || e.isSymbolicLink())) map.set(e.name, { history: false });
        return (this.folders = map);
      },
      (err: unknown) => {
        if (code(err) === 'ENOENT') return (this.folders = new Map());
        this.readingRoot = undefined; // try again next time
        throw err;
      },
    );
    return this.readingRoot;
  }

  /**
   * Current upload names of a phone (one `readdir` of its folder, the first time).
   * @returns the set (kept current by commits), or undefined when the phone has no folder
   */
  private async names(mac: string): Promise<Set<string> | undefined> {
    const folders = this.folders ?? (await this.root());
    const f = folders.get(mac);
    if (!f) return undefined;
    if (f.names) return f.names;
    f.reading ??= readdir(join(this.dir, mac)).then(
      (entries) => {
        const names = new Set<string>();
        for (const n of entries) {
          if (n === 'history') f.history = true;
          else if (matchUploadName(n)?.name === n && n.startsWith(`${mac}-`)) names.add(n);
        }
        f.reading = undefined;
        return (f.names = names);
      },
      (err: unknown) => {
        f.reading = undefined;
        if (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR') throw err;
        if (folders.get(mac) === f) folders.delete(mac);
        return undefined;
      },
    );
    return f.reading;
  }

  /** A phone's folder, made when it is not known to exist. */
  private async folder(mac: string): Promise<Folder> {
    const folders = this.folders ?? (await this.root());
    const known = folders.get(mac);
    if (known) return known;
    const created = await mkdir(join(this.dir, mac), { recursive: true });
    let f = folders.get(mac);
    if (!f) {
      // Made just now: empty. Already there (made by hand): read when asked.
      f = created !== undefined ? { names: new Set(), history: false } : { history: false };
      folders.set(mac, f);
    }
    return f;
  }
}
