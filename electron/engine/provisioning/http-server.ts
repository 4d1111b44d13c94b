/**
 * HTTP provisioning server: GET, HEAD (with Range) from the provisioning root and PUT for phone
 * uploads; optional path prefix (the seed's `72.245.184.168/mpv` style puts files under `/mpv/`)
 * and optional Basic auth; no directory listings; files are streamed, never buffered whole.
 * With more than one CPU the listening socket belongs to a front in a worker thread
 * (http-front.ts) that answers the real files of the root itself; this server then listens on
 * loopback for the rest (uploads, rendered configurations, firmware images, not found), which the
 * front forwards with a per-start secret; a name it found nothing for is then answered 404 by the
 * front while the resolver's answer revision holds (http-front-absent.ts). Without a worker (one CPU, `workerThread: false`, no
 * worker script) or if the front is lost, this server listens on the public address itself.
 * With `tls` options the same server speaks HTTPS (https-tls.ts), always from the main thread (the
 * front does not terminate TLS), logging requests as `https` and failed handshakes with their reason.
 * Sources: RFC 9110 §14 (Range), RFC 7617 (Basic), docs/sources.md §1 step 8 (uploads, HEAD for the app log).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../logger';
import { admit, answerFile, cutByServer, cutOnSourceError, newRecord, normalizeAddress, onResponseClosed, refusalAnswer, refuse, send, textAnswer, type Refusal, type RequestHead, type TextAnswer } from './http-common';
import { FrontHost, FrontUnavailableError } from './http-front-host';
import type { FrontUpload } from './http-front-protocol';
import { FRONT_CLIENT_HEADER, FRONT_SEQ_HEADER, FRONT_TOKEN_HEADER } from './http-front-proxy';
import { httpsListenOptions, macFromClientCertificate, watchHandshakes, type HttpsTlsOptions } from './https-tls';
import type { TLSSocket } from 'node:tls';
import { closeHttp, listenHttp, type HttpListener } from './http-listener';
import { copyBody } from './body-copy';
import { baseName } from './paths';
import type { RequestLog, RequestRecord } from './request-log';
import type { ProvisioningResolver, ResolvedFile } from './resolver';
import { FileReadError, pumpFile } from './file-pump';
import { SmallFileCache } from './small-files';
import { TransferTracker } from './transfer-tracker';
import { matchUploadName } from './uploads';
import type { OpenAccount } from './accounts';
import type { GuardRefusal } from './guard';
import { authenticate, challenges } from './http-auth';

export { contentTypeFor, normalizeAddress, parseRange } from './http-common';

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
  /**
   * Listen from a worker thread that answers the root's real files itself (http-front.ts).
   * Default: when the machine has more than one CPU.
   */
  workerThread?: boolean;
  /** Serve HTTPS with this certificate and policy (never through the worker front). */
  tls?: HttpsTlsOptions;
}

/** The HTTP provisioning server. */
export class HttpProvisioningServer {
  private listener: HttpListener | undefined;
  /** Requests in progress with their bytes (Servers page throughput and progress). */
  readonly tracker = new TransferTracker();
  /** Small files of the root kept in memory for a second (small-files.ts). */
  private readonly files: SmallFileCache;
  private opts: HttpServerOptions | undefined;
  /** The front in a worker thread, when it runs. */
  private readonly front: FrontHost;
  /** The secret the front sends while it runs (requests without it are refused). */
  private token: string | undefined;
  /** HTTPS with mutual TLS: every request needs an authorized client certificate. */
  private mtls = false;
  /** The loopback port the front forwards to, while the front runs (diagnostics, tests). */
  loopbackPort: number | undefined;

  /**
   * @param frontScript the front worker's script (default: found next to this module, see
   *   http-front-host.ts); null = never use a front
   */
  constructor(
    private readonly resolver: ProvisioningResolver,
    private readonly log: RequestLog,
    private readonly logger: Logger,
    frontScript?: URL | null,
  ) {
    this.files = new SmallFileCache(resolver);
    this.front = new FrontHost(log, this.tracker, logger, frontScript, (m) => this.acceptUpload(m)); // undefined: the default script
  }

  /**
   * Who holds the public port: `front` (the worker thread, see the file's comment), `direct` (this
   * thread), or `stopped`.
   */
  get mode(): 'front' | 'direct' | 'stopped' {
    return !this.listener ? 'stopped' : this.token ? 'front' : 'direct';
  }

  /** Transfers in progress. */
  get activeTransfers(): number {
    return this.tracker.count;
  }

