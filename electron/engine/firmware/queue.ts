/**
 * The bench upgrade queue: per phone, queued → pointing → rebooting → downloading → flashing →
 * verifying → done | failed, for each step of its plan (shared/firmware-rules.ts). Bounded
 * concurrency, a total bandwidth cap (TokenBucket), a timeout per waiting state (the seeds' twenty
 * minutes), a power cycle on timeout before an attempt is given up, retries, pause/resume; state
 * saved after every change and resumed after a crash (QueueStore).
 * Progress comes from the firmware file source (`transfer`) and the request log (`request`:
 * User-Agent versions, finished downloads). Source: issue #6 item 3; AltiGen guide "Using an FTP
 * Server..." (the phone reboots, downloads, takes minutes); facts §1 (Updater then Application).
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '../../../shared/dto';
import { FINISHED_STATES, type QueuePhone, type QueueSettings, type QueueState, type QueueView } from '../../../shared/firmware-dto';
import { planUpgrade } from '../../../shared/firmware-rules';
import { sameVersion } from '../../../shared/firmware-version';
import { normalizeMac } from '../../../shared/mac';
import { parseUserAgent } from '../../../shared/phone-identity';
import type { Logger } from '../logger';
import type { FirmwareFileSource, FirmwareTransfer } from './file-source';
import type { PhoneController } from './phone-controller';
import { DEFAULT_QUEUE_SETTINGS, type QueueStore } from './queue-store';
import type { FirmwareRepository } from './repository';
import type { TokenBucket } from './token-bucket';

/** A phone to add. */
export interface QueueAddItem {
  mac: string;
  model: string;
  /** Application version now. */
  current: string;
  currentBootrom?: string;
  target?: string;
  host?: string;
  outlet?: number;
}

/** Power cycles a phone's outlet. @returns transcript; throws with a reason */
export type PowerCycler = (phone: QueuePhone) => Promise<string[]>;

/** What the queue is built from. */
export interface QueueDeps {
  store: QueueStore;
  repo: FirmwareRepository;
  source: FirmwareFileSource;
  bucket: TokenBucket;
  controller: () => PhoneController;
  /** Undefined = no power control configured. */
  power?: () => PowerCycler | undefined;
  logger: Logger;
}

const WAITING: readonly QueueState[] = ['rebooting', 'downloading', 'flashing', 'verifying'];
const HISTORY_MAX = 60;

/** The queue. Events: `phone` (QueuePhone), `changed` (QueueView). */
export class UpgradeQueue extends EventEmitter {
  private view: QueueView = { paused: false, settings: { ...DEFAULT_QUEUE_SETTINGS }, phones: [], runId: randomUUID() };
  private ticker: NodeJS.Timeout | undefined;
  private readonly busy = new Set<string>();
  private lastEmit = new Map<string, number>();

  constructor(private readonly deps: QueueDeps) {
    super();
  }

  /** Load saved state and resume phones that were in the middle of a step. */
  async load(): Promise<void> {
    const f = await this.deps.store.load();
    this.view = { paused: f.paused, settings: f.settings, phones: f.phones, runId: f.runId };
    this.deps.bucket.setRate(f.settings.bandwidthBytesPerSec);
    const ctl = this.deps.controller();
    for (const p of this.view.phones) {
      if (FINISHED_STATES.includes(p.state) || p.state === 'queued') continue;
      this.assign(p);
      if (p.state === 'pointing') void this.runStep(p, 'resumed after a restart');
      else if ((p.state === 'rebooting' || p.state === 'downloading') && ctl.kind !== 'manual') void this.reboot(p, 'resumed after a restart: the transfer was cut, rebooting the phone');
      else if (p.state === 'power-cycling') this.enter(p, 'rebooting', 'resumed after a restart during a power cycle');
      else {
        this.enter(p, p.state, 'resumed after a restart');
        void this.askVersion(p);
      }
    }
    this.ticker = setInterval(() => this.tick(), Math.max(50, Math.min(1000, this.view.settings.stepTimeoutMs / 10)));
    this.ticker.unref();
    this.schedule();
  }

