/**
 * The wizard's flow: which steps apply to a phone (a factory reset only for third-party phones,
 * unknown passwords and non-Polycom vendors — MegaPath IP650/IP670 Enrollment Guide, "Factory
 * Reset"), what blocks "Next", and a one-line status for the table of phones that claims only what
 * ProvKit has evidence for.
 */
import { ENROLL_STEPS, type EnrollmentView, type EnrollStep } from '../../../shared/api-enroll';
import type { WatchStatus } from './watch';

/** Step names for people. */
export const STEP_LABELS: Record<EnrollStep, string> = {
  target: 'Target',
  identify: 'Phone',
  reset: 'Factory reset',
  path: 'Path',
  keys: 'Enter settings',
  watch: 'Watch',
};

/** Whether the phone must be factory reset first. */
export function needsReset(e: Pick<EnrollmentView, 'vendor' | 'thirdParty' | 'passwordKnown'>): boolean {
  return e.vendor !== 'polycom' || e.thirdParty === true || e.passwordKnown === 'no';
}

/**
 * The steps that apply to a phone, in order. Toshiba IP5000 and Interaction SIP Station phones find
 * their server through DHCP (Toshiba IPedge IP Telephone Auto Configuration guide; Genesys CIC
 * Managed IP Phones guide, "DHCP options"), so their wizard is the reset guide and the DHCP pointer.
 */
export function stepsFor(e: EnrollmentView): EnrollStep[] {
  if (e.vendor !== 'polycom') return ['identify', 'reset', 'path'];
  return ENROLL_STEPS.filter((s) => s !== 'reset' || needsReset(e));
}

/** The step to show: the saved one, or the first that applies. */
export function currentStep(e: EnrollmentView): EnrollStep {
  const steps = stepsFor(e);
  return steps.includes(e.step) ? e.step : steps[0]!;
}

/**
 * The step after (or before) the current one.
 * @returns undefined at either end
 */
export function neighbourStep(e: EnrollmentView, dir: 1 | -1): EnrollStep | undefined {
  const steps = stepsFor(e);
  return steps[steps.indexOf(currentStep(e)) + dir];
}

/**
 * What stops the technician leaving a step forward, in words.
 * @param automaticAvailable whether the automatic path can run in this build
 * @returns undefined when "Next" may go on
 */
export function blocker(e: EnrollmentView, automaticAvailable: boolean): string | undefined {
  switch (currentStep(e)) {
    case 'target':
      return e.target ? undefined : 'Choose where the phone should go (a provider’s address once confirmed or typed).';
    case 'identify':
      if (e.vendor !== 'polycom') return undefined;
      if (e.thirdParty === undefined) return 'Say where the phone comes from.';
      if (e.passwordKnown === undefined) return 'Say whether you know the admin password.';
      return undefined;
    case 'reset':
      return e.resetDone ? undefined : 'Confirm the factory reset is done (the last step of the guide).';
    case 'path':
      if (!e.path) return 'Choose how to enter the boot server.';
      if (e.path === 'automatic' && !automaticAvailable) return 'The automatic path is not available here: choose Normal or Boot.';
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Whether ProvKit has evidence the phone is done: for ProvKit as target, the watch saw the phone's
 * requests after the change; for a provider, the phone read back the provider's boot server and
 * reported a registered line (the engine's `verifyEnrollment`). Nothing a person says counts.
 * @param watchable whether the target is ProvKit's own server
 */
export function isVerifiedDone(e: EnrollmentView, watch: WatchStatus | undefined, watchable: boolean): boolean {
  if (!watchable) return e.verification?.outcome === 'verified';
  return e.doneAt !== undefined || Boolean(watch?.done);
}

/**
 * Where a phone is, in one line for the table. "Done" only on evidence (the phone's requests at
 * ProvKit); "Restarted" only after the phone accepted the change, read it back and accepted the
 * reboot; everything else says what is not verified.
 * @param e the wizard state
 * @param watch the watch verdict when it is being watched by ProvKit
 * @param watchable whether the target is ProvKit's own server (default: a watch is given)
 */
export function statusLine(e: EnrollmentView, watch: WatchStatus | undefined, watchable = watch !== undefined): { text: string; tone: 'ok' | 'warn' | 'error' | 'idle' } {
  if (isVerifiedDone(e, watch, watchable)) return { text: 'Done', tone: 'ok' };
  const step = currentStep(e);
  const auto = e.automatic;
  if (step !== 'watch' || e.watchStartedAt === undefined) {
    if (auto?.outcome === 'failed' && auto.error) return { text: `Stopped: ${auto.error.message}`, tone: 'error' };
    if (e.seenWorkingAt !== undefined) return { text: 'Working, as you saw on the phone — not verified by ProvKit', tone: 'idle' };
    return { text: `${STEP_LABELS[step]} — in the wizard`, tone: 'idle' };
  }
  if (!watchable) {
    if (e.verification?.outcome === 'not-verified' && e.verification.at >= e.watchStartedAt) return { text: 'Not verified: look at the phone (checked: no proof from the phone yet)', tone: 'warn' };
    if (e.seenWorkingAt !== undefined || e.doneAt !== undefined) return { text: 'Working, as you saw on the phone — not verified by ProvKit', tone: 'idle' };
    if (auto?.outcome === 'restarted' && auto.at >= e.watchStartedAt - 1000) return { text: `Restarted (read back ${auto.readBack ?? 'the new boot server'}) — not verified: look at the phone`, tone: 'idle' };
    return { text: 'Not verified: look at the phone (provider’s server)', tone: 'idle' };
  }
  if (!watch) return { text: 'Not verified: look at the phone', tone: 'idle' };
  const mins = `${Math.floor(watch.elapsedMs / 60_000)} of ${Math.round(watch.budgetMs / 60_000)} min`;
  const failed = watch.stages.find((s) => s.state === 'failed');
  if (failed) return { text: `${failed.label}: ${failed.detail} (${mins})`, tone: 'error' };
  const unverified = watch.stages.find((s) => s.state === 'unverified');
  if (unverified) return { text: `Not verified: ${unverified.detail.replace(/^not verified: /, '')} (${mins})`, tone: 'warn' };
  const active = watch.stages.find((s) => s.state === 'active');
  if (watch.overBudget) return { text: `Over twenty minutes — ${active ? active.label.toLowerCase() : 'stuck'}: troubleshoot`, tone: 'error' };
  const fw = watch.firmware;
  const pct = fw && fw.total && !fw.finished ? ` ${Math.floor((fw.bytes / fw.total) * 100)}%${fw.estimated ? ' (est.)' : ''}` : '';
  return { text: `${active ? `${active.label}${active.id === 'firmware' ? pct : ''}: ${active.detail}` : 'Watching'} (${mins})`, tone: 'warn' };
}
