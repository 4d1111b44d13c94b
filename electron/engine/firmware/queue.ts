/**
 * The bench upgrade queue: per phone, queued → pointing → rebooting → downloading → flashing →
 * verifying → done | failed, for each step of its plan (shared/firmware-rules.ts). This file holds
 * the queue's public face — add, pause/resume, retry, settings, the inputs (requests, transfers) —
 * and its persistence glue (state saved after every change through QueueStore and resumed after a
 * crash). The per-phone step machine is in queue-steps.ts, concurrency, timeouts and resumption in
 * queue-scheduler.ts, new entries in queue-entry.ts.
 * Progress comes from the firmware file source (`transfer`), the servers' transfer lists (FTP,
 * TFTP: {@link UpgradeQueue.onServerTransfers}) and the request log (`request`: User-Agent
 * versions, finished downloads).
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { QueueRefusal } from '../../../shared/api-firmware';
import type { RequestEvent, TransferProgress } from '../../../shared/dto';
import { FINISHED_STATES, type QueuePhone, type QueueSettings, type QueueView } from '../../../shared/firmware-dto';
import { normalizeMac } from '../../../shared/mac';
import type { FirmwareTransfer } from './file-source';
import type { QueueAddItem, QueueContext, QueueDeps } from './queue-context';
import { phoneEndpoint } from './polycom-controller';
import { newQueuePhone } from './queue-entry';
import { httpsPending } from './queue-https';
import { resumeAfterRestart, schedule, tick, tickInterval } from './queue-scheduler';
import { StepMachine } from './queue-steps';
import { DEFAULT_QUEUE_SETTINGS } from './queue-store';

export type { PowerCycler, QueueAddItem, QueueDeps } from './queue-context';


/** The queue. Events: `phone` (QueuePhone), `changed` (QueueView), `runFinished` (QueueView: every phone finished). */
export class UpgradeQueue extends EventEmitter implements QueueContext {
  view: QueueView = { paused: false, settings: { ...DEFAULT_QUEUE_SETTINGS }, phones: [], runId: randomUUID() };
  readonly busy = new Set<string>();
  private readonly steps = new StepMachine(this);
  private ticker: NodeJS.Timeout | undefined;
  private closed = false;
  private lastEmit = new Map<string, number>();

  constructor(readonly deps: QueueDeps) {
    super();
  }

  /** Load saved state and resume phones that were in the middle of a step. */
  async load(): Promise<void> {
    const f = await this.deps.store.load();
    this.view = { paused: f.paused, settings: f.settings, phones: f.phones, runId: f.runId };
    this.deps.bucket.setRate(f.settings.bandwidthBytesPerSec);
    this.runEnded = this.runKey(); // a run already finished before the restart is not reported again
    resumeAfterRestart(this, this.steps);
    this.startTicker();
    this.schedule();
  }

