/**
 * The bench upgrade queue: per phone, queued → pointing → rebooting → downloading → flashing →
 * verifying → done | failed, for each step of its plan (shared/firmware-rules.ts). This file holds
 * the queue's public face — add, pause/resume, retry, settings, the inputs (requests, transfers) —
 * and its persistence glue (state saved after every change through QueueStore and resumed after a
 * crash). The per-phone step machine is in queue-steps.ts, concurrency, timeouts and resumption in
 * queue-scheduler.ts, new entries in queue-entry.ts.
 * Progress comes from the firmware file source (`transfer`), the servers' transfer lists (FTP,
 * TFTP: {@link UpgradeQueue.onServerTransfers}) and the request log (`request`: User-Agent
 * versions, finished downloads). Source: issue #6 item 3.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { RequestEvent, TransferProgress } from '../../../shared/dto';
import { FINISHED_STATES, type QueuePhone, type QueueSettings, type QueueView } from '../../../shared/firmware-dto';
import { normalizeMac } from '../../../shared/mac';
import type { FirmwareTransfer } from './file-source';
import type { QueueAddItem, QueueContext, QueueDeps } from './queue-context';
import { phoneEndpoint } from './polycom-controller';
import { newQueuePhone } from './queue-entry';
import { resumeAfterRestart, schedule, tick, tickInterval } from './queue-scheduler';
import { StepMachine } from './queue-steps';
import { DEFAULT_QUEUE_SETTINGS } from './queue-store';

export type { PowerCycler, QueueAddItem, QueueDeps } from './queue-context';

/** The queue. Events: `phone` (QueuePhone), `changed` (QueueView). */
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
    resumeAfterRestart(this, this.steps);
    this.ticker = setInterval(() => tick(this, this.steps), tickInterval(this.view.settings.stepTimeoutMs));
    this.ticker.unref();
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

  /** Change settings (saved); a new bandwidth cap applies at once. */
  configure(patch: Partial<QueueSettings>): QueueView {
    this.view.settings = { ...this.view.settings, ...patch };
    this.deps.bucket.setRate(this.view.settings.bandwidthBytesPerSec);
    this.changed();
    this.schedule();
    return this.view;
  }

  /**
   * Add phones: each gets its plan (rules + repository). A MAC already waiting or running is
   * refused; a finished one is replaced.
   * @returns the phones added and the ones refused with a reason
   */
  add(items: QueueAddItem[]): { added: QueuePhone[]; refused: Array<{ mac: string; reason: string }> } {
    const added: QueuePhone[] = [];
    const refused: Array<{ mac: string; reason: string }> = [];
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
        refused.push({ mac, reason: entry.refused });
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

  /** Stop starting phones (running ones finish their current wait). */
  pause(): void {
    this.view.paused = true;
    this.changed();
  }

  /** Start phones again. */
  resume(): void {
    this.view.paused = false;
    this.changed();
    this.schedule();
  }

  /** Put a failed phone back in the queue (fresh attempts). @throws Error when it is not failed */
  retry(mac: string): QueuePhone {
    const p = this.find(normalizeMac(mac));
    if (!p || p.state !== 'failed') throw new Error(`${mac} is not a failed phone of the queue`);
    p.attempt = 1;
    p.powerCycles = 0;
    delete p.reason;
    delete p.finishedAt;
    this.steps.enter(p, 'queued', 'retry asked by the technician');
    this.schedule();
    return p;
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
    if (p) this.steps.onRequest(p, ev);
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

  /** @inheritdoc */
  emitPhone(p: QueuePhone, force: boolean): void {
    const now = Date.now();
    if (!force && now - (this.lastEmit.get(p.mac) ?? 0) < 250) return;
    this.lastEmit.set(p.mac, now);
    this.emit('phone', p);
  }

  /** @inheritdoc */
  changed(): void {
    // After close the state on disk is final: steps still settling (a reboot request answering
    // late, requests logged while servers stop) are redone from it at the next start.
    if (!this.closed) void this.deps.store.save(this.view).catch((err: Error) => this.deps.logger.error(`cannot save the firmware queue: ${err.message}`));
    this.emit('changed', this.view);
  }

  private find(mac: string): QueuePhone | undefined {
    return this.view.phones.find((p) => p.mac === mac);
  }
}
