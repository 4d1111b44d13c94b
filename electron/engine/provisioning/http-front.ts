/**
 * The HTTP provisioning server's front (small files at ≥ 0.5× nginx requests/s): it
 * owns the listening socket, in a worker thread of its own (http-front-worker.ts), and answers
 * GET and HEAD of the real files of the provisioning root itself — from memory for small files
 * (small-files.ts), in shared 1 MiB chunks for large ones (file-pump.ts). Everything else goes on,
 * unchanged, to the main thread's server (http-server.ts) listening on loopback
 * (http-front-proxy.ts): uploads and the phone files stored from them, rendered configurations,
 * firmware repository images, directories and files that are not there — except the names the
 * main thread already found nothing for at the current revision (http-front-absent.ts), which the
 * front answers 404 itself. Resolution order stays the resolver's (resolver.ts): uploads first,
 * then a real file of the root, then the rest.
 * A request the front answers is reported as a {@link RequestRecord} (the main thread gives it to
 * the request log); a proxied one is recorded by the main thread's server.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { admit, answerFile, cutByServer, newRecord, normalizeAddress, onResponseClosed, refuse, send, writeAnswer, type HttpAdmission, type TextAnswer } from './http-common';
import { FRONT_UPLOAD_MAX, type FrontTransfer, type FrontUpload } from './http-front-protocol';
import { FrontProxy, type Upstream } from './http-front-proxy';
import { closeHttp, listenHttp, type HttpListener } from './http-listener';
import { FileReadError, pumpFile } from './file-pump';
import { baseName } from './paths';
import type { RequestRecord } from './request-log';
import type { ResolvedFile } from './resolver';
import { RootFiles } from './root-files';
import { SmallFileCache } from './small-files';
import { matchUploadName, UploadStore } from './uploads';
import { AnswerRevision } from './answer-revision';
import { AbsentNames } from './http-front-absent';

/** Settings of the front (structured-clone data: it is sent to the worker thread). */
export interface HttpFrontOptions extends HttpAdmission {
  bind: string;
  /** 0 = ephemeral. */
  port: number;
  /** The provisioning root (absolute). */
  root: string;
  /** The main thread's server on loopback, for what the front does not answer itself. */
  upstream: Upstream;
  /** The phones' uploads folder (UploadStore.dir): an upload name is looked up there first. */
  uploadsDir?: string;
  /** The main thread's {@link AnswerRevision} memory; without it every miss goes to the main thread. */
  revision?: SharedArrayBuffer;
}

/** What the front tells its host. */
export interface FrontReport {
  /** A request the front answered is over (recorded when the response closes). */
  record(rec: RequestRecord, tracked: boolean): void;
  /** A large-file transfer starts; `id` names it in {@link FrontReport.transferEnd}. */
  transferBegin(id: number, t: FrontTransfer): void;
  transferEnd(id: number, bytes: number): void;
  /**
   * Send the records waiting to go now; @returns the sequence number of the last batch sent. A
   * request sent on to the main thread goes with it, so that the main thread records it, and judges
   * an upload (the upload guard: did this phone fetch its files from this address?), only after
   * the requests the front answered before.
   */
  barrier?(): number;
  /**
   * Send an upload received whole to the main thread (after the records waiting to go), which
   * judges, stores and records it.
   * @returns its answer for the phone; rejects when the front stops first
   */
  upload?(u: Omit<FrontUpload, 'type' | 'id' | 'seq'>): Promise<TextAnswer>;
}

/** The front server. */
export class HttpFront {
  private listener: HttpListener | undefined;
  private readonly files: RootFiles;
  private readonly cache: SmallFileCache;
  private readonly proxy: FrontProxy;
  /** Names the main thread found nothing for, at the current revision. */
  readonly absent: AbsentNames | undefined;
  private readonly uploads: UploadStore | undefined;
  private nextId = 1;
  /** Headers and body of a whole small file, by its cached content (small-files.ts). */
  private readonly whole = new WeakMap<Buffer, { headers: OutgoingHttpHeaders; body: string | Buffer }>();
  /** Large-file transfers in progress, by id. */
  readonly transfers = new Map<number, FrontTransfer>();

