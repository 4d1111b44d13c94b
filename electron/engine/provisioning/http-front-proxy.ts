/**
 * The front's way to the main thread (http-front.ts): a request the front does not answer itself
 * is sent, as it came (method, target, headers, body), to the main thread's HTTP server on
 * loopback, and its answer is copied back to the client. Two headers tell the main thread's
 * server that the request comes from the front ({@link FRONT_TOKEN_HEADER}, a secret made per
 * start) and who the real client is ({@link FRONT_CLIENT_HEADER}); the server refuses a request
 * on that port without the secret. Hop-by-hop headers (RFC 9110 §7.6.1) are not copied.
 * A GET or HEAD whose kept-alive connection breaks before any answer (the main thread closed an
 * idle connection as it was reused: "socket hang up", ECONNRESET) is sent once more on a new
 * connection — these methods are safe to repeat (RFC 9110 §9.2.2) and carry no body; an upload is
 * never repeated. At most {@link UPSTREAM_SOCKETS} connections (connection-limits.ts) are open to the main thread;
 * further requests wait for one (the agent's queue). At most {@link FrontProxy.WORKING_MAX} GET and
 * HEAD requests are in the main thread's hands at once (sent, not yet answered with a status line);
 * more wait here, in the front's thread, so the main thread's queue of work stays short and the UI's
 * own requests there are not answered after hundreds of phones' (its answers, however long, do not
 * hold a place once their status line arrived; uploads are never held back). Most uploads do not
 * come this way: the front sends those of a known length up to `FRONT_UPLOAD_MAX` over its message
 * port (http-front.ts `upload`).
 */
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { descriptorBudget, openFileLimit, UPSTREAM_SOCKETS } from './connection-limits';

/** Header carrying the front's secret to the main thread's server. */
export const FRONT_TOKEN_HEADER = 'x-provkit-front';
/** Header carrying the client's address (normalised) to the main thread's server. */
export const FRONT_CLIENT_HEADER = 'x-provkit-client';
/** Header carrying the sequence number of the front's last batch of records sent before a forwarded request. */
export const FRONT_SEQ_HEADER = 'x-provkit-front-seq';

