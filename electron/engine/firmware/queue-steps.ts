/**
 * The per-phone step machine of the bench upgrade queue: for the current step of a phone's plan,
 * pointing → rebooting → downloading → flashing → verifying → next step | done, with a power cycle
 * on timeout before an attempt is given up, retries, and failure reasons a technician can act on.
 * Driven by the queue (queue.ts: requests, transfers), the scheduler (queue-scheduler.ts: start,
 * timeouts, resumption after a restart).
 * Source: AltiGen guide "Using an FTP Server..." (the phone reboots, downloads,
 * takes minutes); docs/sources.md §1 (Updater then Application).
 */
import type { RequestEvent } from '../../../shared/dto';
import { FINISHED_STATES, type QueuePhone, type QueueState } from '../../../shared/firmware-dto';
import { sameVersion } from '../../../shared/firmware-version';
import { parseUserAgent } from '../../../shared/phone-identity';
import type { FirmwareTransfer } from './file-source';
import { manualInstruction } from './phone-controller';
import { backoffMs, endAttempt, failureCauses, startAttempt } from './queue-attempts';
import { reasonOf, WAITING, type QueueContext } from './queue-context';
import { startHttpsStage, updateHttpsStage } from './queue-https';

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
      endAttempt(p, 'done');
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
    if (v && step && (WAITING.includes(p.state) || p.state === 'waiting-retry')) {
      p.reported = v;
      if (sameVersion(v, step.version)) this.checkVersion(p, v);
    }
  }

  /** Serve the phone the image of its current step. */
  assign(p: QueuePhone): void {
    const step = p.steps[p.stepIndex];
    if (step) this.q.deps.source.assign(p.mac, { model: p.model, kind: step.kind, version: step.version });
  }

  /**
   * Start (or resume) an attempt of the current step: held when the queue is paused; a manual phone
   * waits for the technician (told what to do); other phones are pointed at the bench server and
   * rebooted.
   */
  async runStep(p: QueuePhone, why: string): Promise<void> {
    if (this.q.busy.has(p.mac) || FINISHED_STATES.includes(p.state)) return;
    if (this.q.view.paused) {
      p.heldWhy = why;
      this.enter(p, 'held', `paused: "${why}" starts when the queue is resumed`);
      return;
    }
    delete p.heldWhy;
    delete p.retryAt;
    const boot = this.q.view.settings.httpsAfter ? this.q.deps.httpsBootstrap : undefined;
    // Not awaited: the phone must not stay `queued` meanwhile (the scheduler would start it twice).
    if (boot) void boot(p).catch((err: unknown) => this.note(p, `could not give the phone the bench CA (HTTP first, then HTTPS): ${reasonOf(err)}`));
    const ctl = this.q.deps.controller(p);
    startAttempt(p);
    this.assign(p);
    p.bytes = 0;
    p.size = 0;
    p.rate = 0;
    if (ctl.kind === 'manual') {
      // ProvKit sends nothing to a manual phone: say what the technician must do, then wait.
      const url = this.q.view.settings.serverUrl || '(the bench server URL, not set yet)';
      const todo = p.attempt > 1 ? `Restart the phone by hand (if it no longer uses ${url}, set it first: ${manualInstruction(p, url).replace(/\.$/, '')})` : manualInstruction(p, url);
      this.enter(p, 'rebooting', `${why.replace(/\.$/, '')}. ProvKit does not drive this phone: ${todo.replace(/\.?$/, '.')} Then ProvKit is waiting for the phone's first request.`);
      return;
    }
    this.q.busy.add(p.mac);
    try {
      this.enter(p, 'pointing', why);
      await this.q.deps.store.flush();
      await ctl.setBootServer(p, this.q.view.settings.serverUrl);
    } catch (err) {
      this.q.busy.delete(p.mac);
      if (p.state !== 'pointing') return; // cancelled meanwhile
      return this.attemptFailed(p, `could not point the phone at the bench server: ${reasonOf(err)}`, err);
    }
    this.q.busy.delete(p.mac);
    if (p.state !== 'pointing') return; // cancelled meanwhile
    await this.reboot(p, 'pointed at the bench server (read back); rebooting it');
  }

  /**
   * Enter `rebooting` and ask the controller to reboot the phone (a failure is noted, not fatal).
   * @param keepSince keep the step timer (a resumed attempt)
   */
  async reboot(p: QueuePhone, note: string, keepSince = false): Promise<void> {
    const ctl = this.q.deps.controller(p);
    this.enter(p, 'rebooting', note, keepSince);
    await this.q.deps.store.flush().catch(() => {}); // a failed save is logged by the queue
    if (ctl.kind === 'manual') return;
    try {
      await ctl.reboot(p);
    } catch (err) {
      this.note(p, `reboot request failed (${reasonOf(err)}); waiting for the phone anyway`);
    }
  }

  /** Start the next attempt of a phone waiting to retry. */
  async retryNow(p: QueuePhone, why: string): Promise<void> {
    if (p.state !== 'waiting-retry') return;
    await this.runStep(p, `retry ${p.attempt - 1} of ${this.q.view.settings.retries}: ${why}`);
  }

  /**
   * Ask a phone waiting to retry whether it answers (its controller reads its versions); it
   * answers → the retry starts (or the step ends when it already runs the version).
   */
  async probe(p: QueuePhone): Promise<void> {
    const ctl = this.q.deps.controller(p);
    if (this.q.busy.has(p.mac)) return;
    this.q.busy.add(p.mac);
    let answered: boolean;
    try {
      const info = await ctl.getInfo(p);
      answered = info !== undefined;
    } catch {
      answered = false;
    } finally {
      this.q.busy.delete(p.mac);
    }
    if (!answered || p.state !== 'waiting-retry') return;
    await this.askVersion(p);
    if (p.state === 'waiting-retry') await this.retryNow(p, 'the phone answers again');
  }

  /** Stop this phone for good (the technician's Cancel). */
  cancel(p: QueuePhone): void {
    if (FINISHED_STATES.includes(p.state)) return;
    endAttempt(p, 'cancelled', 'cancelled by the technician');
    this.q.deps.source.unassign(p.mac);
    p.finishedAt = Date.now();
    p.reason = `cancelled by the technician while ${p.state}`;
    delete p.retryAt;
    delete p.heldWhy;
    this.enter(p, 'cancelled', p.reason);
    this.q.schedule();
  }

  /** No progress within the step timeout: power-cycle when possible, else fail the attempt. */
  async timedOut(p: QueuePhone): Promise<void> {
    const s = this.q.view.settings;
    const secs = Math.round(s.stepTimeoutMs / 1000);
    const manual = this.q.deps.controller(p).kind === 'manual';
    const what = manual && p.state === 'rebooting'
      ? `the phone made no request for ${secs} s: check that it was pointed at ${s.serverUrl || 'the bench server'} and restarted, and that it reaches this computer`
      : `no progress for ${secs} s while ${p.state}`;
    const cycler = this.q.deps.power?.();
    const outlet = this.q.deps.outletOf?.(p) ?? p.outlet;
    if (cycler && outlet !== undefined && p.powerCycles < s.powerCycles) {
      this.q.busy.add(p.mac);
      p.powerCycles++;
      this.enter(p, 'power-cycling', `${what}: power-cycling outlet ${outlet}`);
      try {
        const transcript = await cycler(p);
        this.q.busy.delete(p.mac);
        if (p.state !== 'power-cycling') return; // cancelled meanwhile
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
    if (FINISHED_STATES.includes(p.state)) return;
    const code = (err as { code?: unknown } | undefined)?.code;
    const s = this.q.view.settings;
    endAttempt(p, 'failed', reason);
    if (p.attempt <= s.retries && !(typeof code === 'string' && NO_RETRY_CODES.has(code))) {
      this.note(p, `attempt ${p.attempt} failed: ${reason}`);
      const wait = backoffMs(s, p.attempt);
      p.attempt++;
      p.powerCycles = 0;
      p.retryAt = Date.now() + wait;
      const when = this.q.deps.controller(p).kind === 'manual' ? `after ${(wait / 1000).toFixed(1)} s` : `when the phone answers again (not before ${(wait / 1000).toFixed(1)} s; at the latest after ${Math.round(s.stepTimeoutMs / 1000)} s)`;
      this.enter(p, 'waiting-retry', `retry ${p.attempt - 1} of ${s.retries} starts ${when}`);
    } else {
      const earlier = failureCauses(p).slice(0, -1);
      this.finish(p, 'failed', earlier.length ? `${reason} — earlier: ${earlier.join('; ')}` : reason, false);
    }
  }

  /** End a phone: done (verified or not) or failed with the reason. */
  finish(p: QueuePhone, state: 'done' | 'failed', note: string, verified: boolean): void {
    if (FINISHED_STATES.includes(p.state)) return;
    this.q.deps.source.unassign(p.mac);
    p.finishedAt = Date.now();
    if (state === 'failed') p.reason = note;
    else p.verified = verified;
    this.enter(p, state, note);
    if (startHttpsStage(p, this.q.view.settings)) {
      this.note(p, p.https!.note);
      this.checkHttps(p);
    }
    this.q.schedule();
  }

  /** "HTTP first, then HTTPS": judge a done phone's HTTPS stage again from its requests; a change is noted. */
  checkHttps(p: QueuePhone, now = Date.now()): void {
    const rows = this.q.deps.timeline?.(p.mac);
    if (!rows) return;
    const line = updateHttpsStage(p, rows, this.q.view.settings.stepTimeoutMs, now);
    if (line) this.note(p, line);
  }

  /**
   * Enter a state now, with a history note. A finished phone stays finished (only a retry or a new
   * add puts it back: `reopen`); `keepSince` keeps the step timer (a resumed step).
   */
  enter(p: QueuePhone, state: QueueState, note: string, keepSince = false, reopen = false): void {
    if (FINISHED_STATES.includes(p.state) && !reopen) return;
    if (!keepSince) p.since = Date.now();
    p.state = state;
    this.note(p, note);
  }

  /** Add a history line (bounded), log it, emit and save. */
  note(p: QueuePhone, note: string): void {
    p.history.push({ at: Date.now(), state: p.state, note });
    // Bounded: the first lines (the plan) stay, then the newest; attempts keep every cause.
    if (p.history.length > HISTORY_MAX) p.history.splice(2, p.history.length - HISTORY_MAX);
    this.q.deps.logger.info(`${p.mac}: ${p.state}: ${note}`);
    this.q.changed();
    this.q.emitPhone(p, true);
  }
}
