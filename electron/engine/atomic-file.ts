/**
 * Atomic JSON persistence: write to a temporary file in the same folder, fsync, rename.
 * A crash leaves either the old or the new file, never half of one.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

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
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
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
