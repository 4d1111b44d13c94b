/**
 * Headless transport of the API contract (design.md "One contract, two transports"): serves the
 * built renderer, `POST /api/<name>` (JSON args → JSON result) and one WebSocket at `/api/events`
 * carrying `{ "event", "payload" }` messages.
 * Protection (ui-auth.ts): every `/api/*` call and the WebSocket need the data folder's token
 * (Bearer header or the session cookie); a `Host` that is not an IP literal, `localhost` or a name
 * the user allowed gets 403 (DNS rebinding); API calls must be `application/json` (a cross-origin
 * page cannot send that without a preflight this server never grants) and a present `Origin` must
 * match the Host.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRequestName, parseRequestArgs, type ApiErrorBody, type ApiHandlers, type EventName, type RequestName } from '../../../shared/api';
import type { Logger } from '../logger';
import { cleanRequestPath, PathError } from '../provisioning/paths';
import { httpStatusOf, toErrorBody } from './error-body';
import { hasToken, hostAllowed, same, sessionCookie } from './ui-auth';

/** What the transport needs from the engine. */
export interface TransportEngine {
  handlers: ApiHandlers;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /** Streamed file uploads (`POST /api/upload/<kind>`): a firmware package from the browser. */
  uploads?: { firmware(fileName: string, body: Readable): Promise<unknown> };
  /**
   * Requests without arguments answered with JSON text, or its UTF-8 bytes, that the engine mostly
   * holds already (the same text as `JSON.stringify` of the handler's result): the Phones list, whose rows at 1,000 phones
   * are mostly unchanged between two calls.
   */
  jsonAnswers?: Partial<Record<RequestName, () => string | Buffer>>;
}

/** Options of the UI server. */
export interface UiServerOptions {
  bind: string;
  /** 0 = ephemeral. */
  port: number;
  /** Folder with the built renderer (`dist/web`). */
  webRoot: string;
  /** The data folder's UI token (ui-auth.ts `loadOrCreateToken`). */
  token: string;
  /** Host names (besides IP literals and `localhost`) the server answers to (`--ui-allow-host`). */
  allowHosts?: string[];
}

const UNAUTHORIZED = {
  error: {
    code: 'UNAUTHORIZED',
    message: 'This request needs the ProvKit access token.',
    fix: 'Open the web UI at the address `provkit serve` printed (it ends with ?token=…), or send "Authorization: Bearer <token>" with the token from the ui-token file in the data folder.',
  },
};
const BAD_HOST = {
  error: {
    code: 'HOST_NOT_ALLOWED',
    message: 'This server does not answer to that host name (protection against DNS rebinding).',
    fix: 'Use http://127.0.0.1:<port>/ or http://localhost:<port>/, or start provkit serve with --ui-allow-host <name>.',
  },
};

const MAX_BODY = 1024 * 1024;
const STATIC_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/json',
  woff2: 'font/woff2',
};
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'";

/**
 * An error thrown by a handler as the HTTP answer: the contract's error body (error-body.ts, the
 * same as over IPC) and the status of its code (error-info.ts `httpStatusOf`).
 * @returns `[status, body]`
 */
export function errorResponse(err: unknown): [number, ApiErrorBody] {
  const body = toErrorBody(err);
  return [httpStatusOf(body.error.code), body];
}

/** The headless UI + API server. */
export class UiServer {
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(
    private readonly engine: TransportEngine,
    private readonly logger: Logger,
  ) {}

