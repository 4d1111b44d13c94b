/**
 * HTTP provisioning server: GET, HEAD (with Range) from the provisioning root and PUT for phone
 * uploads; optional path prefix (the seed's `72.245.184.168/mpv` style puts files under `/mpv/`)
 * and optional Basic auth; no directory listings; files are streamed, never buffered whole.
 * Sources: RFC 9110 §14 (Range), RFC 7617 (Basic), facts §1 step 8 (uploads, HEAD for the app log).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../logger';
import { baseName, cleanRequestPath, PathError } from './paths';
import type { RequestLog, RequestRecord } from './request-log';
import type { ProvisioningResolver, ResolvedFile } from './resolver';
import { pumpFile } from './file-pump';
import { SmallFileCache } from './small-files';
import { TransferTracker } from './transfer-tracker';
import { matchUploadName } from './uploads';

/** Settings of the HTTP server. */
export interface HttpServerOptions {
  bind: string;
  /** 0 = ephemeral. */
  port: number;
  /** Path prefix all files live under, e.g. `/mpv`; empty for the root. */
  pathPrefix: string;
  /** When set, every request needs these Basic credentials. */
  basicAuth?: { user: string; password: string };
  /** Largest upload accepted, bytes (default 64 MiB). */
  maxUploadBytes?: number;
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

/** The HTTP provisioning server. */
export class HttpProvisioningServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Requests in progress with their bytes (Servers page throughput and progress). */
  readonly tracker = new TransferTracker();
  /** Small files of the root kept in memory for a second (small-files.ts). */
  private readonly files: SmallFileCache;
  private opts: HttpServerOptions | undefined;

  constructor(
    private readonly resolver: ProvisioningResolver,
    private readonly log: RequestLog,
    private readonly logger: Logger,
  ) {
    this.files = new SmallFileCache(resolver);
  }

  /** Transfers in progress. */
  get activeTransfers(): number {
    return this.tracker.count;
  }

