/**
 * Lost password helper: reset a Polycom whose admin password nobody knows by typing its MAC blind
 * at the boot prompt. Follows the MegaPath IP650/IP670 Enrollment Guide, Appendix A, and Polycom's
 * knowledge base (keys per model): the model's key combination, the MAC key by key on a drawn
 * keypad, practice at the phone's pace, the guide's tips, and what comes next (password 456 →
 * enrollment).
 */
import { useMemo, useState } from 'react';
import { formatMac, MacError } from '../../../../shared/mac';
import { planSteps } from '../../../../shared/keypad/describe';
import { planMacEntry, parseKeyCombination, ResetKeysChoiceError, type MacPlanResult } from '../../../../shared/keypad/planner';
import { AFTER_TYPING, beforeTyping, TYPING_TIPS } from '../../../../shared/keypad/procedure';
import { KeypadError } from '../../../../shared/keypad/profiles';
import { describeKeys, findResetModel } from '../../../../shared/keypad/reset-models';
import { Keypad } from '../../components/Keypad';
import { navigate } from '../../routing';
import { useApp, useStores } from '../../store/context';
import { Checklist } from '../enroll/Checklist';
import { MacForm } from './MacForm';
import { PlanWalker } from './PlanWalker';
import { Practice } from './Practice';
import '../../styles/lost-password.css';

type Outcome = { ok: MacPlanResult } | { macError: string } | { choice: ResetKeysChoiceError } | { otherError: string } | { empty: true };

function plan(macText: string, model: string, letterCase: 'lower' | 'upper', resetKeys: string | undefined): Outcome {
  if (!macText.trim()) return { empty: true };
  try {
    return { ok: planMacEntry({ mac: macText, model, case: letterCase, ...(resetKeys ? { resetKeys: parseKeyCombination(resetKeys) } : {}) }) };
  } catch (err) {
    if (err instanceof ResetKeysChoiceError) return { choice: err };
    if (err instanceof MacError) return { macError: err.reason };
    if (err instanceof KeypadError) return { otherError: err.message };
    throw err;
  }
}

/** The Lost password page. */
export function LostPasswordPage() {
  const stores = useStores();
  const form = useApp('lostPassword', (s) => s);
  const [tips, setTips] = useState<string[]>([]);
  const outcome = useMemo(() => plan(form.macText, form.model, form.letterCase, form.resetKeys), [form.macText, form.model, form.letterCase, form.resetKeys]);
  const model = findResetModel(form.model);
  const ok = 'ok' in outcome ? outcome.ok : undefined;
  const steps = useMemo(() => (ok ? planSteps(ok.profile, ok.plan.actions) : []), [ok]);

  const continueToEnrollment = async (): Promise<void> => {
    if (!ok) return;
    const enroll = stores.enroll.getState();
    const mac = ok.plan.mac;
    const patch = { passwordKnown: 'yes' as const, resetDone: true, resetMethod: 'polycom-lost-password' as const, model: ok.plan.model };
    if (enroll.byMac[mac]) enroll.update(mac, patch);
    else await enroll.add([{ mac, vendor: 'polycom', step: 'target', ticks: [], thirdParty: true, ...patch }]);
    enroll.select(mac);
    navigate({ area: 'enroll' });
  };

  return (
    <section className="page lp-page" aria-labelledby="lp-title">
      <h1 id="lp-title">Lost password</h1>
      <p className="lead">
        Reset a Polycom whose admin password nobody knows: hold the model’s keys while it boots, then type its MAC address blind. This factory-resets the phone; its
        password becomes 456.
      </p>
      <MacForm form={form} outcome={outcome} />

      {'choice' in outcome && (
        <fieldset className="lp-choice">
          <legend>Which keys does this {outcome.choice.model.displayName} need?</legend>
          <p className="hint">{outcome.choice.message}</p>
          {outcome.choice.choices.map((c) => (
            <label key={c.join('')} className="field-check">
              <input type="radio" name="lp-reset-keys" checked={form.resetKeys === c.join('')} onChange={() => form.set({ resetKeys: c.join('') })} /> Hold {describeKeys(c)}
            </label>
          ))}
        </fieldset>
      )}

      {ok && model && (
        <>
          {ok.warnings.map((w) => (
            <p key={w} className="banner-warn lp-warning" role="status">
              <strong>Check:</strong> {w}
            </p>
          ))}
          <Practice profile={ok.profile} actions={ok.plan.actions} steps={steps} />
          <section className="lp-boot" aria-labelledby="lp-boot-title">
            <h2 id="lp-boot-title" className="section-title">
              2. At boot: hold <span className="lp-keys">{describeKeys(ok.plan.resetKeys)}</span>
            </h2>
            <div className="lp-boot-body">
              <ol className="lp-boot-steps">
                {beforeTyping(model, ok.plan.resetKeys).map((s) => (
                  <li key={s.text}>
                    {s.text} <span className="source">{s.source}</span>
                  </li>
                ))}
              </ol>
              <Keypad held={ok.plan.resetKeys} label={`Hold ${describeKeys(ok.plan.resetKeys)} together`} size="small" />
            </div>
          </section>
          <PlanWalker profile={ok.profile} steps={steps} text={ok.plan.case === 'upper' ? ok.plan.mac.toUpperCase() : ok.plan.mac} step={form.step} onStep={form.goTo} />
          <section aria-labelledby="lp-tips-title">
            <h2 id="lp-tips-title" className="section-title">
              Tips from the guide (MegaPath IP650/IP670 Enrollment Guide, Appendix A)
            </h2>
            <Checklist steps={TYPING_TIPS.map((t, i) => ({ ...t, id: `tip-${i}` }))} ticked={tips} onToggle={(id, on) => setTips(on ? [...tips, id] : tips.filter((t) => t !== id))} label="Tips" />
          </section>
          <section className="lp-next" aria-labelledby="lp-next-title">
            <h2 id="lp-next-title" className="section-title">
              4. Press OK — what next
            </h2>
            <ul>
              {AFTER_TYPING.map((s) => (
                <li key={s.text}>
                  {s.text} <span className="source">{s.source}</span>
                </li>
              ))}
            </ul>
            <button type="button" className="btn btn-primary" onClick={() => void continueToEnrollment()}>
              Password is now 456 — continue to enrollment of {formatMac(ok.plan.mac)} →
            </button>
          </section>
        </>
      )}
    </section>
  );
}
