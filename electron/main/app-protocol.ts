/**
 * The `app://provkit/` scheme the built renderer loads from instead of `file://` (Electron
 * security checklist item 18, https://www.electronjs.org/docs/latest/tutorial/security): a
 * standard, secure origin of its own, so `'self'` in the CSP means only our files, and no page can
 * read arbitrary local files. Only files under `out/renderer/` are served; anything else is 404.
 * No runtime `electron` import: `protocol` and the file reader are passed in (tested with fakes).
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Scheme and host of the renderer: `app://provkit/index.html`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'provkit';
/** The renderer's start URL. */
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Privileges for `protocol.registerSchemesAsPrivileged` (before `app` is ready). */
export const APP_SCHEME_PRIVILEGES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * Map an `app://` URL to a file under the renderer folder.
 * @param rootDir absolute `out/renderer`
 * @param url the requested URL
 * @returns the absolute file path, or undefined for another scheme/host, a path escaping the root
 *   (`..`, encoded `%2e%2e`, backslashes, NUL) or a malformed URL
 */
export function resolveAppFile(rootDir: string, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${path}`);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return undefined;
  return file;
}

/** The part of Electron's `protocol` used here. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: { url: string }) => Response | Promise<Response>): void;
}

/**
 * Serve `out/renderer` on `app://provkit/`.
 * @param protocol `session.defaultSession.protocol` (or a fake)
 * @param rootDir absolute `out/renderer`
 * @param read file reader (default `fs.readFile`)
 */
export function registerAppProtocol(protocol: ProtocolLike, rootDir: string, read: (p: string) => Promise<Buffer> = (p) => readFile(p)): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rootDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await read(file);
      return new Response(new Uint8Array(body), { status: 200, headers: { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