  /**
   * Start serving.
   * @returns the bound port
   * @throws the listen error
   */
  async start(opts: UiServerOptions): Promise<number> {
    const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    const server = createServer((req, res) => {
      this.route(req, res, opts).catch((err: Error) => {
        this.logger.error(`UI request failed: ${err.message}`);
        if (!res.headersSent) json(res, ...errorResponse(err));
        else res.destroy();
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('upgrade', (req, socket, head) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/api/events' || !sameOrigin(req) || !hostAllowed(req.headers.host, opts.allowHosts ?? [])) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      if (!hasToken(req, opts.token, this.port, true)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    });
    wss.on('connection', (ws: WebSocket) => {
      ws.on('error', (err) => this.logger.debug(`event socket error: ${err.message}`));
    });
    this.unsubscribe = this.engine.onEvent((event, payload) => {
      if (wss.clients.size === 0) return; // no page open: nothing to serialise (one event per request)
      const msg = JSON.stringify({ event, payload });
      for (const client of wss.clients) if (client.readyState === 1) client.send(msg);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: opts.bind, port: opts.port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.wss = wss;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** Stop serving and close event sockets. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.wss?.close();
    const server = this.server;
    this.server = undefined;
    if (server) {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of this.sockets) s.destroy();
      await closed;
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, opts: UiServerOptions): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!hostAllowed(req.headers.host, opts.allowHosts ?? [])) return json(res, 403, BAD_HOST);
    if (path.startsWith('/api/')) return this.api(req, res, path.slice(5), opts.token);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return json(res, 405, { error: { code: 'METHOD', message: 'Method not allowed' } });
    }
    return this.serveStatic(req, res, path, opts);
  }

  private async api(req: IncomingMessage, res: ServerResponse, name: string, token: string): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (!hasToken(req, token, this.port)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="ProvKit"');
      return json(res, 401, UNAUTHORIZED);
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return json(res, 405, { error: { code: 'METHOD', message: 'API requests are POST with a JSON body' } });
    }
    if (name === 'upload/firmware') return this.upload(req, res);
    if (!isRequestName(name)) return json(res, 404, { error: { code: 'UNKNOWN_REQUEST', message: `No API request named "${name}"` } });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json') || !sameOrigin(req)) {
      return json(res, 403, { error: { code: 'FORBIDDEN', message: 'API requests must be same-origin application/json' } });
    }
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (err) {
      return json(res, 400, { error: { code: 'BAD_JSON', message: (err as Error).message } });
    }
    try {
      const args = parseRequestArgs(name, body);
      const text = this.engine.jsonAnswers?.[name];
      if (text) return void jsonText(res, 200, text());
      const handler = this.engine.handlers[name] as (a: unknown) => Promise<unknown>;
      const result = await handler(args);
      json(res, 200, result ?? null);
    } catch (err) {
      json(res, ...errorResponse(err));
    }
  }

  /**
   * A firmware package streamed from the browser: `POST /api/upload/firmware`, body the file
   * (`application/octet-stream`), its name in `X-File-Name` (URI-encoded). Answers the import
   * report. Reached through {@link api}, so it has the same checks as every API request.
   */
  private async upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream') || !sameOrigin(req)) {
      return json(res, 403, { error: { code: 'FORBIDDEN', message: 'Uploads must be same-origin application/octet-stream' } });
    }
    let name: string;
    try {
      name = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
    } catch {
      name = '';
    }
    if (!name || !this.engine.uploads) return json(res, 400, { error: { code: 'BAD_UPLOAD', message: 'X-File-Name (the package file name) is missing' } });
    try {
      json(res, 200, await this.engine.uploads.firmware(name, req));
    } catch (err) {
      req.resume();
      json(res, ...errorResponse(err));
    }
  }

  private async serveStatic(req: IncomingMessage, res: ServerResponse, path: string, opts: UiServerOptions): Promise<void> {
    const webRoot = opts.webRoot;
    let rel: string;
    try {
      rel = cleanRequestPath(path, true);
    } catch (err) {
      if (err instanceof PathError) return json(res, ...errorResponse(err));
      throw err;
    }
    let file = join(webRoot, rel || 'index.html');
    let st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) {
      // Client-side routes fall back to the app; missing assets are 404.
      if (rel.includes('.')) return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
      file = join(webRoot, 'index.html');
      st = await stat(file).catch(() => undefined);
      if (!st?.isFile()) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`The ProvKit UI is not built in ${webRoot}.\nRun \`npm run build:web\` in the ProvKit folder, then reload.\nThe API is available at /api/<request>.\n`);
        return;
      }
    }
    const ext = file.slice(file.lastIndexOf('.') + 1);
    // Opened with the right ?token=: the session cookie lets a reload or a second tab in without it.
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    if (ext === 'html' && q !== null && same(q, opts.token)) res.setHeader('Set-Cookie', sessionCookie(this.port, opts.token));
    res.writeHead(200, {
      'Content-Type': STATIC_TYPES[ext] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Content-Security-Policy': CSP,
      'Cache-Control': ext === 'html' ? 'no-cache' : 'max-age=3600',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  jsonText(res, status, JSON.stringify(body));
}

function jsonText(res: ServerResponse, status: number, text: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error(`request body over ${MAX_BODY} bytes`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('request body is not valid JSON');
  }
}
