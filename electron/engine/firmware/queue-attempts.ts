/**
 * Attempts of the bench upgrade queue: each try of a step of a phone's plan is recorded with its
 * start, end, the state it ended in and the full cause of a failure, so the row's history and the
 * run report show every cause, not only the last one. Also the back-off between attempts.
 */
import type { QueueAttempt, QueuePhone, QueueSettings } from '../../../shared/firmware-dto';

/**
 * Back-off before attempt `retry + 1` of a step: a fortieth of the step timeout (at least 250 ms,
 * at most 30 s), doubled for every retry already made, never more than half the step timeout.
 * @param retry 1 for the first retry
 * @returns ms
 */
export function backoffMs(settings: Pick<QueueSettings, 'stepTimeoutMs'>, retry: number): number {
  const base = Math.max(250, Math.min(30_000, settings.stepTimeoutMs / 40));
  return Math.min(settings.stepTimeoutMs / 2, base * 2 ** Math.max(0, retry - 1));
}

/** The attempt now running for the phone's current step, if any. */
export function currentAttempt(p: QueuePhone): QueueAttempt | undefined {
  const a = p.attempts?.at(-1);
  return a && a.outcome === 'running' && a.step === p.stepIndex && a.n === p.attempt ? a : undefined;
}

/** Record the start of attempt `p.attempt` of the current step (once; a resumed attempt keeps its record). */
export function startAttempt(p: QueuePhone, now = Date.now()): void {
  if (currentAttempt(p)) return;
  const step = p.steps[p.stepIndex];
  (p.attempts ??= []).push({ n: p.attempt, step: p.stepIndex, version: step?.version ?? '', startedAt: now, outcome: 'running' });
}

/** Close the running attempt with its outcome, the state it ended in and, for a failure, the cause. */
export function endAttempt(p: QueuePhone, outcome: Exclude<QueueAttempt['outcome'], 'running'>, cause?: string, now = Date.now()): void {
  const a = currentAttempt(p);
  if (!a) return;
  a.outcome = outcome;
  a.endedAt = now;
  a.endState = p.state;
  if (cause) a.cause = cause;
}

/** Causes of the failed attempts, oldest first: `attempt 1 (verifying): the phone came back with …`. */
export function failureCauses(p: QueuePhone): string[] {
  return (p.attempts ?? []).filter((a) => a.outcome === 'failed' && a.cause).map((a) => `attempt ${a.n}${p.steps.length > 1 ? ` of step ${a.step + 1}` : ''} (${a.endState ?? 'unknown step'}): ${a.cause}`);
}