  /** Stop timers, write pending state; later changes are no longer saved. */
  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.closed = true;
    await this.deps.store.flush();
  }

  /** The queue as the UI sees it. */
  get state(): QueueView {
    return this.view;
  }

  /**
   * Change settings (saved), applied to the running queue: a new bandwidth cap at once, a higher
   * concurrency starts waiting phones now (a lower one lets running phones finish and starts no
   * new one until fewer run), a new step timeout and retry count apply from the next check;
   * "HTTP first, then HTTPS" turned on gives the bench CA to phones already in a step at once.
   */
  configure(patch: Partial<QueueSettings>): QueueView {
    const before = this.view.settings;
    this.view.settings = { ...before, ...patch };
    if (this.view.settings.httpsAfter && !before.httpsAfter && this.deps.httpsBootstrap) {
      for (const p of this.view.phones) {
        if (p.state === 'queued' || FINISHED_STATES.includes(p.state)) continue;
        void this.deps.httpsBootstrap(p).catch((err: Error) => this.deps.logger.warn(`${p.mac}: could not give the phone the bench CA: ${err.message}`));
      }
    }
    this.deps.bucket.setRate(this.view.settings.bandwidthBytesPerSec);
    if (this.ticker && before.stepTimeoutMs !== this.view.settings.stepTimeoutMs) this.startTicker();
    this.changed();
    this.schedule();
    return this.view;
  }

  private startTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = setInterval(() => tick(this, this.steps), tickInterval(this.view.settings.stepTimeoutMs));
    this.ticker.unref();
  }

  /**
   * Add phones: each gets its plan (rules + repository). A MAC already waiting or running is
   * refused; a finished one is replaced.
   * @returns the phones added and the ones refused with a reason
   */
  add(items: QueueAddItem[]): { added: QueuePhone[]; refused: QueueRefusal[] } {
    const added: QueuePhone[] = [];
    const refused: QueueRefusal[] = [];
    for (const it of items) {
      let mac: string;
      try {
        mac = normalizeMac(it.mac);
      } catch (err) {
        refused.push({ mac: it.mac, reason: (err as Error).message });
        continue;
      }
      const old = this.find(mac);
      if (old && !FINISHED_STATES.includes(old.state)) {
        refused.push({ mac, reason: `already in the queue (${old.state})` });
        continue;
      }
      const entry = newQueuePhone(it, mac, this.deps.repo);
      if ('refused' in entry) {
        refused.push({ mac, reason: entry.refused, ...(entry.confirm ? { confirm: true as const } : {}) });
        continue;
      }
      const p = entry.phone;
      if (old) this.view.phones.splice(this.view.phones.indexOf(old), 1);
      this.view.phones.push(p);
      added.push(p);
      if (!p.steps.length) this.steps.finish(p, 'done', `already on ${p.to ?? it.current}`, true);
    }
    this.changed();
    this.schedule();
    return { added, refused };
  }

  /**
   * Pause: no new step starts (no queued phone, no next step, no retry: those phones are `held`);
   * steps already running (a download, a flash) finish — {@link finishing} lists them.
   */
  pause(): void {
    this.view.paused = true;
    this.changed();
  }

  /** Resume: held phones start their step, waiting phones start up to the concurrency. */
  resume(): void {
    this.view.paused = false;
    for (const p of this.view.phones) if (p.state === 'held') void this.steps.runStep(p, p.heldWhy ?? 'resumed');
    this.changed();
    this.schedule();
  }

  /** Phones still in a step (not queued, held, waiting to retry or finished), with their state: what a pause lets finish. */
  finishing(): Array<{ mac: string; state: QueuePhone['state'] }> {
    return this.view.phones.filter((p) => !['queued', 'held', 'waiting-retry', ...FINISHED_STATES].includes(p.state)).map((p) => ({ mac: p.mac, state: p.state }));
  }

  /** Put a failed or cancelled phone back in the queue (fresh attempts; its history stays). @throws Error when it is not failed or cancelled */
  retry(mac: string): QueuePhone {
    const p = this.find(normalizeMac(mac));
    if (!p || (p.state !== 'failed' && p.state !== 'cancelled')) throw new Error(`${mac} is not a failed or cancelled phone of the queue`);
    p.attempt = 1;
    p.powerCycles = 0;
    delete p.reason;
    delete p.finishedAt;
    this.steps.enter(p, 'queued', 'retry asked by the technician', false, true);
    this.schedule();
    return p;
  }

  /**
   * Cancel one phone: it stops where it is (a download in progress ends at the phone), is marked
   * `cancelled`, and the others go on. @throws Error when the MAC is not in the queue
   */
  cancel(mac: string): QueuePhone {
    const p = this.find(normalizeMac(mac));
    if (!p) throw new Error(`${mac} is not in the queue`);
    this.steps.cancel(p);
    return p;
  }

  /** Remove one phone from the queue (cancelled first when it is still running). @throws Error when the MAC is not in the queue */
  remove(mac: string): void {
    const p = this.find(normalizeMac(mac));
    if (!p) throw new Error(`${mac} is not in the queue`);
    this.steps.cancel(p);
    this.view.phones.splice(this.view.phones.indexOf(p), 1);
    this.changed();
  }

  /** Remove finished phones (a new run starts). */
  clearFinished(): void {
    this.view.phones = this.view.phones.filter((p) => !FINISHED_STATES.includes(p.state));
    this.view.runId = randomUUID();
    this.changed();
  }

  /** A request finished on a provisioning server (RequestLog `request`). */
  onRequest(ev: RequestEvent): void {
    const p = ev.phone.mac ? this.find(ev.phone.mac) : undefined;
    if (p && httpsPending(p)) this.steps.checkHttps(p);
    else if (p) this.steps.onRequest(p, ev);
  }

  /** Live progress of a firmware transfer (FirmwareFileSource `transfer`). */
  onTransfer(t: FirmwareTransfer): void {
    const p = t.mac ? this.find(t.mac) : undefined;
    if (p && t.size === t.image.size) this.steps.progress(p, t);
  }

  /**
   * The transfers in progress on a server (its status, about once a second): downloads of the
   * image a waiting phone is assigned, matched by the client's address (the phone's `host`, or
   * `macOf(client)` — the request log's address → MAC map). Gives FTP and TFTP downloads live
   * bytes and ETA: their requests carry no MAC the file source could read (no User-Agent).
   * @param macOf MAC of a client address, when known
   */
  onServerTransfers(transfers: readonly TransferProgress[], macOf: (address: string) => string | undefined): void {
    for (const t of transfers) {
      if (t.method !== 'RETR' && t.method !== 'RRQ') continue; // HTTP downloads report through the file source (with the User-Agent's MAC)
      const name = t.path.split('/').pop()!.toLowerCase();
      const mac = macOf(t.client);
      const p = this.view.phones.find((x) => (mac ? x.mac === mac : phoneEndpoint(x.host)?.host === t.client));
      const step = p?.steps[p.stepIndex];
      const image = p && step ? this.deps.repo.imageFor(p.model, step.kind, step.version) : undefined;
      if (!p || !image || image.name.toLowerCase() !== name || (t.size !== undefined && t.size !== image.size)) continue;
      this.steps.progress(p, { image, bytes: t.bytes, size: image.size, rate: t.rate, done: false, startedAt: t.startedAt }, true);
    }
  }

  /** @inheritdoc */
  schedule(): void {
    schedule(this, this.steps);
  }

  /**
   * @inheritdoc
   * A forced emit (a state change) waits until the state is on disk, so what the UI was told is
   * never undone by a crash; progress emits (bytes) go at once.
   */
  emitPhone(p: QueuePhone, force: boolean): void {
    const now = Date.now();
    if (!force && now - (this.lastEmit.get(p.mac) ?? 0) < 250) return;
    this.lastEmit.set(p.mac, now);
    if (!force) {
      this.emit('phone', p);
      return;
    }
    const snap = structuredClone(p);
    void this.saved.then(() => this.emit('phone', snap));
  }

  private saved: Promise<void> = Promise.resolve();

  /** @inheritdoc */
  changed(): void {
    // After close the state on disk is final: steps still settling (a reboot request answering
    // late, requests logged while servers stop) are redone from it at the next start.
    if (!this.closed) {
      this.saved = this.deps.store.save(this.view).catch((err: Error) => this.deps.logger.error(`cannot save the firmware queue: ${err.message}`));
      void this.saved.then(() => this.emit('changed', this.view));
    }
    this.checkRunEnd();
  }

  private runEnded = '';

  /** Key of a finished run (its id, phones and finish times); '' while a phone is not finished. */
  private runKey(): string {
    const phones = this.view.phones;
    if (!phones.length || !phones.every((p) => FINISHED_STATES.includes(p.state))) return '';
    return `${this.view.runId}:${phones.map((p) => `${p.mac}${p.finishedAt ?? ''}`).join(',')}`;
  }

  /** Emit `runFinished` (QueueView) once when every phone of a run with phones is finished. */
  private checkRunEnd(): void {
    const key = this.runKey();
    if (!key || key === this.runEnded) return;
    this.runEnded = key;
    void this.saved.then(() => this.emit('runFinished', this.view));
  }

  private find(mac: string): QueuePhone | undefined {
    return this.view.phones.find((p) => p.mac === mac);
  }
}
