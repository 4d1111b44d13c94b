/**
 * Wizard step 3 — factory reset, per vendor (shared/enroll/reset-guides.ts): Polycom from the menu
 * (MegaPath guide Appendix B), from the web UI (AltiGen guide Step 1), or at boot with the MAC when the password is
 * lost (Appendix A, the Lost password helper); Toshiba IP5000 keys; Interaction SIP Station buttons.
 */
import { useId } from 'react';
import { guidesFor, resetGuide, type ResetMethod } from '../../../../shared/enroll/reset-guides';
import { formatMac } from '../../../../shared/mac';
import { findResetModel } from '../../../../shared/keypad/reset-models';
import { navigate } from '../../routing';
import { useStores } from '../../store/context';
import { Checklist } from './Checklist';
import type { StepProps } from './Wizard';

/** The reset step. */
export function ResetStep({ e, update }: StepProps) {
  const stores = useStores();
  const id = useId();
  const guides = guidesFor(e.vendor);
  const lost = e.vendor === 'polycom' && e.passwordKnown === 'no';
  const method: ResetMethod = lost ? 'polycom-lost-password' : (e.resetMethod && guides.some((g) => g.id === e.resetMethod) ? e.resetMethod : guides[0]!.id);
  const guide = resetGuide(method);
  const openHelper = (): void => {
    const model = e.model ? findResetModel(e.model)?.code : undefined;
    stores.lostPassword.getState().set({ macText: formatMac(e.mac), ...(model ? { model } : {}) });
    navigate({ area: 'lost-password' });
  };
  return (
    <div className="wiz-reset">
      <p>
        {e.vendor === 'polycom'
          ? e.thirdParty
            ? 'This phone comes from elsewhere: reset it to factory settings so no old settings interfere (MegaPath IP650/IP670 Enrollment Guide, “Third-Party Phones”).'
            : 'The admin password is unknown: the reset at boot recovers the phone (MegaPath IP650/IP670 Enrollment Guide, Appendix A).'
          : 'These phones only pick up their server from factory defaults: reset first.'}
      </p>
      {guides.length > 1 && !lost && (
        <fieldset className="choice-group">
          <legend>How</legend>
          {guides.map((g) => (
            <label key={g.id} className="choice">
              <input type="radio" name={`${id}-method`} checked={method === g.id} onChange={() => update({ resetMethod: g.id })} />
              <span>
                <strong>{g.title}</strong>
                <span className="hint">{g.when}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <h4 className="wiz-sub">{guide.title}</h4>
      <Checklist steps={guide.steps} ticked={e.ticks} onToggle={(tid, on) => update({ ticks: on ? [...e.ticks, tid] : e.ticks.filter((x) => x !== tid) })} label={guide.title} />
      {guide.caution && <p className="hint">{guide.caution}</p>}
      {method === 'polycom-lost-password' && (
        <button type="button" className="btn btn-primary" onClick={openHelper}>
          Open the Lost password helper for {formatMac(e.mac)} →
        </button>
      )}
      <label className="choice choice-confirm">
        <input type="checkbox" checked={e.resetDone === true} onChange={(ev) => update({ resetDone: ev.target.checked, resetMethod: method })} />
        <span>
          <strong>The phone is reset</strong>
          {e.vendor === 'polycom' && <span className="hint">Its admin password is now 456.</span>}
        </span>
      </label>
    </div>
  );
}