  /**
   * Start listening.
   * @returns the bound port
   * @throws the listen error (EACCES, EADDRINUSE, ...) — see explainListenError
   */
  async start(opts: HttpServerOptions): Promise<number> {
    if (this.server) throw new Error('HTTP server is already running');
    this.opts = opts;
    const server = createServer({ keepAlive: true }, (req, res) => {
      this.handle(req, res).catch((err: Error) => {
        this.logger.error(`request failed: ${err.message}`);
        if (!res.headersSent) send(res, 500, 'Internal error\n');
        else res.destroy();
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('clientError', (err, socket) => {
      this.logger.debug(`bad HTTP request: ${err.message}`);
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    });
    server.requestTimeout = 120_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: opts.bind, port: opts.port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.logger.error(`HTTP server error: ${err.message}`));
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /** Stop listening and drop open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const opts = this.opts!;
    const rec: RequestRecord = {
      time: started,
      protocol: 'http',
      client: normalizeAddress(req.socket.remoteAddress),
      method: req.method ?? 'GET',
      path: rawPath(req.url ?? '/'),
      status: 0,
      bytesSent: 0,
      bytesReceived: 0,
      durationMs: 0,
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    };
    rec.session = `${rec.client}|${rec.userAgent ?? ''}`;
    const done = this.tracker.begin({
      client: rec.client,
      method: rec.method,
      get path() {
        return rec.path;
      },
      get bytes() {
        return rec.bytesSent + rec.bytesReceived;
      },
      get size() {
        const n = Number((req.method === 'PUT' ? req.headers['content-length'] : res.getHeader('content-length')) ?? NaN);
        return Number.isFinite(n) ? n : undefined;
      },
    });
    let finished = false;
    const finish = (status: number, error?: string) => {
      if (finished) return;
      finished = true;
      done();
      rec.status = status;
      rec.durationMs = Date.now() - started;
      if (error) rec.error = error;
      this.log.record(rec);
    };
    res.on('close', () => finish(res.writableFinished ? res.statusCode : res.statusCode >= 400 ? res.statusCode : 499, res.writableFinished ? rec.error : 'client closed the connection before the transfer finished'));

    if (opts.basicAuth && !authorized(req.headers.authorization, opts.basicAuth)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="ProvKit", charset="UTF-8"');
      rec.error = 'missing or wrong user name/password';
      send(res, 401, 'Authentication required\n');
      return;
    }
    let rel: string;
    try {
      rel = cleanRequestPath(rec.path, true);
    } catch (err) {
      if (err instanceof PathError) {
        rec.error = err.message;
        send(res, err.code === 'TRAVERSAL' || err.code === 'ABSOLUTE' ? 403 : 400, `${err.message}\n`);
        return;
      }
      throw err;
    }
    rec.path = `/${rel}`;
    const prefix = cleanRequestPath(opts.pathPrefix);
    if (prefix) {
      if (rel !== prefix && !rel.startsWith(`${prefix}/`)) {
        rec.error = `outside the path prefix /${prefix}`;
        send(res, 404, 'Not found\n');
        return;
      }
      rel = rel.slice(prefix.length + 1);
      rec.path = `/${rel}`;
    }
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        return this.serveFile(req, res, rel, rec);
      case 'PUT':
        return this.receiveUpload(req, res, rel, rec);
      default:
        res.setHeader('Allow', 'GET, HEAD, PUT');
        rec.error = `method ${req.method} not supported`;
        send(res, 405, 'Method not allowed\n');
    }
  }

  private async serveFile(req: IncomingMessage, res: ServerResponse, rel: string, rec: RequestRecord): Promise<void> {
    const hit = rel === '' ? undefined : await this.files.resolve(rel, { client: rec.client, ...(rec.userAgent ? { userAgent: rec.userAgent } : {}) });
    const file = hit?.file;
    if (!file) {
      rec.error = rel === '' || (await this.resolver.isDirectory(rel)) ? 'directory listings are not served' : 'no such file';
      send(res, 404, 'Not found\n');
      return;
    }
    rec.source = file.source;
    const range = parseRange(req.headers.range, file.size);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', contentTypeFor(rel));
    res.setHeader('Last-Modified', new Date(file.mtimeMs).toUTCString());
    res.setHeader('Cache-Control', 'no-cache');
    if (range === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${file.size}`);
      rec.error = `range ${req.headers.range} is outside the file (${file.size} bytes)`;
      send(res, 416, 'Range not satisfiable\n');
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? file.size - 1;
    const length = file.size === 0 ? 0 : end - start + 1;
    res.statusCode = range ? 206 : 200;
    if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${file.size}`);
    res.setHeader('Content-Length', length);
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    // Small files and rendered configs are in memory: one write, no stream machinery.
    const content = hit.content ?? (file.source === 'rendered' ? file.content : undefined);
    if (content) {
      rec.bytesSent += length;
      res.end(content.subarray(start, end + 1));
      return;
    }
    await this.stream(file, start, end, res, rec);
  }

  private async stream(file: ResolvedFile, start: number, end: number, res: ServerResponse, rec: RequestRecord): Promise<void> {
    if (file.source !== 'rendered' && !file.open) {
      // A file on disk: 1 MiB chunks shared by the transfers of the same file (file-pump.ts).
      try {
        await pumpFile(file.path, start, end, res, (n) => (rec.bytesSent += n));
        res.end();
      } catch (err) {
        rec.error = `transfer interrupted: ${(err as Error).message}`;
        res.destroy();
      }
      return;
    }
    const src = this.resolver.open(file, start, end);
    src.on('data', (chunk: Buffer) => {
      rec.bytesSent += chunk.length;
    });
    try {
      await pipeline(src, res);
    } catch (err) {
      rec.error = `transfer interrupted: ${(err as Error).message}`;
    }
  }

  private async receiveUpload(req: IncomingMessage, res: ServerResponse, rel: string, rec: RequestRecord): Promise<void> {
    const name = baseName(rel);
    if (!matchUploadName(name)) {
      rec.error = 'uploads are accepted only for phone files (<mac>-boot.log, -app.log, -phone.cfg, -web.cfg, -directory.xml, -calls.xml)';
      send(res, 403, 'Upload not allowed for this file name\n');
      return;
    }
    const max = this.opts?.maxUploadBytes ?? 64 * 1024 * 1024;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > max) {
      rec.error = `upload of ${declared} bytes is over the ${max}-byte limit`;
      send(res, 413, 'Upload too large\n');
      return;
    }
    const up = await this.resolver.uploads.open(name);
    req.on('data', (chunk: Buffer) => {
      rec.bytesReceived += chunk.length;
      if (rec.bytesReceived > max) req.destroy(new Error(`upload over the ${max}-byte limit`));
    });
    try {
      await pipeline(req, up.stream);
    } catch (err) {
      await up.abort();
      rec.error = `upload interrupted: ${(err as Error).message}`;
      if (!res.headersSent) send(res, rec.bytesReceived > max ? 413 : 400, 'Upload failed\n');
      return;
    }
    const stored = await up.commit();
    rec.source = 'upload';
    send(res, stored.previous ? 204 : 201, stored.previous ? '' : 'Stored\n');
  }
}

function send(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  if (body) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
  }
  res.end(status === 204 ? undefined : body);
}

/** The path part of a request target, without query or fragment (absolute-form accepted). */
function rawPath(url: string): string {
  let u = url;
  const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(u);
  if (abs) u = u.slice(abs[0].length) || '/';
  const q = u.search(/[?#]/);
  return q < 0 ? u : u.slice(0, q);
}

/** `::ffff:10.0.0.5` → `10.0.0.5`. */
export function normalizeAddress(addr: string | undefined): string {
  if (!addr) return 'unknown';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

function authorized(header: string | undefined, cred: { user: string; password: string }): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  const want = Buffer.from(`${cred.user}:${cred.password}`);
  return given.length === want.length && timingSafeEqual(given, want);
}
