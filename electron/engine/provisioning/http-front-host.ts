/**
 * The main thread's side of the HTTP front (http-front.ts): starts the front's worker thread,
 * gives the requests it answered to the request log, mirrors its large transfers in the server's
 * {@link TransferTracker} (Servers page progress), and says when the front is lost.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import { frontYoungGenerationMb } from '../memory-policy';
import { findWorkerScript, relayWorkerLog } from '../worker-thread';
import type { HttpFrontOptions } from './http-front';
import { textAnswer, type TextAnswer } from './http-common';
import type { FromFront, FrontTransfer, FrontUpload, ToFront } from './http-front-protocol';
import type { RequestLog, RequestRecord } from './request-log';
import type { TransferTracker } from './transfer-tracker';

/**
 * The front's script: http-front-boot.mjs in a source checkout (tsx), else the compiled
 * `http-front.js` of the desktop build.
 */
export function frontScript(here = import.meta.url): URL | undefined {
  return findWorkerScript(here, './http-front-boot.mjs', 'http-front.js');
}

/** The front's worker could not run (no script, or it failed while loading): serve without it. */
export class FrontUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrontUnavailableError';
  }
}

/** Runs one front worker at a time. */
export class FrontHost {
  private worker: Worker | undefined;
  private stopping = false;
  private readonly transfers = new Map<number, { view: FrontTransfer; end: () => void }>();
  /** Sequence number of the last batch of records received from the front. */
  private recordedSeq = 0;
  /** Requests waiting for a batch of records: its sequence number and what to call. */
  private waiting: Array<{ seq: number; go: () => void }> = [];
  /** Batches of records received and not yet all in the request log, oldest first. */
  private pending: Array<{ records: RequestRecord[]; next: number; seq: number; untrackedBytes: number }> = [];
  private drainTimer: NodeJS.Immediate | undefined;
  /** "Not found" answers waiting to go to the front (see {@link absent}). */
  private absentNames: Array<[rel: string, revision: number, shape?: string]> = [];
  /** Reads the inventory's MACs for the front, when a shape waits to go (see {@link absent}). */
  private inventoryOf: (() => { macs: string[]; revision: number }) | undefined;
  /** The revision whose inventory list the front was last sent. */
  private inventorySentAt = -1;

  /**
   * Records given to the request log in one go: more wait for the next turn of the event loop
   * (`setImmediate`), so that the UI's requests and the main thread's own answers go in between
   * (under load one batch of the front held hundreds of records, and several batches came at once).
   */
  static readonly RECORDS_PER_TURN = 50;

  /**
   * Uploads from the front being stored at once; more wait their turn. The front's messages arrive
   * together: a thousand phones' logs taken on at once held the main thread for over half a
   * second, the UI's requests behind them; and when many wait on the thread pool (creating files
   * on a slow disk), their next steps all run in one go as the pool finishes them.
   */
  static readonly UPLOADS_AT_ONCE = 8;
  /** Uploads being stored now (see {@link UPLOADS_AT_ONCE}). */
  private uploadsBusy = 0;
  /** Uploads received from the front and not yet taken on, oldest first, with the worker that sent each. */
  private uploads: Array<{ m: FrontUpload; from: Worker | undefined }> = [];
  private uploadTimer: NodeJS.Immediate | undefined;

  /**
   * @param script the worker's script (default {@link frontScript}); null = none
   * @param onUpload judges, stores and records an upload the front received whole; its answer
   *   goes back to the front (500 when it throws)
   */
  constructor(
    private readonly log: RequestLog,
    private readonly tracker: TransferTracker,
    private readonly logger: Logger,
    private readonly script: URL | null = frontScript() ?? null,
    private readonly onUpload: (m: FrontUpload) => Promise<TextAnswer> = () => Promise.reject(new Error('this server takes no uploads from its front')),
  ) {}

  /**
   * Start the front and wait until it listens.
   * @param onLost called when the front stops without being asked (a crash), with the reason
   * @returns the bound port
   * @throws the listen error with its `code` (EADDRINUSE, EACCES, ...); FrontUnavailableError
   *   when the worker cannot run
   */
  async start(opts: HttpFrontOptions, onLost: (why: string) => void): Promise<number> {
    if (this.worker) throw new Error('the HTTP front is already running');
    if (!this.script) throw new FrontUnavailableError('no front worker script found next to the engine');
    this.stopping = false;
    const young = frontYoungGenerationMb();
    const worker = new Worker(this.script, { name: 'http-front', workerData: opts, ...(young ? { resourceLimits: { maxYoungGenerationSizeMb: young } } : {}) });
    worker.unref();
    this.worker = worker;
    this.inventorySentAt = -1; // a new front knows no inventory yet
    return new Promise<number>((resolve, reject) => {
      let listening = false;
      const lost = (why: string) => {
        this.endAll();
        if (this.worker === worker) this.worker = undefined;
        if (!listening) reject(new FrontUnavailableError(why));
        else if (!this.stopping) onLost(why);
      };
      worker.on('message', (m: FromFront) => {
        if (m.type === 'listening') {
          listening = true;
          resolve(m.port);
        } else if (m.type === 'listen-error') {
          this.worker = undefined;
          this.stopping = true;
          void worker.terminate();
          reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
        } else this.handle(m);
      });
      worker.on('error', (err) => {
        this.logger.error(`HTTP front failed: ${err.message}`);
        lost(`the HTTP worker thread failed (${err.message})`);
      });
      worker.on('exit', (code) => lost(`the HTTP worker thread stopped (exit ${code})`));
    });
  }