  /** Stop timers and write pending state. */
  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
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
      const plan = planUpgrade({ model: it.model, mac, current: it.current, available: this.deps.repo.versionsFor(it.model), ...(it.currentBootrom ? { currentBootrom: it.currentBootrom } : {}), ...(it.target ? { target: it.target } : {}) });
      const error = plan.flags.find((f) => f.level === 'error');
      if (error) {
        refused.push({ mac, reason: error.message });
        continue;
      }
      const now = Date.now();
      const p: QueuePhone = {
        mac, model: it.model, from: it.current, ...(plan.to ? { to: plan.to } : {}), steps: plan.steps, flags: plan.flags, stepIndex: 0,
        state: 'queued', since: now, attempt: 1, powerCycles: 0, bytes: 0, size: 0, rate: 0, addedAt: now,
        history: [{ at: now, state: 'queued', note: plan.steps.length ? `plan: ${plan.steps.map((s) => s.version).join(' → ')}` : 'nothing to flash' }],
        ...(it.host ? { host: it.host } : {}), ...(it.outlet !== undefined ? { outlet: it.outlet } : {}),
      };
      if (old) this.view.phones.splice(this.view.phones.indexOf(old), 1);
      this.view.phones.push(p);
      added.push(p);
      if (!plan.steps.length) this.finish(p, 'done', `already on ${plan.to ?? it.current}`, true);
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
    this.enter(p, 'queued', 'retry asked by the technician');
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
    const mac = ev.phone.mac;
    const p = mac ? this.find(mac) : undefined;
    if (!p || !WAITING.includes(p.state)) return;
    const step = p.steps[p.stepIndex];
    const ua = parseUserAgent(ev.userAgent);
    const image = step ? this.deps.repo.imageFor(p.model, step.kind, step.version) : undefined;
    const isImage = ev.method !== 'HEAD' && image && /(?:^|\/)(?:\d{4}-\d{5}-\d{3}\.)?(?:sip|bootrom)\.ld$/i.test(ev.path);
    if (isImage && ev.ok && ev.bytesSent === image.size && (p.state === 'downloading' || p.state === 'rebooting')) {
      this.downloaded(p, ev.bytesSent, ev.durationMs);
      return;
    }
    if (p.state === 'flashing') this.enter(p, 'verifying', `the phone is back (${ev.method} ${ev.path}${ua.firmware ? `, ${ua.stage ?? ''} ${ua.firmware}` : ''})`);
    if (!step || !ua.firmware) return;
    const stageWanted = step.kind === 'application' ? 'Application' : 'Updater';
    if ((ua.stage ?? 'Application') !== stageWanted) return;
    p.reported = ua.firmware;
    this.checkVersion(p, ua.firmware);
  }

  /** Live progress of a firmware transfer (FirmwareFileSource `transfer`). */
  onTransfer(t: FirmwareTransfer): void {
    const p = t.mac ? this.find(t.mac) : undefined;
    if (!p || !WAITING.includes(p.state) || t.size !== t.image.size) return;
    if (p.state !== 'downloading') this.enter(p, 'downloading', `downloading ${t.image.name} ${t.image.version} (${t.image.size} bytes)`);
    p.bytes = t.bytes;
    p.size = t.size;
    p.rate = t.rate;
    if (t.done && t.bytes === t.size) this.downloaded(p, t.bytes, Date.now() - t.startedAt);
    else if (t.done) this.note(p, `download cut at ${t.bytes} of ${t.size} bytes; waiting for the phone to try again`);
    else this.emitPhone(p, false);
  }

  private downloaded(p: QueuePhone, bytes: number, ms: number): void {
    if (p.state !== 'downloading' && p.state !== 'rebooting') return;
    p.bytes = bytes;
    this.enter(p, 'flashing', `downloaded ${bytes} bytes in ${(ms / 1000).toFixed(1)} s; the phone flashes and reboots`);
  }

  private checkVersion(p: QueuePhone, version: string): void {
    const step = p.steps[p.stepIndex]!;
    if (sameVersion(version, step.version)) {
      this.note(p, `the phone runs ${version}`);
      p.stepIndex++;
      p.attempt = 1;
      p.powerCycles = 0;
      if (p.stepIndex >= p.steps.length) this.finish(p, 'done', `now on ${version}`, true);
      else void this.runStep(p, `next step: ${p.steps[p.stepIndex]!.why}`);
    } else if (p.state === 'flashing' || p.state === 'verifying') {
      // While rebooting, an old version may still come from the end of the previous boot: wait.
      void this.attemptFailed(p, `the phone came back with ${version}, not ${step.version}`);
    }
  }

  private async askVersion(p: QueuePhone): Promise<void> {
    const ctl = this.deps.controller();
    if (ctl.kind === 'manual') return;
    const info = await ctl.getInfo(p).catch(() => undefined);
    const step = p.steps[p.stepIndex];
    const v = step?.kind === 'bootrom' ? info?.updaterVersion : info?.appVersion;
    if (v && step && WAITING.includes(p.state)) {
      p.reported = v;
      if (sameVersion(v, step.version)) this.checkVersion(p, v);
    }
  }

  private schedule(): void {
    if (this.view.paused) return;
    let active = this.view.phones.filter((p) => p.state !== 'queued' && !FINISHED_STATES.includes(p.state)).length;
    for (const p of [...this.view.phones].sort((a, b) => a.addedAt - b.addedAt)) {
      if (active >= this.view.settings.concurrency) break;
      if (p.state !== 'queued') continue;
      active++;
      p.startedAt ??= Date.now();
      void this.runStep(p, p.steps[p.stepIndex]!.why);
    }
  }

  private assign(p: QueuePhone): void {
    const step = p.steps[p.stepIndex];
    if (step) this.deps.source.assign(p.mac, { model: p.model, kind: step.kind, version: step.version });
  }

  /** pointing → rebooting for the current step. */
  private async runStep(p: QueuePhone, why: string): Promise<void> {
    if (this.busy.has(p.mac)) return;
    this.busy.add(p.mac);
    try {
      this.assign(p);
      p.bytes = 0;
      p.size = 0;
      p.rate = 0;
      this.enter(p, 'pointing', why);
      await this.deps.store.flush();
      const url = this.view.settings.serverUrl;
      await this.deps.controller().setBootServer(p, url);
    } catch (err) {
      this.busy.delete(p.mac);
      return this.attemptFailed(p, `could not point the phone at the bench server: ${(err as Error).message}`);
    }
    this.busy.delete(p.mac);
    await this.reboot(p, 'pointed at the bench server; rebooting');
  }

  private async reboot(p: QueuePhone, note: string): Promise<void> {
    this.enter(p, 'rebooting', this.deps.controller().kind === 'manual' ? `${note}: waiting for the phone's first request` : note);
    await this.deps.store.flush();
    try {
      await this.deps.controller().reboot(p);
    } catch (err) {
      this.note(p, `reboot request failed (${(err as Error).message}); waiting for the phone anyway`);
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const p of this.view.phones) {
      if (WAITING.includes(p.state) && now - p.since > this.view.settings.stepTimeoutMs && !this.busy.has(p.mac)) void this.timedOut(p);
    }
  }

  private async timedOut(p: QueuePhone): Promise<void> {
    const what = `no progress for ${Math.round(this.view.settings.stepTimeoutMs / 1000)} s while ${p.state}`;
    const cycler = this.deps.power?.();
    if (cycler && p.outlet !== undefined && p.powerCycles < this.view.settings.powerCycles) {
      this.busy.add(p.mac);
      p.powerCycles++;
      this.enter(p, 'power-cycling', `${what}: power-cycling outlet ${p.outlet}`);
      try {
        const transcript = await cycler(p);
        this.busy.delete(p.mac);
        this.enter(p, 'rebooting', `power-cycled (${transcript.length} lines exchanged); waiting for the phone`);
      } catch (err) {
        this.busy.delete(p.mac);
        await this.attemptFailed(p, `${what}; the power cycle failed: ${(err as Error).message}`);
      }
      return;
    }
    if (p.state === 'verifying' && !p.reported && this.deps.controller().kind === 'manual') {
      this.finish(p, 'done', 'the phone is back but its version could not be read (no User-Agent; FTP or TFTP)', false);
      return;
    }
    await this.attemptFailed(p, cycler && p.outlet !== undefined ? `${what}, also after a power cycle` : what);
  }

  private async attemptFailed(p: QueuePhone, reason: string): Promise<void> {
    if (p.attempt <= this.view.settings.retries) {
      this.note(p, `attempt ${p.attempt} failed: ${reason}`);
      p.attempt++;
      p.powerCycles = 0;
      await this.runStep(p, `retry ${p.attempt - 1} of ${this.view.settings.retries}`);
    } else {
      this.finish(p, 'failed', reason, false);
    }
  }

  private finish(p: QueuePhone, state: 'done' | 'failed', note: string, verified: boolean): void {
    this.deps.source.unassign(p.mac);
    p.finishedAt = Date.now();
    if (state === 'failed') p.reason = note;
    else p.verified = verified;
    this.enter(p, state, note);
    this.schedule();
  }

  private enter(p: QueuePhone, state: QueueState, note: string): void {
    p.state = state;
    p.since = Date.now();
    this.note(p, note);
  }

  private note(p: QueuePhone, note: string): void {
    p.history.push({ at: Date.now(), state: p.state, note });
    if (p.history.length > HISTORY_MAX) p.history.splice(0, p.history.length - HISTORY_MAX);
    this.deps.logger.info(`${p.mac}: ${p.state}: ${note}`);
    this.emitPhone(p, true);
    this.changed();
  }

  private emitPhone(p: QueuePhone, force: boolean): void {
    const now = Date.now();
    if (!force && now - (this.lastEmit.get(p.mac) ?? 0) < 250) return;
    this.lastEmit.set(p.mac, now);
    this.emit('phone', p);
  }

  private changed(): void {
    void this.deps.store.save(this.view).catch((err: Error) => this.deps.logger.error(`cannot save the firmware queue: ${err.message}`));
    this.emit('changed', this.view);
  }

  private find(mac: string): QueuePhone | undefined {
    return this.view.phones.find((p) => p.mac === mac);
  }
}
