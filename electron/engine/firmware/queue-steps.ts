/**
 * The per-phone step machine of the bench upgrade queue: for the current step of a phone's plan,
 * pointing → rebooting → downloading → flashing → verifying → next step | done, with a power cycle
 * on timeout before an attempt is given up, retries, and failure reasons a technician can act on.
 * Driven by the queue (queue.ts: requests, transfers), the scheduler (queue-scheduler.ts: start,
 * timeouts, resumption after a restart).
 * Source: issue #6 item 3; AltiGen guide "Using an FTP Server..." (the phone reboots, downloads,
 * takes minutes); facts §1 (Updater then Application).
 */
import type { RequestEvent } from '../../../shared/dto';
import type { QueuePhone, QueueState } from '../../../shared/firmware-dto';
import { sameVersion } from '../../../shared/firmware-version';
import { parseUserAgent } from '../../../shared/phone-identity';
import type { FirmwareTransfer } from './file-source';
import { reasonOf, WAITING, type QueueContext } from './queue-context';

const HISTORY_MAX = 60;

/** Errors after which another attempt cannot help (it would only risk a lockout): fail at once. */
const NO_RETRY_CODES = new Set(['WRONG_PASSWORD', 'LOCKED_OUT', 'NO_PASSWORD', 'NOT_A_POLYCOM', 'DEFAULT_PASSWORD_REFUSED', 'REST_DISABLED']);

/** Moves phones through their steps; every change is noted, saved and emitted through the context. */
export class StepMachine {
  constructor(private readonly q: QueueContext) {}

  /** A request finished on a provisioning server (RequestLog `request`). */
  onRequest(p: QueuePhone, ev: RequestEvent): void {
    if (!WAITING.includes(p.state)) return;
    const step = p.steps[p.stepIndex];
    const ua = parseUserAgent(ev.userAgent);
    const image = step ? this.q.deps.repo.imageFor(p.model, step.kind, step.version) : undefined;
    const isImage = ev.method !== 'HEAD' && image && /(?:^|\/)(?:\d{4}-\d{5}-\d{3}\.)?(?:sip|bootrom)\.ld$/i.test(ev.path);
    if (isImage && ev.ok && ev.bytesSent === image.size && (p.state === 'downloading' || p.state === 'rebooting')) {
      this.downloaded(p, ev.bytesSent, ev.durationMs);
      return;
    }
    if (isImage && p.state === 'flashing') return; // the end of the download itself, not the phone coming back
    if (p.state === 'flashing') this.enter(p, 'verifying', `the phone is back (${ev.method} ${ev.path}${ua.firmware ? `, ${ua.stage ?? ''} ${ua.firmware}` : ''})`);
    if (!step || !ua.firmware) return;
    const stageWanted = step.kind === 'application' ? 'Application' : 'Updater';
    if ((ua.stage ?? 'Application') !== stageWanted) return;
    p.reported = ua.firmware;
    this.checkVersion(p, ua.firmware);
  }

