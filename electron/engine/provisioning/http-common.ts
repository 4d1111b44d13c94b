/**
 * What the two halves of the HTTP provisioning server share (http-server.ts in the main thread,
 * http-front.ts in its worker thread): the checks every request passes before a file is looked
 * up (Basic auth, path safety, the path prefix, the method), the headers and status of a file
 * response (Range), and the request record both send to the request log.
 * Sources: RFC 9110 §14 (Range), §15.5.6 (405 + Allow); RFC 7617 (Basic).
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { cleanRequestPath, PathError } from './paths';
import type { RequestRecord } from './request-log';
import type { Logger } from '../logger';

/** The settings both halves need to admit a request. */
export interface HttpAdmission {
  /** Path prefix all files live under, e.g. `/mpv`; empty for the root. */
  pathPrefix: string;
  /** When set, every request needs these Basic credentials. */
  basicAuth?: { user: string; password: string };
}

const TYPES: Record<string, string> = {
  cfg: 'application/xml',
  xml: 'application/xml',
  log: 'text/plain; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  ver: 'text/plain; charset=utf-8',
  boot: 'text/plain; charset=utf-8',
};

/** Content type for a file name (`application/octet-stream` for firmware and unknown files). */
export function contentTypeFor(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}

/**
 * Parse a single `Range: bytes=...` header against a size (RFC 9110 §14.1.2).
 * @returns `{start, end}` (inclusive), `'unsatisfiable'`, or undefined to serve the whole file
 *          (no header, another unit, several ranges, or a malformed value)
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** `::ffff:10.0.0.5` → `10.0.0.5`; `unknown` when there is no address. */
export function normalizeAddress(addr: string | undefined): string {
  if (!addr) return 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

/** The path part of a request target, without query or fragment (absolute-form accepted). */
export function rawPath(url: string): string {
  if (url.charCodeAt(0) === 47 && !/[?#]/.test(url)) return url; // origin-form without a query: as is
  let u = url;
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(u);
  if (abs) u = u.slice(abs[0].length) || '/';
  const q = u.search(/[?#]/);
  return q < 0 ? u : u.slice(0, q);
}

/**
 * What the servers read of a request's head: an `IncomingMessage`, or the same fields carried
 * over from the HTTP front with an upload (http-front-protocol.ts `upload`).
 */
export type RequestHead = Pick<IncomingMessage, 'method' | 'url' | 'httpVersion' | 'rawHeaders' | 'headers'>;

/**
 * The record of a request as it arrives (status 0, no bytes yet); the server fills in the rest.
 * @param client the client's address (normalised)
 * @param started ms since epoch
 */
export function newRecord(req: RequestHead, client: string, started: number): RequestRecord {
  const ua = req.headers['user-agent'];
  const rec: RequestRecord = {
    time: started,
    protocol: 'http',
    client,
    method: req.method ?? 'GET',
    path: rawPath(req.url ?? '/'),
    status: 0,
    bytesSent: 0,
    bytesReceived: 0,
    durationMs: 0,
    session: `${client}|${ua ?? ''}`,
  };
  if (ua) rec.userAgent = ua;
  rec.requestLine = `${rec.method} ${req.url ?? '/'} HTTP/${req.httpVersion}`;
  rec.headers = shownHeaders(req.rawHeaders);
  return rec;
}

/** Most headers kept per request, and characters per value (request log detail). */
const MAX_HEADERS = 40;
const MAX_HEADER_VALUE = 300;

/**
 * The request headers as the log shows them: in order, without ProvKit's own front headers, an
 * Authorization value reduced to its scheme (and the user name of Basic, RFC 7617 §2) so no
 * password is ever kept.
 * @param raw `IncomingMessage.rawHeaders` (name, value, name, value, ...)
 * @returns at most 40 `[name, value]` pairs, values cut at 300 characters
 */
export function shownHeaders(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length && out.length < MAX_HEADERS; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (lower.startsWith('x-provkit-')) continue;
    let value = raw[i + 1]!;
    if (lower === 'authorization' || lower === 'proxy-authorization') value = hideCredentials(value);
    out.push([name, value.length > MAX_HEADER_VALUE ? `${value.slice(0, MAX_HEADER_VALUE)}…` : value]);
  }
  return out;
}

/** `Basic <base64>` → `Basic (user "name", password hidden)`; other schemes → `<scheme> (hidden)`. */
function hideCredentials(value: string): string {
  const [scheme = '', token = ''] = value.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'basic') return `${scheme} (hidden)`;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? 'Basic (malformed)' : `Basic (user "${decoded.slice(0, colon)}", password hidden)`;
}

/** A request turned away before any file is looked up: what to answer and what to log. */
export interface Refusal {
  status: number;
  body: string;
  /** Extra headers (two `WWW-Authenticate` challenges are two values). */
  headers?: Record<string, string | string[]>;
  error: string;
}

/**
 * Admit a request: Basic auth (RFC 7617), a safe path (paths.ts), inside the prefix, and a method
 * the server knows (GET, HEAD, PUT). Sets `rec.path` to `/` + the path relative to the prefix, as
 * the request log shows it.
 * @returns the clean path relative to the prefix (`''` for the root itself), or the refusal
 */
export function admit(req: RequestHead, opts: HttpAdmission, rec: RequestRecord): { rel: string } | Refusal {
  if (opts.basicAuth && !authorized(req.headers.authorization, opts.basicAuth)) {
    return { status: 401, body: 'Authentication required\n', headers: { 'WWW-Authenticate': 'Basic realm="ProvKit", charset="UTF-8"' }, error: 'missing or wrong user name/password' };
  }
  let rel: string;
  try {
    rel = cleanRequestPath(rec.path, true);
  } catch (err) {
    if (!(err instanceof PathError)) throw err;
    return { status: err.code === 'TRAVERSAL' || err.code === 'ABSOLUTE' ? 403 : 400, body: `${err.message}\n`, error: err.message };
  }
  rec.path = `/${rel}`;
  const prefix = opts.pathPrefix && cleanRequestPath(opts.pathPrefix);
  if (prefix) {
    if (rel !== prefix && !rel.startsWith(`${prefix}/`)) return { status: 404, body: 'Not found\n', error: `outside the path prefix /${prefix}` };
    rel = rel.slice(prefix.length + 1);
    rec.path = `/${rel}`;
  }
  const method = req.method;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') {
    return { status: 405, body: 'Method not allowed\n', headers: { Allow: 'GET, HEAD, PUT' }, error: `method ${method} not supported` };
  }
  return { rel };
}

/** Answer a refusal and note its reason in the record. */
export function refuse(res: ServerResponse, refusal: Refusal, rec: RequestRecord): void {
  writeAnswer(res, refusalAnswer(refusal, rec));
}

/** What a GET or HEAD of a file answers: status, headers and the byte range to send. */
export type FileAnswer =
  | { status: 200 | 206; headers: OutgoingHttpHeaders; start: number; end: number; length: number }
  | { status: 416; headers: OutgoingHttpHeaders; error: string };

/**
 * The answer to a GET/HEAD of a file of `size` bytes last modified at `mtimeMs` (ms since epoch).
 * @param name the file's name (its extension gives the Content-Type)
 * @param range the request's Range header
 * @param lastModified the HTTP date of mtimeMs, when the caller already has it
 */
export function answerFile(name: string, size: number, mtimeMs: number, range: string | undefined, lastModified = new Date(mtimeMs).toUTCString()): FileAnswer {
  const r = parseRange(range, size);
  const headers: OutgoingHttpHeaders = { 'Accept-Ranges': 'bytes', 'Content-Type': contentTypeFor(name), 'Last-Modified': lastModified, 'Cache-Control': 'no-cache' };
  if (r === 'unsatisfiable') {
    headers['Content-Range'] = `bytes */${size}`;
    return { status: 416, headers, error: `range ${range} is outside the file (${size} bytes)` };
  }
  const start = r?.start ?? 0;
  const end = r?.end ?? size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  if (r) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = length;
  return { status: r ? 206 : 200, headers, start, end, length };
}

/** A whole short answer: status, headers, text body (empty for 204). */
export interface TextAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/**
 * A short text answer as {@link send} writes it (its headers: `Content-Type` and `Content-Length`
 * when there is a body, then `extra`).
 * @param status HTTP status
 * @param body text (dropped for 204, RFC 9110 §15.3.5)
 * @param extra more headers (a refusal's `WWW-Authenticate`)
 */
export function textAnswer(status: number, body: string, extra?: Record<string, string | string[]>): TextAnswer {
  const text = status === 204 ? '' : body;
  const headers: Record<string, string | string[]> = text ? { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) } : {};
  if (extra) Object.assign(headers, extra);
  return { status, headers, body: text };
}

/** A refusal as a whole answer ({@link refuse} writes it); notes its reason in the record. */
export function refusalAnswer(refusal: Refusal, rec: RequestRecord): TextAnswer {
  rec.error = refusal.error;
  return textAnswer(refusal.status, refusal.body, refusal.headers);
}

/** Write a whole short answer ({@link textAnswer}) to the response and end it. */
export function writeAnswer(res: ServerResponse, a: TextAnswer): void {
  res.statusCode = a.status;
  for (const [k, v] of Object.entries(a.headers)) res.setHeader(k, v);
  res.end(a.body || undefined);
}

/** Answer with a short text body (or none for 204). */
export function send(res: ServerResponse, status: number, body: string): void {
  writeAnswer(res, textAnswer(status, body));
}

/** Whether a Basic Authorization header carries these credentials (constant-time compare). */
export function authorized(header: string | undefined, cred: { user: string; password: string }): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  const want = Buffer.from(`${cred.user}:${cred.password}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** The error a response closed before its end is logged with. */
export const CLIENT_LEFT = 'client closed the connection before the transfer finished';

/** Why the server cut a response short, by response (see {@link cutByServer}). */
const serverCuts = new WeakMap<ServerResponse, string>();

/**
 * The server is about to cut `res` short itself, because the file could not be read (file-pump.ts's
 * `FileReadError`, or a stream source's error): log the cause, and note it so that
 * {@link onResponseClosed} logs the request with 500 and that cause (the same meaning as TFTP's
 * 500 in tftp/status.ts), not as the client leaving. Call it before destroying the response.
 * @param cause the read error; the request is logged with "transfer interrupted: <its message>"
 */
export function cutByServer(res: ServerResponse, rec: RequestRecord, cause: Error, logger: Logger): void {
  logger.error(`HTTP ${rec.path} to ${rec.client}: ${cause.message}`);
  serverCuts.set(res, `transfer interrupted: ${cause.message}`);
}

/**
 * Watch a stream source that is about to be piped into `res`: its own failure (a read error) is the
 * server's ({@link cutByServer}). The error `pipeline` gives it after the response closed first
 * (the client left: `ERR_STREAM_PREMATURE_CLOSE`) is not, and is left to {@link onResponseClosed}.
 * Call it before `pipeline`, so this listener runs before `pipeline` destroys the response.
 */
export function cutOnSourceError(src: Readable, res: ServerResponse, rec: RequestRecord, logger: Logger): void {
  src.once('error', (err: Error) => {
    if (!res.destroyed) cutByServer(res, rec, err, logger);
  });
}

/**
 * Call `then` once, when the response is closed, with whether it was sent whole. Node's
 * `ServerResponse` emits `finish` from the callback of its last socket write; a client that hangs
 * up right after the last byte (it has all `Content-Length` bytes) can have its end of connection
 * handled first, so `close` comes before `finish`, or even before the sender's `end()` (Node.js
 * `http` docs, `response` events 'close' and 'finish'). So a response is whole when: it finished;
 * or every body byte it declares was written (`sentBytes`, counted once each write's callback
 * ran); or its `end()` was called and `finish` follows within two turns of the event loop.
 * @param res the response
 * @param then told whether it went whole, the status to log and, when it was not whole, why
 *   (`error`): whole → its own status; cut by the server ({@link cutByServer}) → 500 and that
 *   cause; otherwise its own status when that is an error status (≥ 400), else 499 (nginx's
 *   "client closed request"), with {@link CLIENT_LEFT}
 * @param sentBytes body bytes written so far, each counted once its write completed (file-pump.ts)
 */
export function onResponseClosed(res: ServerResponse, then: (outcome: { whole: boolean; status: number; error?: string }) => void, sentBytes?: () => number): void {
  const tell = (whole: boolean) => {
    if (whole) return then({ whole, status: res.statusCode });
    const cut = serverCuts.get(res);
    if (cut !== undefined) return then({ whole, status: 500, error: cut });
    then({ whole, status: res.statusCode >= 400 ? res.statusCode : 499, error: CLIENT_LEFT });
  };
  res.once('close', () => {
    if (res.writableFinished) return tell(true);
    const declared = Number(res.getHeader('content-length'));
    if (sentBytes && Number.isFinite(declared) && declared > 0 && sentBytes() >= declared) return tell(true);
    if (!res.writableEnded) return tell(false);
    let decided = false;
    const decide = (whole: boolean) => {
      if (decided) return;
      decided = true;
      res.off('finish', onFinish);
      tell(whole);
    };
    const onFinish = () => decide(true);
    res.once('finish', onFinish);
    setImmediate(() => setImmediate(() => decide(res.writableFinished)));
  });
}
