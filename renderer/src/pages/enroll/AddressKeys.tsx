/**
 * The exact keys for a server address on the phone's keypad, as the procedure the technician
 * follows gives them (shared/keypad/address-procedures.ts): MegaPath guide (switch to "1/Ascii"
 * first, `*` for dots, `#` for the slash), Genesys CIC guide (`#` twice for a colon, three times
 * for a slash) or AltiGen guide (no counts). Where another guide gives other keys for this address
 * it says so, with a one-click switch for when the phone shows something else.
 */
import { useMemo } from 'react';
import { ADDRESS_PROCEDURES, PROCEDURES, planAddress, procedureDisagreements, type AddressPath, type AddressProcedureId } from '../../../../shared/keypad/address-procedures';
import { MODE_WORDS, planSteps } from '../../../../shared/keypad/describe';
import { KeypadError } from '../../../../shared/keypad/profiles';

/**
 * The key list.
 * @param props.address what to type
 * @param props.path Normal (phone menus) or Boot (boot Setup menu)
 * @param props.procedure the guide followed
 * @param props.model the phone's model code, when known
 * @param props.onProcedure switch to another guide
 */
export function AddressKeys({ address, path, procedure, model, onProcedure }: { address: string; path: AddressPath; procedure: AddressProcedureId; model?: string | undefined; onProcedure: (p: AddressProcedureId) => void }) {
  const result = useMemo(() => {
    try {
      const plan = planAddress(address, procedure, path, model);
      return { plan, steps: planSteps(plan.profile, plan.actions), others: procedureDisagreements(address, procedure, path) };
    } catch (err) {
      if (err instanceof KeypadError) return { error: err.message };
      throw err;
    }
  }, [address, procedure, path, model]);
  const chooser = (
    <p className="address-keys-procedure">
      Keys as given by:{' '}
      {ADDRESS_PROCEDURES.map((id) => (
        <button key={id} type="button" className={`btn btn-small${id === procedure ? ' btn-selected' : ''}`} aria-pressed={id === procedure} onClick={() => onProcedure(id)}>
          {PROCEDURES[id].short}
        </button>
      ))}
    </p>
  );
  if ('error' in result) {
    return (
      <div className="address-keys">
        {chooser}
        <p className="hint hint-error">{result.error}</p>
      </div>
    );
  }
  const { plan, steps, others } = result;
  return (
    <div className="address-keys">
      {chooser}
      <p className="address-keys-head">
        Keys for <span className="mono">{address}</span> <span className="muted">({plan.profile.name}; {plan.procedure.document})</span>
      </p>
      {plan.modelWarning && <p className="banner-warn">{plan.modelWarning}</p>}
      {others.length > 0 && (
        <div className="address-keys-disagree" role="note">
          {others.map((o) => (
            <p key={o.procedure.id}>
              The {o.procedure.document} gives other keys for this address: {o.chars.map((c) => `“${c.char}” = ${c.other} (here: ${c.chosen})`).join('; ')}. If the phone shows something else, switch:{' '}
              <button type="button" className="btn btn-small" onClick={() => onProcedure(o.procedure.id)}>
                Use the {o.procedure.short}’s keys
              </button>
            </p>
          ))}
        </div>
      )}
      <ol className="address-keys-list">
        {steps.map((s, i) => (
          <li key={i} className={s.kind === 'mode' ? 'ak-mode' : s.untilSeen ? 'ak-watch' : undefined}>
            {s.kind === 'key' ? (
              <>
                {s.pauseFirst && (
                  <span className="ak-pause" aria-hidden="true">
                    ‖
                  </span>
                )}
                <kbd>{s.key}</kbd>
                <span className="ak-times">{s.untilSeen ? '…' : `×${s.times}`}</span>
                <span className="mono ak-char">{s.produces}</span>
              </>
            ) : (
              <span className="ak-mode-text">{s.untilSeen ? (s.label ? `mode until the screen shows ${s.label}` : `mode until it types ${MODE_WORDS[s.to]}`) : `mode → ${s.label ?? s.to}`}</span>
            )}
            <span className="visually-hidden">{s.text}</span>
          </li>
        ))}
      </ol>
      <ul className="hint address-keys-notes">
        {plan.profile.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
        <li>×N: press the key N times quickly; …: press until the character shows; ‖: wait for the cursor before pressing the same key again.</li>
      </ul>
    </div>
  );
}
