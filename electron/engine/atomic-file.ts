/**
 * Atomic JSON persistence: write to a temporary file in the same folder, fsync, rename.
 * A crash leaves either the old or the new file, never half of one. Temporary names are random
 * (never pid + time, which two saves in the same millisecond share), and writes to one path are
 * serialised in this process, so the last call's content is what stays on disk.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Tail of the pending write per absolute path (serialises writes to one file). */
const pending = new Map<string, Promise<void>>();

/**
 * Write `data` as pretty JSON to `path` atomically (creates the folder).
 * @throws the fs error (ENOSPC, EACCES, ...) — the previous file is left intact
 */
export async function writeJsonAtomic(path: string, data: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * Write text or bytes to `path` atomically (temp file + fsync + rename).
 * @throws the fs error; the previous file is left intact
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const key = resolve(path);
  const before = pending.get(key) ?? Promise.resolve();
  const mine = before.then(() => writeNow(path, content));
  const tail = mine.catch(() => undefined);
  pending.set(key, tail);
  try {
    await mine;
  } finally {
    if (pending.get(key) === tail) pending.delete(key);
  }
}

async function writeNow(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(8).toString('hex')}.tmp`;
  // 'wx': never reuse (or follow a link planted at) an existing name.
  const fh = await open(tmp, 'wx', 0o644);
  try {
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Read a JSON file.
 * @returns the parsed value, or `fallback` when the file does not exist
 * @throws SyntaxError (with the path) when the file exists but is not valid JSON
 */
export async function readJson<T>(path: string, fallback: T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new SyntaxError(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}
