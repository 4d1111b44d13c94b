/**
 * Wizard step 2 — the phone: vendor and model (prefilled from what ProvKit has seen of this MAC),
 * where it comes from (third-party phones are factory reset first, MegaPath IP650/IP670 Enrollment
 * Guide, "Third-Party Phones") and whether the admin password is known (Normal path step 3; unknown
 * leads to Appendix A, the Lost password helper).
 */
import { useEffect, useId } from 'react';
import type { Enrollment } from '../../../../shared/api-enroll';
import { formatMac } from '../../../../shared/mac';
import { POLYCOM_MODELS } from '../../../../shared/models';
import { findResetModel, RESET_MODELS } from '../../../../shared/keypad/reset-models';
import { formatRelative } from '../../format';
import { useApp } from '../../store/context';
import { useNow } from '../../use-now';
import type { StepProps } from './Wizard';

const VENDORS: Array<{ id: Enrollment['vendor']; label: string }> = [
  { id: 'polycom', label: 'Polycom (SoundPoint IP, SoundStation IP, VVX)' },
  { id: 'toshiba', label: 'Toshiba IPedge IP5000' },
  { id: 'iss', label: 'Interaction SIP Station I / II' },
  { id: 'audiocodes', label: 'AudioCodes 405HD / 420HD / 430HD / 440HD' },
];

/** Polycom model codes: those with a reset key combination, then the rest of the model table. */
const MODEL_CODES = [...new Set([...RESET_MODELS.map((m) => m.code), ...POLYCOM_MODELS.map((m) => m.code)])];

function modelName(code: string): string {
  return findResetModel(code)?.displayName ?? POLYCOM_MODELS.find((m) => m.code === code)?.displayName ?? code;
}

/** The identify step. */
export function IdentifyStep({ e, update }: StepProps) {
  const id = useId();
  const seen = useApp('phones', (s) => s.byMac[e.mac]);
  const now = useNow();
  useEffect(() => {
    if (!e.model && seen?.model && MODEL_CODES.includes(seen.model)) update({ model: seen.model });
  }, [e.model, seen?.model]);
  return (
    <div className="wiz-identify">
      {seen ? (
        <p className="wiz-seen">
          ProvKit has seen {formatMac(e.mac)}: {[seen.vendor ?? seen.ouiVendor, seen.model].filter(Boolean).join(' ') || 'model unknown'}
          {seen.firmware ? `, firmware ${seen.firmware}` : ''}
          {seen.lastAddress ? ` at ${seen.lastAddress}` : ''}, {formatRelative(seen.lastSeen, now)}.
        </p>
      ) : (
        <p className="muted">ProvKit has not seen this phone yet. Read the model on the label under the phone.</p>
      )}
      <div className="wiz-grid">
        <div className="field">
          <label htmlFor={`${id}-vendor`}>Vendor</label>
          <select id={`${id}-vendor`} value={e.vendor} onChange={(ev) => update({ vendor: ev.target.value as Enrollment['vendor'] })}>
            {VENDORS.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </select>
        </div>
        {e.vendor === 'polycom' && (
          <div className="field">
            <label htmlFor={`${id}-model`}>Model</label>
            <select id={`${id}-model`} value={e.model ?? ''} onChange={(ev) => update(ev.target.value ? { model: ev.target.value } : { model: undefined })}>
              <option value="">Not known yet</option>
              {MODEL_CODES.map((c) => (
                <option key={c} value={c}>
                  {modelName(c)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-label`}>Label (where it sits)</label>
          <input id={`${id}-label`} value={e.label ?? ''} onChange={(ev) => update(ev.target.value ? { label: ev.target.value } : { label: undefined })} placeholder="Reception" />
        </div>
      </div>
      {e.vendor === 'polycom' && (
        <>
          <fieldset className="choice-group">
            <legend>Where does the phone come from?</legend>
            <label className="choice">
              <input type="radio" name={`${id}-origin`} checked={e.thirdParty === false} onChange={() => update({ thirdParty: false })} />
              <span>New, from the provider</span>
            </label>
            <label className="choice">
              <input type="radio" name={`${id}-origin`} checked={e.thirdParty === true} onChange={() => update({ thirdParty: true })} />
              <span>
                From a previous carrier, or bought from another vendor
                <span className="hint">Its old settings may interfere: it is factory reset first (MegaPath IP650/IP670 Enrollment Guide, “Third-Party Phones”).</span>
              </span>
            </label>
          </fieldset>
          <fieldset className="choice-group">
            <legend>Its admin password</legend>
            <label className="choice">
              <input type="radio" name={`${id}-pw`} checked={e.passwordKnown === 'yes'} onChange={() => update({ passwordKnown: 'yes' })} />
              <span>Known — the provider’s, or the default 456 works</span>
            </label>
            <label className="choice">
              <input type="radio" name={`${id}-pw`} checked={e.passwordKnown === 'no'} onChange={() => update({ passwordKnown: 'no', resetMethod: 'polycom-lost-password' })} />
              <span>
                Unknown — neither works
                <span className="hint">The reset at boot with the MAC address recovers it (MegaPath IP650/IP670 Enrollment Guide, Appendix A).</span>
              </span>
            </label>
          </fieldset>
        </>
      )}
    </div>
  );
}
