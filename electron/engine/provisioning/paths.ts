/**
 * Request path safety: every path a client sends is checked here before it touches the disk.
 * A path never escapes the provisioning root (brief: "a path never escapes the provisioning root").
 */

/** Thrown when a client path is refused. `code` is stable for tests and logs. */
export class PathError extends Error {
  constructor(
    readonly code: 'TRAVERSAL' | 'ABSOLUTE' | 'BACKSLASH' | 'CONTROL_CHAR' | 'BAD_ENCODING' | 'TOO_LONG',
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'PathError';
  }
}

/** Longest path accepted, in characters (Polycom limits one CONFIG_FILES entry to 255). */
export const MAX_PATH_LENGTH = 1024;

/** A single segment of safe characters that does not start with a dot, with or without a leading `/`. */
const SIMPLE = /^\/?[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$/;

/**
 * Turn a client's path into a clean relative path inside the root.
 * Percent-encoding is decoded exactly once when `encoded` is true (HTTP); FTP and TFTP paths are raw.
 * Refused: `..` segments (also `%2e%2e`), backslashes (also `%5c`), NUL/control characters,
 * drive letters (`C:`), and paths over {@link MAX_PATH_LENGTH}. A leading `/` is the root itself,
 * not the file system root; empty and `.` segments are dropped.
 * @param raw the path as received (`/mpv/0004f2aabbcc.cfg`, `0004f2aabbcc.cfg`)
 * @param encoded whether to percent-decode first
 * @returns relative path with forward slashes and no leading slash (`mpv/0004f2aabbcc.cfg`); `''` for the root
 * @throws PathError naming the reason
 */
export function cleanRequestPath(raw: string, encoded = false): string {
  // The usual request, one plain file name (`/0004f2aabbcc.cfg`): nothing to decode or refuse.
  if (SIMPLE.test(raw)) return raw.charCodeAt(0) === 47 ? raw.slice(1) : raw;
  let path = raw;
  if (encoded) {
    try {
      path = decodeURIComponent(raw);
    } catch {
      throw new PathError('BAD_ENCODING', raw, `Path "${raw}" has invalid percent-encoding`);
    }
  }
  if (path.length > MAX_PATH_LENGTH) throw new PathError('TOO_LONG', raw, `Path is longer than ${MAX_PATH_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(path)) throw new PathError('CONTROL_CHAR', raw, 'Path contains control characters');
  if (path.includes('\\')) throw new PathError('BACKSLASH', raw, 'Path contains a backslash; phones use forward slashes only');
  if (/^[a-zA-Z]:/.test(path) || /^\/[a-zA-Z]:/.test(path)) throw new PathError('ABSOLUTE', raw, 'Path names a drive');
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') throw new PathError('TRAVERSAL', raw, 'Path tries to leave the provisioning root ("..")');
    parts.push(seg);
  }
  return parts.join('/');
}

/** Base name of a clean relative path. */
export function baseName(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? rel : rel.slice(i + 1);
}
