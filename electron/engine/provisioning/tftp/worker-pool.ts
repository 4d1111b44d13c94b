/**
 * Worker threads that run TFTP reads of plain files (worker-protocol.ts): the transfers of many
 * phones use every CPU instead of the one event loop (20 clients at once against
 * tftpd-hpa, which forks a process per transfer). Workers start on first use; each new transfer
 * goes to the worker with the fewest transfers. A worker that cannot be started (no compiled
 * worker next to a built engine, or one that fails while loading) turns the pool off: transfers then
 * run in the main thread, as before (the transfers handed to a worker that failed to load end with
 * status 500; the phones retry). A worker that dies later fails its transfers (status 500) and is
 * replaced on the next job.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger';
import { findWorkerScript, relayWorkerLog } from '../../worker-thread';
import { TFTP_STATUS } from './status';
import type { RunningTransfer, TransferOutcome, TransferProgressView } from './transfer';
import type { FromWorker, ReadJob, ToWorker } from './worker-protocol';

/**
 * The worker's script: worker-boot.mjs next to this file in a source checkout (tsx), else the
 * compiled `tftp-worker.js` of the desktop build (electron.vite.config.ts), next to the bundle or
 * one folder up (from a chunk).
 * @returns the file URL, or undefined when there is none
 */
export function workerScript(here = import.meta.url): URL | undefined {
  return findWorkerScript(here, './worker-boot.mjs', 'tftp-worker.js');
}

interface Slot {
  worker: Worker;
  transfers: Map<number, RemoteReadTransfer>;
  /** The worker has loaded its code (it said `ready`). */
  ready: boolean;
}

/** A pool of TFTP transfer workers. */
export class TftpWorkerPool {
  private readonly slots: Array<Slot | undefined>;
  private nextId = 1;
  private disabled = false;

  /**
   * @param size number of worker threads (at least 1)
   * @param logger where workers' log lines and worker failures go
   * @param script the worker script (default {@link workerScript}); null = none (no workers)
   */
  constructor(
    size: number,
    private readonly logger: Logger,
    private readonly script: URL | null = workerScript() ?? null,
  ) {
    this.slots = new Array<Slot | undefined>(Math.max(1, size)).fill(undefined);
    if (!script) this.disable('no worker script found next to the engine');
  }

  /** Workers started (and not lost). */
  get started(): number {
    return this.slots.filter(Boolean).length;
  }

  /** Transfers running in workers. */
  get active(): number {
    return this.slots.reduce((n, s) => n + (s?.transfers.size ?? 0), 0);
  }

  /**
   * Run a read in a worker.
   * @param job what was agreed with the client
   * @param view progress view: its `bytes` follows the worker's reports
   * @returns the transfer (call `start()`), or undefined when workers are off (run it locally)
   */
  read(job: ReadJob, view: TransferProgressView): RunningTransfer | undefined {
    if (this.disabled) return undefined;
    const slot = this.pick();
    if (!slot) return undefined;
    const id = this.nextId++;
    const t = new RemoteReadTransfer(id, job, view, (m) => slot.worker.postMessage(m));
    slot.transfers.set(id, t);
    return t;
  }

  /** Stop the workers; transfers still in them end as failed (call after they were failed). */
  async close(): Promise<void> {
    const slots = this.slots.splice(0, this.slots.length, ...this.slots.map(() => undefined));
    for (const s of slots) for (const t of s?.transfers.values() ?? []) t.settle(t.view.bytes, { status: TFTP_STATUS.UNAVAILABLE, error: 'the TFTP server was stopped' });
    await Promise.all(slots.map((s) => s?.worker.terminate()));
  }

  /** The least busy worker; a new one only when every running worker has transfers. */
  private pick(): Slot | undefined {
    let best = -1;
    let free = -1;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      if (!s) free = free < 0 ? i : free;
      else if (best < 0 || s.transfers.size < this.slots[best]!.transfers.size) best = i;
    }
    if (best >= 0 && (this.slots[best]!.transfers.size === 0 || free < 0)) return this.slots[best];
    try {
      const slot = this.spawn(free);
      this.slots[free] = slot;
      return slot;
    } catch (err) {
      this.disable(`a worker could not start: ${(err as Error).message}`);
      return undefined;
    }
  }

  private spawn(index: number): Slot {
    const worker = new Worker(this.script!, { name: `tftp-${index}` });
    worker.unref();
    const slot: Slot = { worker, transfers: new Map(), ready: false };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') slot.ready = true;
      else if (m.type === 'progress') {
        for (const [id, bytes] of m.bytes) {
          const t = slot.transfers.get(id);
          if (t) t.view.bytes = bytes;
        }
      } else if (m.type === 'done') {
        slot.transfers.get(m.id)?.settle(m.bytes, m.outcome);
        slot.transfers.delete(m.id);
      } else relayWorkerLog(this.logger, m);
    });
    const lost = (why: string) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      // A worker that never loaded will not load next time either (e.g. a packaged app that cannot
      // run it): the phones retry their request, and it is then served in the main thread.
      if (!slot.ready) this.disable(why);
      for (const t of slot.transfers.values()) t.settle(t.view.bytes, { status: TFTP_STATUS.SERVER_ERROR, error: `server error: ${why}` });
      slot.transfers.clear();
    };
    worker.on('error', (err) => {
      this.logger.error(`TFTP worker failed: ${err.message}`);
      lost(`the transfer worker failed (${err.message})`);
    });
    worker.on('exit', (code) => lost(`the transfer worker stopped (exit ${code})`));
    return slot;
  }

  private disable(why: string): void {
    if (!this.disabled) this.logger.warn(`TFTP transfers run in the main thread: ${why}`);
    this.disabled = true;
  }
}

/** The main thread's handle on a transfer running in a worker. */
class RemoteReadTransfer implements RunningTransfer {
  private resolveOutcome!: (o: TransferOutcome) => void;
  private settled = false;
  private started = false;
  readonly outcome: Promise<TransferOutcome> = new Promise((r) => (this.resolveOutcome = r));

  constructor(
    private readonly id: number,
    private readonly job: ReadJob,
    readonly view: TransferProgressView,
    private readonly send: (m: ToWorker) => void,
  ) {}

  start(): void {
    if (this.started || this.settled) return;
    this.started = true;
    this.send({ type: 'start', id: this.id, job: this.job });
  }

  /** Before start() nothing reached the client yet: the transfer just ends here. */
  fail(tftpCode: number, status: number, message: string): void {
    if (this.settled) return;
    if (this.started) this.send({ type: 'fail', id: this.id, tftpCode, status, message });
    else this.settle(0, { status, error: message });
  }

  /** The worker reported the end (or the worker is gone). */
  settle(bytes: number, outcome: TransferOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.view.bytes = bytes;
    this.resolveOutcome(outcome);
  }
}