  /**
   * Start listening: through the worker-thread front when there is more than one CPU (see the
   * file's comment), else directly.
   * @returns the bound port
   * @throws the listen error (EACCES, EADDRINUSE, ...) — see explainListenError
   */
  async start(opts: HttpServerOptions): Promise<number> {
    if (this.listener) throw new Error('HTTP server is already running');
    this.opts = opts;
    if (!opts.tls && (opts.workerThread ?? availableParallelism() > 1)) {
      const token = randomBytes(18).toString('base64url');
      const upstream = { port: await this.listen('127.0.0.1', 0), token };
      this.token = token;
      this.loopbackPort = upstream.port;
      try {
        const { bind, port, pathPrefix, basicAuth } = opts;
        const front = { bind, port, pathPrefix, ...(basicAuth ? { basicAuth } : {}), root: this.resolver.root, upstream, uploadsDir: this.resolver.uploads.dir, revision: this.resolver.revision.buffer };
        const bound = await this.front.start(front, (why) => void this.frontLost(why, bound));
        this.logger.info(`HTTP front in a worker thread on ${bind}:${bound}; the main thread answers it on 127.0.0.1:${upstream.port}`);
        return bound;
      } catch (err) {
        await this.closeServer();
        this.token = this.loopbackPort = undefined;
        if (!(err instanceof FrontUnavailableError)) throw err;
        this.logger.warn(`HTTP requests are served from the main thread: ${err.message}`);
      }
    }
    return this.listen(opts.bind, opts.port);
  }

  /** Stop listening and drop open connections. */
  async stop(): Promise<void> {
    await this.front.stop();
    await this.closeServer();
    this.token = this.loopbackPort = undefined;
  }

  /** The front stopped by itself: this thread takes over its address and port (`port`, as bound). */
  private async frontLost(why: string, port: number): Promise<void> {
    const opts = this.opts && { ...this.opts, port };
    this.logger.error(`${why}: HTTP requests are served from the main thread from now on`);
    await this.closeServer();
    this.token = this.loopbackPort = undefined;
    if (!opts) return;
    try {
      await this.listen(opts.bind, opts.port);
    } catch (err) {
      this.logger.error(`HTTP server could not listen again on ${opts.bind}:${opts.port}: ${(err as Error).message}`);
    }
  }

  private async listen(host: string, port: number): Promise<number> {
    const tls = this.opts?.tls;
    const material = tls && (await tls.material());
    this.mtls = Boolean(material?.clientCa);
    this.listener = await listenHttp(
      host,
      port,
      (req, res) => {
        this.handle(req, res).catch((err: Error) => {
          this.logger.error(`request failed: ${err.message}`);
          if (!res.headersSent) send(res, 500, 'Internal error\n');
          else res.destroy();
        });
      },
      this.logger,
      material && httpsListenOptions(material, tls.compat),
      tls && ((server) => watchHandshakes(server, tls.compat, Boolean(material?.clientCa), (r) => this.log.record(r), this.logger)),
    );
    return this.listener.port;
  }

  private async closeServer(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (listener) await closeHttp(listener);
  }

  /** The client of a request: the front's word for it when the front forwarded it. */
  private clientOf(req: IncomingMessage): string | undefined {
    if (!this.token) return normalizeAddress(req.socket.remoteAddress);
    const token = req.headers[FRONT_TOKEN_HEADER];
    const client = req.headers[FRONT_CLIENT_HEADER];
    const given = Buffer.from(typeof token === 'string' ? token : '');
    const want = Buffer.from(this.token);
    return given.length === want.length && timingSafeEqual(given, want) && typeof client === 'string' ? client : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = this.clientOf(req);
    if (!client) {
      // Someone on this computer found the loopback port the front forwards to.
      this.logger.debug(`refused a request on the front's loopback port from ${req.socket.remoteAddress}`);
      send(res, 403, 'This port is for ProvKit\'s own use\n');
      return;
    }
    // A request from the front: the requests it answered before are recorded first (order of the
    // log and timelines; upload guard).
    const seq = this.token ? Number(req.headers[FRONT_SEQ_HEADER]) : 0;
    if (seq > 0) await this.front.recordsUpTo(seq);
    const rec = newRecord(req, client, Date.now());
    if (this.opts?.tls) {
      rec.protocol = 'https';
      const sock = req.socket as TLSSocket;
      if (this.mtls && !sock.authorized) {
        // Dropped at the handshake already (https-tls.ts); never served.
        sock.destroy();
        return;
      }
      const mac = macFromClientCertificate(sock);
      if (mac) {
        rec.macHint = mac;
        rec.macHintSource = 'certificate';
      }
    }
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
      rec.durationMs = Date.now() - rec.time;
      if (error) rec.error = error;
      this.log.record(rec);
    };
    onResponseClosed(res, ({ whole, status, error }) => finish(status, whole ? rec.error : error), () => rec.bytesSent);

