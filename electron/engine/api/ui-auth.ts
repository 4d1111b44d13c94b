/**
 * Access control of the headless UI/API server, the way Jupyter and Syncthing do it:
 * - a random token per data folder in `<data>/ui-token` (mode 0600: scripts of the same user can
 *   read it, nobody else), required on every `/api/*` call and on the events WebSocket as
 *   `Authorization: Bearer <token>` (RFC 6750 §2.1), or as the session cookie the server sets when
 *   the page is opened with `?token=` (`HttpOnly; SameSite=Strict`, RFC 6265bis §4.1.2.7);
 * - a `Host` check against DNS rebinding: only IP literals, `localhost` and names the user allowed
 *   (`--ui-allow-host`) are served (a rebinding attack needs a DNS name it controls).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, open, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { join } from 'node:path';

/** File name of the token inside the data folder. */
export const TOKEN_FILE = 'ui-token';

/**
 * Read the data folder's UI token, creating it (32 random bytes, hex, mode 0600) when missing.
 * A token file readable by group or others is tightened to 0600.
 * @param dataDir the data folder (exists)
 * @returns the token (64 hex characters)
 * @throws the fs error when the file cannot be read or created; Error when it holds no token
 */
export async function loadOrCreateToken(dataDir: string): Promise<string> {
  const file = join(dataDir, TOKEN_FILE);
  try {
    const fh = await open(file, 'wx', 0o600);
    const token = randomBytes(32).toString('hex');
    try {
      await fh.writeFile(`${token}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readToken(dataDir);
}

/**
 * Read an existing token file (used by CLI commands that talk to a running engine).
 * @returns the token
 * @throws ENOENT when there is none; Error when the file is empty or not a token
 */
export async function readToken(dataDir: string): Promise<string> {
  const file = join(dataDir, TOKEN_FILE);
  if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const token = (await readFile(file, 'utf8')).trim();
  if (!/^[0-9a-f]{32,128}$/.test(token)) throw new Error(`${file} does not hold a ProvKit UI token: delete it and restart ProvKit to make a new one`);
  return token;
}

/**
 * Name of the session cookie for a UI port. Cookies are shared by every port of a host, so the
 * port is part of the name (two servers on one machine do not overwrite each other's cookie).
 */
export function cookieName(port: number): string {
  return `provkit-token-${port}`;
}

/**
 * The `Set-Cookie` value for the session cookie.
 * @param port the UI port; @param token the token
 */
export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/**
 * Is the request's `Host` one this server answers to?
 * @param host the `Host` header (`name`, `name:port`, `[v6]:port`)
 * @param allowed extra names the user allowed (case-insensitive)
 * @returns true for IP literals, `localhost` and allowed names; false for anything else or no Host
 */
export function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return false;
  let name: string;
  try {
    name = new URL(`http://${host}/`).hostname.toLowerCase();
  } catch {
    return false;
  }
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  if (isIP(bare)) return true;
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  return allowed.some((a) => a.toLowerCase() === bare);
}

/**
 * Does the request carry the token (Bearer header, session cookie, or — for the WebSocket only,
 * which browsers cannot give headers — a `token` query parameter)?
 * @param allowQuery accept `?token=` (WebSocket upgrade only)
 */
export function hasToken(req: IncomingMessage, token: string, port: number, allowQuery = false): boolean {
  const auth = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  if (m && same(m[1]!, token)) return true;
  const cookie = parseCookies(req.headers.cookie)[cookieName(port)];
  if (cookie !== undefined && same(cookie, token)) return true;
  if (allowQuery) {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    if (q !== null && same(q, token)) return true;
  }
  return false;
}

/** Constant-time string comparison. */
export function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/**
 * The warning `provkit serve` prints for a UI bound beyond loopback, or undefined on loopback.
 * @param bind the `--ui-bind` address
 */
export function exposureWarning(bind: string): string | undefined {
  if (bind === '127.0.0.1' || bind === '::1' || bind === 'localhost' || bind.startsWith('127.')) return undefined;
  return (
    `WARNING: the web UI listens on ${bind}, beyond this computer. Anyone on the network who learns the token ` +
    '(it is in the address above; plain HTTP sends it unencrypted) can export SIP passwords, change the inventory and ' +
    'reset phones with the stored admin passwords. Use --ui-bind 127.0.0.1 unless you need remote access on a network you trust.'
  );
}