  constructor(
    private readonly opts: HttpFrontOptions,
    private readonly report: FrontReport,
    private readonly logger: Logger,
  ) {
    this.files = new RootFiles(opts.root);
    const files = this.files;
    this.cache = new SmallFileCache({
      async resolve(rel: string): Promise<ResolvedFile | undefined> {
        const e = await files.lookup(rel);
        return e?.kind === 'file' ? { source: 'file', path: e.path, size: e.size, mtimeMs: e.mtimeMs } : undefined;
      },
    });
    this.proxy = new FrontProxy(opts.upstream);
    if (opts.revision && opts.uploadsDir) {
      this.absent = new AbsentNames(new AnswerRevision(opts.revision));
      this.uploads = new UploadStore(opts.uploadsDir);
    }
  }

  /**
   * Listen on the options' address and port.
   * @returns the bound port
   * @throws the listen error (EACCES, EADDRINUSE, ... with its `code`)
   */
  async start(): Promise<number> {
    await this.files.init();
    this.listener = await listenHttp(this.opts.bind, this.opts.port, (req, res) => this.handle(req, res), this.logger);
    return this.listener.port;
  }

  /** Stop listening, drop open connections and the connections to the main thread. */
  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (!listener) return;
    this.proxy.close();
    await closeHttp(listener);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const client = normalizeAddress(req.socket.remoteAddress);
    const rec = newRecord(req, client, Date.now());
    const a = admit(req, this.opts, rec);
    if ('status' in a) {
      this.recordOnClose(res, rec, false);
      refuse(res, a, rec);
      return;
    }
    const rel = a.rel;
    const upload = req.method === 'PUT' || rel === '' ? undefined : matchUploadName(baseName(rel));
    // The phone's own stored upload comes first (resolver.ts); only the main thread serves it.
    if (req.method === 'PUT') return this.upload(req, res, rec, client);
    if (rel === '' || (upload && (!this.uploads || this.uploads.storedOnDisk(upload)))) return this.forward(req, res, rec, client);
    this.lookup(req, res, rel, rec, client);
  }

  /**
   * An upload of declared length up to {@link FRONT_UPLOAD_MAX}: read whole here and sent to the
   * main thread over the message port, which judges, stores and records it as it does a forwarded
   * one (an HTTP request on loopback cost both threads several times more than the upload itself).
   * Larger uploads, and bodies of unknown length, are forwarded. A client that leaves before its
   * body is whole never reaches the main thread: the front records it (499, the client left).
   */
  private upload(req: IncomingMessage, res: ServerResponse, rec: RequestRecord, client: string): void {
    const declared = Number(req.headers['content-length']);
    const toMain = this.report.upload?.bind(this.report);
    if (!toMain || !Number.isInteger(declared) || declared > FRONT_UPLOAD_MAX || req.headers['transfer-encoding'] !== undefined) return this.forward(req, res, rec, client);
    const chunks: Buffer[] = [];
    let received = 0;
    let sent = false;
    onResponseClosed(res, ({ whole, status, error }) => {
      if (sent) return; // the main thread records it
      rec.status = status;
      if (!whole) rec.error = error;
      rec.bytesReceived = received;
      rec.durationMs = Date.now() - rec.time;
      this.report.record(rec, false);
    });
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    req.on('end', () => {
      if (res.destroyed) return;
      sent = true;
      const head = { client, time: rec.time, method: req.method ?? 'PUT', url: req.url ?? '/', httpVersion: req.httpVersion, rawHeaders: req.rawHeaders, headers: req.headers };
      toMain({ ...head, body: Buffer.concat(chunks, received) }).then(
        (a) => {
          if (!res.destroyed) writeAnswer(res, a);
        },
        () => res.destroy(),
      );
    });
  }

  /**
   * Send a request on to the main thread, which records it once the front's records of the
   * requests answered before it are in the request log (`FrontReport.barrier`): the log and the
   * phone's timeline keep the order the phone asked in, and the upload guard sees the files it
   * fetched first.
   * @param instead see `FrontProxy.forward`
   */
  private forward(req: IncomingMessage, res: ServerResponse, rec: RequestRecord, client: string, instead?: () => boolean): void {
    this.proxy.forward(req, res, client, (error) => this.failed(res, rec, error), this.report.barrier?.(), instead);
  }

  /**
   * A real file of the root is answered here; else a name the main thread found nothing for at
   * the current revision gets 404 here; else it goes to the main thread — unless, while it waits
   * there for a place (http-front-proxy.ts), the main thread's answer to an earlier request of
   * the same name or shape arrives: it is then answered here too (the checks of the root and of
   * the uploads were made when it came in).
   */
  private lookup(req: IncomingMessage, res: ServerResponse, rel: string, rec: RequestRecord, client: string): void {
    const cached = this.cache.peek(rel);
    if (cached) {
      this.serve(req, res, rel, rec, cached.file, cached.content);
      return;
    }
    this.cache.resolve(rel).then(
      (hit) => {
        if (hit) this.serve(req, res, rel, rec, hit.file, hit.content);
        else if (this.absent?.holds(rel)) this.notFound(res, rec);
        else {
          const instead = this.absent && (() => this.absent!.holds(rel) && (this.notFound(res, rec), true));
          this.forward(req, res, rec, client, instead);
        }
      },
      (err: Error) => this.failed(res, rec, `request failed: ${err.message}`),
    );
  }

  /** 404 for a name the main thread found nothing for: its own answer (http-server.ts serveFile), recorded the same way. */
  private notFound(res: ServerResponse, rec: RequestRecord): void {
    rec.error = 'no such file';
    this.recordOnClose(res, rec, false);
    send(res, 404, 'Not found\n');
  }

  /** Answer a GET or HEAD of a real file of the root. */
  private serve(req: IncomingMessage, res: ServerResponse, rel: string, rec: RequestRecord, file: ResolvedFile, content: Buffer | undefined): void {
    rec.source = 'file';
    if (content && req.method === 'GET' && !req.headers.range) {
      // The usual request: a whole small file. Its headers are made once per version of the file.
      let whole = this.whole.get(content);
      if (!whole) {
        // Valid UTF-8 text goes out as a string: Node writes headers and body in one piece.
        const text = content.toString('utf8');
        whole = { headers: answerFile(rel, content.length, file.mtimeMs, undefined).headers, body: Buffer.byteLength(text) === content.length && !text.includes('\uFFFD') ? text : content };
        this.whole.set(content, whole);
      }
      res.writeHead(200, whole.headers);
      res.end(whole.body);
      // Recorded as handed to the connection (as nginx logs it): one small write, nothing to wait for.
      rec.bytesSent = content.length;
      rec.status = 200;
      rec.durationMs = Date.now() - rec.time;
      this.report.record(rec, false);
      return;
    }
    const answer = answerFile(rel, file.size, file.mtimeMs, req.headers.range);
    if (answer.status === 416) {
      this.recordOnClose(res, rec, false);
      refuse(res, { status: 416, body: 'Range not satisfiable\n', headers: answer.headers as Record<string, string>, error: answer.error }, rec);
      return;
    }
    res.writeHead(answer.status, answer.headers);
    if (req.method === 'HEAD' || answer.length === 0) {
      this.recordOnClose(res, rec, false);
      res.end();
      return;
    }
    if (content) {
      this.recordOnClose(res, rec, false);
      rec.bytesSent = answer.length;
      res.end(answer.length === content.length ? content : content.subarray(answer.start, answer.end + 1));
      return;
    }
    if (file.source === 'rendered') return; // not from RootFiles
    const id = this.nextId++;
    const t: FrontTransfer = { client: rec.client, method: rec.method, path: rec.path, size: answer.length, bytes: 0 };
    this.transfers.set(id, t);
    this.report.transferBegin(id, t);
    this.recordOnClose(res, rec, true, () => {
      this.transfers.delete(id);
      this.report.transferEnd(id, t.bytes);
    });
    pumpFile(file.path, answer.start, answer.end, res, (n) => {
      t.bytes += n;
      rec.bytesSent += n;
    }).then(
      () => res.end(),
      (err: Error) => {
        // A read failure is the server's; anything else is the client gone (logged when closed).
        if (err instanceof FileReadError) cutByServer(res, rec, err, this.logger);
        res.destroy();
      },
    );
  }

  /** The main thread did not answer, or the file could not be read: 502/500 and a record. */
  private failed(res: ServerResponse, rec: RequestRecord, error: string): void {
    this.logger.error(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    this.recordOnClose(res, rec, false);
    rec.error = error;
    send(res, error.startsWith('request failed') ? 500 : 502, 'Server error\n');
  }

  /** Report the request once its response is closed (finished or cut), as http-server.ts does. */
  private recordOnClose(res: ServerResponse, rec: RequestRecord, tracked: boolean, before?: () => void): void {
    onResponseClosed(res, ({ whole, status, error }) => {
      before?.();
      rec.status = status;
      if (!whole) rec.error = error;
      rec.durationMs = Date.now() - rec.time;
      this.report.record(rec, tracked);
    }, () => rec.bytesSent);
  }
}
