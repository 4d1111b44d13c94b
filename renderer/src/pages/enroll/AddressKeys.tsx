/**
 * The exact keys for a server address on the phone's keypad (shared/keypad planner): numbers with
 * `*` for dots, mode changes, letters by repeated presses, `#` for the slash (seed
 * `polycom-ip650-670-enrollment-guide.txt` L80-87 Normal path, L129-133 Boot path).
 */
import { useMemo } from 'react';
import { planSteps } from '../../../../shared/keypad/describe';
import { planText } from '../../../../shared/keypad/planner';
import { KEYPAD_PROFILES, KeypadError, type KeypadProfileId } from '../../../../shared/keypad/profiles';

/**
 * The key list.
 * @param props.address what to type
 * @param props.profile which field (Normal path menus, or boot Setup menu)
 */
export function AddressKeys({ address, profile }: { address: string; profile: KeypadProfileId }) {
  const p = KEYPAD_PROFILES[profile];
  const result = useMemo(() => {
    try {
      return { steps: planSteps(p, planText(p, address)) };
    } catch (err) {
      if (err instanceof KeypadError) return { error: err.message };
      throw err;
    }
  }, [p, address]);
  if ('error' in result) return <p className="hint hint-error">{result.error}</p>;
  return (
    <div className="address-keys">
      <p className="address-keys-head">
        Keys for <span className="mono">{address}</span> <span className="muted">({p.name})</span>
      </p>
      <ol className="address-keys-list">
        {result.steps.map((s, i) => (
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
              <span className="ak-mode-text">mode → {s.label ?? s.to}</span>
            )}
            <span className="visually-hidden">{s.text}</span>
          </li>
        ))}
      </ol>
      <ul className="hint address-keys-notes">
        {p.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
        <li>×N: press the key N times quickly; …: press until the character shows; ‖: wait for the cursor before pressing the same key again.</li>
      </ul>
    </div>
  );
}