  /** Stop the front: it closes its connections, reports what they did, then the thread ends. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    this.stopping = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      worker.on('message', (m: FromFront) => {
        if (m.type === 'stopped') {
          clearTimeout(timer);
          resolve();
        }
      });
      worker.once('exit', () => resolve());
      worker.postMessage({ type: 'stop' } satisfies ToFront);
    });
    await worker.terminate();
    this.endAll();
  }

  private handle(m: FromFront): void {
    switch (m.type) {
      case 'records':
        this.pending.push({ records: JSON.parse(m.json) as RequestRecord[], next: 0, seq: m.seq, untrackedBytes: m.untrackedBytes });
        if (!this.drainTimer) this.drain(FrontHost.RECORDS_PER_TURN);
        break;
      case 'begin': {
        const view = m.transfer;
        this.transfers.set(m.id, { view, end: this.tracker.begin(view) });
        break;
      }
      case 'progress':
        for (const [id, bytes] of m.bytes) {
          const t = this.transfers.get(id);
          if (t) t.view.bytes = bytes;
        }
        break;
      case 'end': {
        const t = this.transfers.get(m.id);
        if (!t) break;
        t.view.bytes = m.bytes;
        t.end();
        this.transfers.delete(m.id);
        break;
      }
      case 'upload':
        this.uploads.push({ m, from: this.worker });
        this.takeUploads();
        break;
      case 'log':
        relayWorkerLog(this.logger, m);
        break;
      default:
        break;
    }
  }

  /** Start waiting uploads while fewer than {@link UPLOADS_AT_ONCE} are being stored; their answers go back to the front. */
  private takeUploads(): void {
    while (this.uploadsBusy < FrontHost.UPLOADS_AT_ONCE && this.uploads.length) {
      const { m, from } = this.uploads.shift()!;
      this.uploadsBusy++;
      this.onUpload(m)
        .catch((err: Error): TextAnswer => {
          this.logger.error(`request failed: ${err.message}`);
          return textAnswer(500, 'Internal error\n');
        })
        .then((a) => {
          // Only to the front that sent it (a front started since numbers its uploads anew).
          if (from && this.worker === from) from.postMessage({ type: 'uploaded', id: m.id, ...a } satisfies ToFront);
          this.uploadsBusy--;
          // The next one in a later turn: what waits for the main thread (the UI) goes in between.
          this.uploadTimer ??= setImmediate(() => {
            this.uploadTimer = undefined;
            this.takeUploads();
          });
        });
    }
  }

  /**
   * Give up to `max` waiting records to the request log, in order; a batch counts as recorded (and
   * releases the requests waiting for it) once all its records are in. What is left goes on in the
   * next turn of the event loop.
   */
  private drain(max: number): void {
    this.drainTimer = undefined;
    let left = max;
    while (left > 0 && this.pending.length) {
      const b = this.pending[0]!;
      const end = Math.min(b.records.length, b.next + left);
      left -= end - b.next;
      while (b.next < end) this.log.record(b.records[b.next++]!);
      if (b.next < b.records.length) break;
      this.pending.shift();
      this.tracker.addFinished(b.untrackedBytes);
      this.recordedSeq = b.seq;
      if (this.waiting.length) this.release(b.seq);
    }
    if (this.pending.length) this.drainTimer = setImmediate(() => this.drain(FrontHost.RECORDS_PER_TURN));
  }

  /**
   * Tell the front that nothing answers `rel` at revision `revision` (resolver.ts
   * `absenceHolds` decided it may be reused): sent with the others of this event-loop turn.
   * @param rel clean relative path
   * @param shape the name's shape (mac-shape.ts) when its MAC is not in the inventory: the front
   *   then answers every name of that shape whose MAC the inventory does not hold
   * @param inventory reads the inventory's MACs and the revision now; sent to the front with the
   *   first shape of each revision (http-front-absent.ts uses no shape without it)
   */
  absent(rel: string, revision: number, shape?: string, inventory?: () => { macs: string[]; revision: number }): void {
    const worker = this.worker;
    if (!worker) return;
    this.absentNames.push(shape === undefined ? [rel, revision] : [rel, revision, shape]);
    if (shape !== undefined && inventory) this.inventoryOf = inventory;
    if (this.absentNames.length > 1) return;
    setImmediate(() => {
      const names = this.absentNames;
      this.absentNames = [];
      const read = this.inventoryOf;
      this.inventoryOf = undefined;
      let known: { macs: string[]; revision: number } | undefined;
      if (read) {
        known = read();
        if (known.revision === this.inventorySentAt) known = undefined;
        else this.inventorySentAt = known.revision;
      }
      if (this.worker === worker) worker.postMessage({ type: 'absent', names, ...(known ? { inventory: known } : {}) } satisfies ToFront);
    });
  }

  /**
   * Wait until the front's batch of records `seq` is in the request log (the front sent it before
   * forwarding the request that names it; see `FrontReport.barrier` in http-front.ts).
   * @returns undefined when it is already there, else a promise (also settled when the front stops)
   */
  recordsUpTo(seq: number): Promise<void> | undefined {
    if (seq <= this.recordedSeq || !this.worker) return undefined;
    return new Promise((go) => this.waiting.push({ seq, go }));
  }

  private release(upTo: number): void {
    const still: typeof this.waiting = [];
    for (const w of this.waiting) {
      if (w.seq <= upTo) w.go();
      else still.push(w);
    }
    this.waiting = still;
  }

  /** The front is gone: its transfers are over (their bytes stay counted). */
  private endAll(): void {
    // Records already received are requests that happened: all go in the log before anyone waits no more.
    clearImmediate(this.drainTimer);
    this.drain(Number.MAX_SAFE_INTEGER);
    this.release(Number.MAX_SAFE_INTEGER);
    this.recordedSeq = 0;
    for (const t of this.transfers.values()) t.end();
    this.transfers.clear();
  }
}
