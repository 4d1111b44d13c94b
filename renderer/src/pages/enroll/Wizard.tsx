/**
 * One phone's enrollment wizard: a step list (any step can be revisited), the current step, and
 * Back / Next with the reason when Next is not possible yet. Focus moves to the step's heading on
 * every change, so the wizard works from the keyboard alone.
 */
import { useEffect, useRef, type JSX } from 'react';
import type { Enrollment, EnrollmentView, EnrollStep } from '../../../../shared/api-enroll';
import { wantsHttpsFirst } from '../../../../shared/https-return';
import { formatMac } from '../../../../shared/mac';
import { ErrorBox } from '../../components/ErrorBox';
import { blocker, currentStep, neighbourStep, STEP_LABELS, stepsFor } from '../../enroll/flow';
import { serverEntry } from '../../enroll/target';
import { useApp, useStores } from '../../store/context';
import { IdentifyStep } from './IdentifyStep';
import { KeysStep } from './KeysStep';
import { PathStep } from './PathStep';
import { ResetStep } from './ResetStep';
import { TargetStep } from './TargetStep';
import { WatchStep } from './WatchStep';

/** What every step component receives. */
export interface StepProps {
  e: EnrollmentView;
  /** Change the wizard state (saved shortly after); `targetPassword` is sent once and sealed. */
  update: (patch: Partial<Enrollment>, opts?: { targetPassword?: string; clearTargetPassword?: boolean }) => void;
}

const BODY: Record<EnrollStep, (p: StepProps) => JSX.Element> = {
  target: TargetStep,
  identify: IdentifyStep,
  reset: ResetStep,
  path: PathStep,
  keys: KeysStep,
  watch: WatchStep,
};

/**
 * The wizard.
 * @param props.e the phone's wizard state
 */
export function Wizard({ e }: { e: EnrollmentView }) {
  const stores = useStores();
  const automatic = useApp('enroll', (s) => s.capabilities?.automatic.available ?? false);
  const saveError = useApp('enroll', (s) => s.errors[e.mac]);
  const servers = useApp('servers', (s) => s.byKind);
  const step = currentStep(e);
  const steps = stepsFor(e);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);
  const update: StepProps['update'] = (patch, opts) => stores.enroll.getState().update(e.mac, patch, opts);
  const go = (to: EnrollStep | undefined): void => {
    if (to) update({ step: to });
  };
  const next = neighbourStep(e, 1);
  const prev = neighbourStep(e, -1);
  const blocked = blocker(e, automatic);
  const Body = BODY[step];
  const entry = serverEntry(e.target, servers);
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <h2 id="wizard-title" className="wizard-title">
        Enrolling <span className="mono">{formatMac(e.mac)}</span>
        {e.label && <span className="muted"> — {e.label}</span>}
        {entry?.address && (
          <span className="wizard-target">
            → {entry.typeLabel} <span className="mono">{entry.address}</span>
            {wantsHttpsFirst(e) && ', then HTTPS'}
          </span>
        )}
      </h2>
      <ol className="wiz-steps" aria-label="Wizard steps">
        {steps.map((s, i) => {
          const at = steps.indexOf(step);
          return (
            <li key={s} className={s === step ? 'wiz-step-now' : i < at ? 'wiz-step-done' : undefined}>
              <button type="button" onClick={() => go(s)} aria-current={s === step ? 'step' : undefined}>
                <span className="wiz-step-num" aria-hidden="true">
                  {i < at ? '✓' : i + 1}
                </span>{' '}
                {STEP_LABELS[s]}
              </button>
            </li>
          );
        })}
      </ol>
      {saveError && <ErrorBox error={saveError} title="Could not save this phone’s progress" />}
      <div className="wiz-body">
        <h3 ref={heading} tabIndex={-1} className="wiz-step-title">
          {steps.indexOf(step) + 1}. {STEP_LABELS[step]}
        </h3>
        <Body e={e} update={update} />
      </div>
      {step !== 'watch' && (
        <div className="wiz-nav">
          <button type="button" className="btn" onClick={() => go(prev)} disabled={!prev}>
            ← Back
          </button>
          {next && step !== 'keys' && (
            <button type="button" className="btn btn-primary" onClick={() => go(next)} disabled={Boolean(blocked)} aria-describedby={blocked ? 'wiz-blocked' : undefined}>
              Next: {STEP_LABELS[next]} →
            </button>
          )}
          {blocked && (
            <span id="wiz-blocked" className="hint">
              {blocked}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
