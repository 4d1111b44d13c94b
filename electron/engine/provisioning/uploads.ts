/**
 * Phone uploads: which files a phone may write, and where they are kept.
 * Source: ../shared/reference/phone-provisioning-facts.md §1 step 8 (uploads a server must accept).
 * Uploads are stored per phone under `<uploadsDir>/<mac>/<name>`; a replaced version moves to
 * `<uploadsDir>/<mac>/history/<name>.<ISO time>` — never overwritten silently.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';

/** Kinds of file a phone uploads. */
export type UploadKind = 'boot.log' | 'app.log' | 'phone.cfg' | 'web.cfg' | 'directory.xml' | 'calls.xml';

const UPLOAD_NAME = /^([0-9a-f]{12})-(boot\.log|app\.log|phone\.cfg|web\.cfg|directory\.xml|calls\.xml)$/i;

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

/** Keeps phone uploads per phone, with history. */
export class UploadStore {
  /** Told about every committed upload (upload-flags.ts); errors it throws are its own to log. */
  onStored: ((u: StoredUpload) => void) | undefined;

  /** @param dir the uploads folder (created on demand) */
  constructor(readonly dir: string) {}

  /** Absolute path of a phone's current upload of `name` (may not exist). */
  pathOf(mac: string, name: string): string {
    return join(this.dir, mac, name);
  }

  /**
   * The current stored upload for a base name, if the phone has uploaded it.
   * @param name base name such as `0004f2aabbcc-phone.cfg`
   * @returns absolute path and size, or undefined
   */
  async find(name: string): Promise<{ path: string; size: number; mtimeMs: number } | undefined> {
    const m = matchUploadName(name);
    if (!m) return undefined;
    const path = this.pathOf(m.mac, m.name);
    try {
      const st = await stat(path);
      return st.isFile() ? { path, size: st.size, mtimeMs: st.mtimeMs } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Open a stream that stores an upload. Data goes to a temporary file; `commit()` (after the stream
   * finished) moves the previous version to history and puts the new one in place; `abort()` removes
   * the temporary file (a broken upload never replaces a good one).
   * @param name base name matching {@link matchUploadName}
   * @param client the sender's address (kept on the result for upload-flags.ts)
   * @throws Error when the name is not an upload name
   */
  async open(name: string, client?: string): Promise<{ stream: Writable; commit: () => Promise<StoredUpload>; abort: () => Promise<void> }> {
    const m = matchUploadName(name);
    if (!m) throw new Error(`"${name}" is not a file a phone uploads`);
    const folder = join(this.dir, m.mac);
    await mkdir(folder, { recursive: true });
    const tmp = join(folder, `.${m.name}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.part`);
    const stream = createWriteStream(tmp, { flags: 'wx' });
    const target = join(folder, m.name);
    return {
      stream,
      commit: async () => {
        const size = (await stat(tmp)).size;
        let previous: string | undefined;
        try {
          await stat(target);
          const historyDir = join(folder, 'history');
          await mkdir(historyDir, { recursive: true });
          previous = join(historyDir, `${m.name}.${new Date().toISOString().replace(/[:.]/g, '-')}`);
          await rename(target, previous);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
        await rename(tmp, target);
        const stored: StoredUpload = { mac: m.mac, name: m.name, path: target, size, ...(previous ? { previous } : {}), ...(client ? { client } : {}) };
        this.onStored?.(stored);
        return stored;
      },
      abort: async () => {
        stream.destroy();
        await unlink(tmp).catch(() => {});
      },
    };
  }

  /**
   * List a phone's stored uploads (current versions) and their history.
   * @returns names of current files and history entries, sorted
   */
  async list(mac: string): Promise<{ current: string[]; history: string[] }> {
    const folder = join(this.dir, mac);
    const current = (await readdir(folder).catch(() => [] as string[])).filter((n) => matchUploadName(n)).sort();
    const history = (await readdir(join(folder, 'history')).catch(() => [] as string[])).sort();
    return { current, history };
  }
}
