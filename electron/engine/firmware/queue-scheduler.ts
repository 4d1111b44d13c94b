/**
 * Scheduling of the bench upgrade queue: start queued phones oldest first up to the concurrency
 * (QueueSettings.concurrency), watch waiting phones for the step timeout (the seeds' twenty
 * minutes; AltiGen guide "Using an FTP Server..."), ask non-manual controllers for the version of
 * phones that are back (verifying), and resume phones that were mid-step when the engine stopped
 * (state from queue-store.ts).
 */
import { FINISHED_STATES, type QueuePhone } from '../../../shared/firmware-dto';
import { WAITING, type QueueContext } from './queue-context';
import { httpsPending } from './queue-https';
import type { StepMachine } from './queue-steps';

/** Start queued phones (oldest first) while fewer than `concurrency` are running; nothing when paused. */
export function schedule(q: QueueContext, steps: StepMachine): void {
  if (q.view.paused) return;
  let active = q.view.phones.filter((p) => p.state !== 'queued' && !FINISHED_STATES.includes(p.state)).length;
  for (const p of [...q.view.phones].sort((a, b) => a.addedAt - b.addedAt)) {
    if (active >= q.view.settings.concurrency) break;
    if (p.state !== 'queued') continue;
    active++;
    p.startedAt ??= Date.now();
    void steps.runStep(p, p.steps[p.stepIndex]!.why);
  }
}

/** Interval of {@link tick}, ms: a tenth of the step timeout, between 50 ms and 1 s. */
export function tickInterval(stepTimeoutMs: number): number {
  return Math.max(50, Math.min(1000, stepTimeoutMs / 10));
}

/** Interval between version questions to a phone that is back (verifying), ms: 5 ticks, at most 15 s. */
function verifyPollMs(stepTimeoutMs: number): number {
  return Math.min(15_000, tickInterval(stepTimeoutMs) * 5);
}

const lastAsked = new WeakMap<object, number>();

/**
 * Time out phones waiting too long (not those inside an async step); poll versions of phones that
 * are back or flashing (not manual ones: their versions come from requests); start retries whose
 * back-off is over once the phone answers (or its step timeout has passed).
 */
export function tick(q: QueueContext, steps: StepMachine, now = Date.now()): void {
  const timeout = q.view.settings.stepTimeoutMs;
  for (const p of q.view.phones) {
    if (q.busy.has(p.mac)) continue;
    if (p.state === 'waiting-retry') {
      if (q.view.paused || now < (p.retryAt ?? 0)) continue;
      if (now - p.since > timeout) void steps.retryNow(p, `the phone did not answer within ${Math.round(timeout / 1000)} s; trying anyway`);
      else if (q.deps.controller(p).kind === 'manual') void steps.retryNow(p, 'back-off over');
      else if (now - (lastAsked.get(p) ?? 0) >= verifyPollMs(timeout)) {
        lastAsked.set(p, now);
        void steps.probe(p);
      }
      continue;
    }
    if (httpsPending(p)) {
      // Its requests are judged as they come (queue.ts); here only its deadline: "not verified" once passed.
      if (now - (p.finishedAt ?? now) > timeout) steps.checkHttps(p, now);
      continue;
    }
    if (!WAITING.includes(p.state)) continue;
    if (now - p.since > timeout) {
      void steps.timedOut(p);
    } else if ((p.state === 'verifying' || p.state === 'flashing') && now - (lastAsked.get(p) ?? p.since) >= verifyPollMs(timeout)) {
      lastAsked.set(p, now);
      void steps.askVersion(p);
    }
  }
}

/**
 * After a restart: put every phone that was mid-step back on its way, without losing or repeating
 * one. Step timers (`since`) are kept; a phone that may be flashing is never rebooted: only a
 * phone that answers with another version (its download was cut) is rebooted again.
 */
export function resumeAfterRestart(q: QueueContext, steps: StepMachine): void {
  for (const p of q.view.phones) {
    if (FINISHED_STATES.includes(p.state) || p.state === 'queued' || p.state === 'held' || p.state === 'waiting-retry') continue;
    steps.assign(p);
    const ctl = q.deps.controller(p);
    if (p.state === 'pointing') void steps.runStep(p, 'resumed after a restart');
    else if (p.state === 'power-cycling') steps.enter(p, 'rebooting', 'resumed after a restart during a power cycle', true);
    else if ((p.state === 'rebooting' || p.state === 'downloading') && ctl.kind !== 'manual') void resumeCut(q, steps, p);
    else {
      steps.note(p, `resumed after a restart (still ${p.state}, step timer kept)`);
      void steps.askVersion(p);
    }
  }
}

async function resumeCut(q: QueueContext, steps: StepMachine, p: QueuePhone): Promise<void> {
  const state = p.state;
  const info = await q.deps.controller(p).getInfo(p).catch(() => undefined);
  if (p.state !== state) return;
  const step = p.steps[p.stepIndex];
  const v = step?.kind === 'bootrom' ? info?.updaterVersion : info?.appVersion;
  if (!v) {
    steps.note(p, `resumed after a restart (still ${state}, step timer kept); the phone does not answer yet`);
    return;
  }
  await steps.askVersion(p);
  if (p.state === state) await steps.reboot(p, `resumed after a restart: the phone answers on ${v}, its transfer was cut; rebooting it`, true);
}