    const a = admit(req, this.opts!, rec);
    if ('status' in a) {
      refuse(res, a, rec);
      return;
    }
    if (req.method === 'PUT') return this.receiveUpload(req, res, a.rel, rec);
    return this.serveFile(req, res, a.rel, rec);
  }

  private async serveFile(req: IncomingMessage, res: ServerResponse, rel: string, rec: RequestRecord): Promise<void> {
    // Read before resolving: a change while the answer is worked out voids it (answer-revision.ts).
    const revision = this.resolver.revision.current;
    const hit = rel === '' ? undefined : await this.files.resolve(rel, { client: rec.client, ...(rec.userAgent ? { userAgent: rec.userAgent } : {}) });
    const file = hit?.file;
    if (!file) {
      rec.error = rel === '' || (await this.resolver.isDirectory(rel)) ? 'directory listings are not served' : 'no such file';
      // The front answers this name itself from now on while the revision holds (http-front-absent.ts).
      if (this.token && rec.error === 'no such file' && this.resolver.absenceHolds(rel)) {
        const known = this.resolver.knownPhones;
        const inventory = known && (() => ({ macs: known.macs(), revision: this.resolver.revision.current }));
        this.front.absent(rel, revision, this.resolver.absentShape(rel), inventory);
      }
      send(res, 404, 'Not found\n');
      return;
    }
    rec.source = file.source;
    if (file.source === 'rendered' && file.httpsBootstrap) rec.httpsBootstrap = true;
    if (this.guarded(req, res, rec, (account) => this.resolver.guard?.readRefusal(file, { protocol: 'http', client: rec.client, account }))) return;
    const answer = answerFile(rel, file.size, file.mtimeMs, req.headers.range);
    if (answer.status === 416) {
      refuse(res, { status: 416, body: 'Range not satisfiable\n', headers: answer.headers as Record<string, string>, error: answer.error }, rec);
      return;
    }
    const { start, end, length } = answer;
    res.statusCode = answer.status;
    for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v!); // the tracker reads Content-Length
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

  /**
   * Apply the provisioning guard (guard.ts): 401 with Digest and Basic challenges when the
   * provisioning account is needed and missing or wrong, 403 when credentials cannot help.
   * @param check the guard's verdict for the account the credentials match (if any)
   * @returns true when the request was answered (refused)
   */
  private guarded(req: IncomingMessage, res: ServerResponse, rec: RequestRecord, check: (account: OpenAccount | undefined) => GuardRefusal | undefined): boolean {
    const refusal = this.guardRefusal(req, check);
    if (refusal) refuse(res, refusal, rec);
    return Boolean(refusal);
  }

  /** The guard's refusal of a request as an HTTP answer (see {@link guarded}), or undefined. */
  private guardRefusal(req: RequestHead, check: (account: OpenAccount | undefined) => GuardRefusal | undefined): Refusal | undefined {
    const guard = this.resolver.guard;
    if (!guard) return undefined;
    const auth = req.headers.authorization ? authenticate(req, guard.accounts.accounts()) : {};
    const refusal = check(auth.account);
    if (!refusal) return undefined;
    const error = auth.error ? `${refusal.reason} (${auth.error})` : refusal.reason;
    return refusal.auth ? { status: 401, body: 'Authentication required\n', headers: { 'WWW-Authenticate': challenges(auth.stale) }, error } : { status: 403, body: 'Forbidden\n', error };
  }

  /**
   * Why an upload is refused before its body is read: a name no phone uploads (403), the guard
   * (401/403), a declared size over the limit (413).
   * @returns the refusal, or undefined to go on
   */
  private uploadRefusal(req: RequestHead, name: string, rec: RequestRecord): Refusal | undefined {
    if (!matchUploadName(name)) {
      return { status: 403, body: 'Upload not allowed for this file name\n', error: 'uploads are accepted only for phone files (<mac>-boot.log, -app.log, -phone.cfg, -web.cfg, -directory.xml, -calls.xml)' };
    }
    const refused = this.guardRefusal(req, (account) => this.resolver.guard?.uploadRefusal(name, { protocol: 'http', client: rec.client, account }));
    if (refused) return refused;
    const max = this.maxUpload;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > max) return { status: 413, body: 'Upload too large\n', error: `upload of ${declared} bytes is over the ${max}-byte limit` };
    return undefined;
  }

  /** Largest upload accepted, bytes. */
  private get maxUpload(): number {
    return this.opts?.maxUploadBytes ?? 64 * 1024 * 1024;
  }

  /**
   * An upload the front received whole and sent over its message port (http-front-protocol.ts
   * `upload`) instead of forwarding it over loopback HTTP: judged and stored as
   * {@link receiveUpload} does, recorded here as a forwarded request is (after the front's records
   * before it).
   * @returns the answer for the front to give the phone (500 when storing failed unexpectedly)
   */
  async acceptUpload(m: FrontUpload): Promise<TextAnswer> {
    if (m.seq > 0) await this.front.recordsUpTo(m.seq);
    const rec = newRecord(m, m.client, m.time);
    rec.bytesReceived = m.body.byteLength;
    const done = this.tracker.begin({ client: rec.client, method: rec.method, path: rec.path, bytes: rec.bytesReceived, size: rec.bytesReceived });
    let answer: TextAnswer;
    try {
      answer = await this.storeUpload(m, rec);
    } catch (err) {
      rec.error = `request failed: ${(err as Error).message}`;
      this.logger.error(rec.error);
      answer = textAnswer(500, 'Internal error\n');
    }
    done();
    rec.status = answer.status;
    rec.durationMs = Date.now() - rec.time;
    this.log.record(rec);
    return answer;
  }

  private async storeUpload(m: FrontUpload, rec: RequestRecord): Promise<TextAnswer> {
    const a = admit(m, this.opts!, rec);
    if ('status' in a) return refusalAnswer(a, rec);
    const name = baseName(a.rel);
    const refused = m.method === 'PUT' ? this.uploadRefusal(m, name, rec) : { status: 405, body: 'Method not allowed\n', error: `method ${m.method} sent as an upload` };
    if (refused) return refusalAnswer(refused, rec);
    const up = await this.resolver.uploads.open(name, rec.client);
    try {
      await new Promise<void>((resolve, reject) => {
        up.stream.once('error', reject);
        up.stream.once('close', () => resolve());
        up.stream.end(m.body);
      });
      if (!up.stream.writableFinished) throw new Error('the file was closed before the upload was written');
    } catch (err) {
      await up.abort();
      rec.error = `upload interrupted: ${(err as Error).message}`;
      return textAnswer(400, 'Upload failed\n');
    }
    rec.source = 'upload';
    return storedAnswer(await up.commit());
  }

  private async stream(file: ResolvedFile, start: number, end: number, res: ServerResponse, rec: RequestRecord): Promise<void> {
    if (file.source !== 'rendered' && !file.open) {
      // A file on disk: 1 MiB chunks shared by the transfers of the same file (file-pump.ts).
      try {
        await pumpFile(file.path, start, end, res, (n) => (rec.bytesSent += n));
        res.end();
      } catch (err) {
        // A read failure is the server's; anything else is the client gone (logged when closed).
        if (err instanceof FileReadError) cutByServer(res, rec, err, this.logger);
        res.destroy();
      }
      return;
    }
    const src = this.resolver.open(file, start, end);
    src.on('data', (chunk: Buffer) => {
      rec.bytesSent += chunk.length;
    });
    cutOnSourceError(src, res, rec, this.logger);
    await pipeline(src, res).catch(() => {}); // logged when the response closes (onResponseClosed)
  }

  private async receiveUpload(req: IncomingMessage, res: ServerResponse, rel: string, rec: RequestRecord): Promise<void> {
    const name = baseName(rel);
    const refused = this.uploadRefusal(req, name, rec);
    if (refused) return refuse(res, refused, rec);
    const max = this.maxUpload;
    const up = await this.resolver.uploads.open(name, rec.client);
    req.on('data', (chunk: Buffer) => {
      rec.bytesReceived += chunk.length;
      if (rec.bytesReceived > max) req.destroy(new Error(`upload over the ${max}-byte limit`));
    });
    try {
      await copyBody(req, up.stream);
    } catch (err) {
      await up.abort();
      rec.error = `upload interrupted: ${(err as Error).message}`;
      if (!res.headersSent) send(res, rec.bytesReceived > max ? 413 : 400, 'Upload failed\n');
      return;
    }
    const stored = storedAnswer(await up.commit());
    rec.source = 'upload';
    send(res, stored.status, stored.body);
  }
}

/** The answer to a stored upload: 201 for a first version, 204 when it replaced one (moved to history). */
function storedAnswer(stored: { previous?: string }): TextAnswer {
  return stored.previous ? textAnswer(204, '') : textAnswer(201, 'Stored\n');
}