/** The main thread's server: its loopback port and the secret it expects. */
export interface Upstream {
  port: number;
  token: string;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect'];

/** Forwards requests to the main thread's server over kept-alive loopback connections. */
export class FrontProxy {
  /**
   * At most {@link UPSTREAM_SOCKETS} connections at once, fewer under a small open-file limit
   * (connection-limits.ts; more requests wait for one): both ends of each are descriptors of this
   * process, and unbounded they took as many as there were phones.
   */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: descriptorBudget(openFileLimit())?.upstream ?? UPSTREAM_SOCKETS });

  /**
   * GET and HEAD requests the main thread may be working on at once. 1,000 booting phones send it
   * most of their requests (names not in the root: rendered configurations, 404s); with 256 of them
   * queued there, the UI's requests waited behind them (p95 ≈ 0.3–0.5 s on a loaded machine).
   */
  static readonly WORKING_MAX = 16;
  /** GET and HEAD requests now in the main thread's hands (see {@link WORKING_MAX}). */
  private working = 0;
  /** Requests waiting for a place, oldest first. */
  private readonly held: Array<{ res: ServerResponse; go: () => void; instead?: () => boolean }> = [];

  /**
   * @param upstream the main thread's server
   * @param workingMax GET/HEAD requests in the main thread's hands at once (default {@link WORKING_MAX})
   */
  constructor(
    private readonly upstream: Upstream,
    private readonly workingMax = FrontProxy.WORKING_MAX,
  ) {}

  /** GET and HEAD requests waiting for a place (for tests). */
  get waiting(): number {
    return this.held.length;
  }

  /**
   * Forward one request and copy the answer back.
   * @param client the client's address, as the request log shows it
   * @param fail called (once) when the main thread's server cannot be reached, or breaks off
   *   before or while answering (the response is then cut); with a sentence for the log
   * @param seq the front's last batch of records sent ({@link FRONT_SEQ_HEADER})
   * @param instead for a GET/HEAD held for a place: asked when its place comes; returning true
   *   means it was answered otherwise (it is then not sent)
   */
  forward(req: IncomingMessage, res: ServerResponse, client: string, fail: (error: string) => void, seq?: number, instead?: () => boolean): void {
    // The raw headers, in order and with their names as sent: the request log shows them so.
    const headers: string[] = [];
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      if (!HOP_BY_HOP.includes(name) && !name.startsWith('x-provkit-')) headers.push(raw[i]!, raw[i + 1]!);
    }
    headers.push(FRONT_TOKEN_HEADER, this.upstream.token, FRONT_CLIENT_HEADER, client);
    if (seq) headers.push(FRONT_SEQ_HEADER, String(seq));
    const repeatable = req.method === 'GET' || req.method === 'HEAD';
    if (!repeatable) return this.send(req, res, headers, 0, fail);
    const go = () => {
      this.working++;
      let placed = true;
      this.send(req, res, headers, 1, fail, false, () => {
        if (!placed) return;
        placed = false;
        this.working--;
        this.next();
      });
    };
    if (this.working < this.workingMax) go();
    else this.held.push({ res, go, ...(instead ? { instead } : {}) });
  }

  /** Send held requests while there is room; one whose client left is not sent. */
  private next(): void {
    while (this.working < this.workingMax && this.held.length) {
      const h = this.held.shift()!;
      if (!h.res.destroyed && !h.instead?.()) h.go();
    }
  }

  /** Number of GET/HEAD requests sent again after their connection broke (for tests and stats). */
  retried = 0;

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    headers: string[],
    retriesLeft: number,
    fail: (error: string) => void,
    fresh = false,
    answeredOrGone: () => void = () => {},
  ): void {
    const repeatable = retriesLeft > 0 || fresh;
    const up = request({ host: '127.0.0.1', port: this.upstream.port, method: req.method, path: req.url, headers, agent: fresh ? false : this.agent });
    let answered = false;
    let isCut = false;
    const cut = (why: string): void => {
      if (isCut || res.writableFinished || res.destroyed) return;
      isCut = true;
      fail(`the main thread's HTTP server broke off its answer to ${req.method} ${req.url}: ${why}`);
    };
    let retrying = false;
    up.on('close', () => {
      if (!retrying) answeredOrGone();
    });
    up.on('response', (ur) => {
      answered = true;
      answeredOrGone();
      // headersDistinct: repeated headers (two WWW-Authenticate challenges) stay separate lines.
      const out = { ...ur.headersDistinct };
      for (const h of HOP_BY_HOP) delete out[h];
      res.writeHead(ur.statusCode ?? 502, ur.statusMessage, out);
      ur.pipe(res);
      // The answer broke off half-way: the client's connection is cut, and the engine log says why.
      ur.on('error', (err) => cut(err.message));
      ur.on('aborted', () => cut('aborted'));
      // An answer given before the whole upload arrived (413, 403): the rest is not needed.
      ur.on('end', () => {
        if (!req.complete) {
          req.unpipe(up);
          req.resume();
        }
      });
    });
    up.on('error', (err) => {
      if (!answered && retriesLeft > 0 && !res.destroyed) {
        this.retried++;
        retrying = true;
        this.send(req, res, headers, retriesLeft - 1, fail, true, answeredOrGone);
      } else if (!answered) fail(`the main thread's HTTP server did not answer: ${err.message}`);
      else cut(err.message);
    });
    const onClose = (): void => {
      if (!res.writableFinished) up.destroy();
    };
    res.on('close', onClose);
    up.on('close', () => res.off('close', onClose));
    if (repeatable) {
      // GET and HEAD carry no body: nothing to pipe, so the request can be sent again as it is.
      req.resume();
      up.end();
    } else req.pipe(up);
  }

  /** Close the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