  /**
   * Live progress of a firmware transfer to this phone: bytes, size, rate (bytes/s). `done` with
   * every byte sent ends the download. `monotone`: ignore a report behind what is already known
   * (a second feed of the same transfer, e.g. the server's transfer events next to the file source's).
   */
  progress(p: QueuePhone, t: Pick<FirmwareTransfer, 'bytes' | 'size' | 'rate' | 'done' | 'startedAt' | 'image'>, monotone = false): void {
    if (!WAITING.includes(p.state)) return;
    if (monotone && (p.state === 'flashing' || p.state === 'verifying' || (p.state === 'downloading' && t.bytes < p.bytes))) return;
    if (p.state !== 'downloading') this.enter(p, 'downloading', `downloading ${t.image.name} ${t.image.version} (${t.image.size} bytes)`);
    p.bytes = t.bytes;
    p.size = t.size;
    p.rate = t.rate;
    if (t.done && t.bytes === t.size) this.downloaded(p, t.bytes, Date.now() - t.startedAt);
    else if (t.done) this.note(p, `download cut at ${t.bytes} of ${t.size} bytes; waiting for the phone to try again`);
    else this.q.emitPhone(p, false);
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

  /** Ask the phone's controller for its version (not for manual phones); a match ends the step. */
  async askVersion(p: QueuePhone): Promise<void> {
    const ctl = this.q.deps.controller(p);
    if (ctl.kind === 'manual') return;
    const info = await ctl.getInfo(p).catch(() => undefined);
    const step = p.steps[p.stepIndex];
    const v = step?.kind === 'bootrom' ? info?.updaterVersion : info?.appVersion;
    if (v && step && WAITING.includes(p.state)) {
      p.reported = v;
      if (sameVersion(v, step.version)) this.checkVersion(p, v);
    }
  }

  /** Serve the phone the image of its current step. */
  assign(p: QueuePhone): void {
    const step = p.steps[p.stepIndex];
    if (step) this.q.deps.source.assign(p.mac, { model: p.model, kind: step.kind, version: step.version });
  }

  /** pointing → rebooting for the current step. */
  async runStep(p: QueuePhone, why: string): Promise<void> {
    if (this.q.busy.has(p.mac)) return;
    this.q.busy.add(p.mac);
    try {
      this.assign(p);
      p.bytes = 0;
      p.size = 0;
      p.rate = 0;
      this.enter(p, 'pointing', why);
      await this.q.deps.store.flush();
      await this.q.deps.controller(p).setBootServer(p, this.q.view.settings.serverUrl);
    } catch (err) {
      this.q.busy.delete(p.mac);
      return this.attemptFailed(p, `could not point the phone at the bench server: ${reasonOf(err)}`, err);
    }
    this.q.busy.delete(p.mac);
    await this.reboot(p, 'pointed at the bench server; rebooting');
  }

  /** Enter `rebooting` and ask the controller to reboot the phone (a failure is noted, not fatal). */
  async reboot(p: QueuePhone, note: string): Promise<void> {
    const ctl = this.q.deps.controller(p);
    this.enter(p, 'rebooting', ctl.kind === 'manual' ? `${note}: waiting for the phone's first request` : note);
    await this.q.deps.store.flush().catch(() => {}); // a failed save is logged by the queue
    try {
      await ctl.reboot(p);
    } catch (err) {
      this.note(p, `reboot request failed (${reasonOf(err)}); waiting for the phone anyway`);
    }
  }

  /** No progress within the step timeout: power-cycle when possible, else fail the attempt. */
  async timedOut(p: QueuePhone): Promise<void> {
    const s = this.q.view.settings;
    const what = `no progress for ${Math.round(s.stepTimeoutMs / 1000)} s while ${p.state}`;
    const cycler = this.q.deps.power?.();
    const outlet = this.q.deps.outletOf?.(p) ?? p.outlet;
    if (cycler && outlet !== undefined && p.powerCycles < s.powerCycles) {
      this.q.busy.add(p.mac);
      p.powerCycles++;
      this.enter(p, 'power-cycling', `${what}: power-cycling outlet ${outlet}`);
      try {
        const transcript = await cycler(p);
        this.q.busy.delete(p.mac);
        this.enter(p, 'rebooting', `power-cycled (${transcript.length} lines exchanged); waiting for the phone`);
      } catch (err) {
        this.q.busy.delete(p.mac);
        await this.attemptFailed(p, `${what}; the power cycle failed: ${(err as Error).message}`);
      }
      return;
    }
    if (p.state === 'verifying' && !p.reported && this.q.deps.controller(p).kind === 'manual') {
      this.finish(p, 'done', 'the phone is back but its version could not be read (no User-Agent; FTP or TFTP)', false);
      return;
    }
    await this.attemptFailed(p, cycler && outlet !== undefined ? `${what}, also after a power cycle` : what);
  }

  private async attemptFailed(p: QueuePhone, reason: string, err?: unknown): Promise<void> {
    const code = (err as { code?: unknown } | undefined)?.code;
    if (p.attempt <= this.q.view.settings.retries && !(typeof code === 'string' && NO_RETRY_CODES.has(code))) {
      this.note(p, `attempt ${p.attempt} failed: ${reason}`);
      p.attempt++;
      p.powerCycles = 0;
      await this.runStep(p, `retry ${p.attempt - 1} of ${this.q.view.settings.retries}`);
    } else {
      this.finish(p, 'failed', reason, false);
    }
  }

  /** End a phone: done (verified or not) or failed with the reason. */
  finish(p: QueuePhone, state: 'done' | 'failed', note: string, verified: boolean): void {
    this.q.deps.source.unassign(p.mac);
    p.finishedAt = Date.now();
    if (state === 'failed') p.reason = note;
    else p.verified = verified;
    this.enter(p, state, note);
    this.q.schedule();
  }

  /** Enter a state now, with a history note. */
  enter(p: QueuePhone, state: QueueState, note: string): void {
    p.state = state;
    p.since = Date.now();
    this.note(p, note);
  }

  /** Add a history line (bounded), log it, emit and save. */
  note(p: QueuePhone, note: string): void {
    p.history.push({ at: Date.now(), state: p.state, note });
    if (p.history.length > HISTORY_MAX) p.history.splice(0, p.history.length - HISTORY_MAX);
    this.q.deps.logger.info(`${p.mac}: ${p.state}: ${note}`);
    this.q.emitPhone(p, true);
    this.q.changed();
  }
}
