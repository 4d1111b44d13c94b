/**
 * A phone keypad drawn for people: twelve keys with their letters (ITU-T E.161, docs/sources.md §4) and the
 * mode soft key above them showing the label the phone shows (seed "1->Aa" / "a-1A"). One key can
 * be highlighted with a press count; held keys (the boot key combination) are marked together.
 * Display only: it is a picture, not an input (aria-hidden parts, a text alternative).
 */
import { KEYPAD_KEYS, LETTER_GROUPS } from '../../../shared/keypad/profiles';
import '../styles/keypad.css';

/** What to show on the keypad. */
export interface KeypadProps {
  /** Key to highlight (`0`-`9`, `*`, `#`, or `mode` for the soft key). */
  active?: string;
  /** Press count shown on the active key (`×3`). */
  times?: number;
  /** Which press of `times` is happening now (practice animation). */
  press?: number;
  /** Keys held together (boot combination). */
  held?: readonly string[];
  /** Text on the mode soft key; absent = no soft key drawn. */
  modeLabel?: string;
  /** Whether the mode soft key's label is documented (else shown as a hint). */
  modeLabelKnown?: boolean;
  /** Accessible description of the picture. */
  label: string;
  size?: 'normal' | 'small';
}

const SUB: Record<string, string> = { ...Object.fromEntries(Object.entries(LETTER_GROUPS).map(([k, v]) => [k, v.toUpperCase()])), '*': '', '0': '', '#': '', '1': '' };

/**
 * The drawn keypad.
 * @param props see {@link KeypadProps}
 */
export function Keypad({ active, times, press, held, modeLabel, modeLabelKnown = true, label, size = 'normal' }: KeypadProps) {
  return (
    <figure className={`keypad keypad-${size}`} role="img" aria-label={label}>
      {modeLabel !== undefined && (
        <div className="keypad-screen" aria-hidden="true">
          <span className="keypad-screen-hint">soft key</span>
          <span className={`keypad-softkey${active === 'mode' ? ' keypad-key-active' : ''}${modeLabelKnown ? '' : ' keypad-softkey-unknown'}`}>
            {modeLabel}
            {active === 'mode' && times !== undefined && <span className="keypad-times">{press !== undefined ? `${press}/${times}` : `×${times}`}</span>}
          </span>
        </div>
      )}
      <div className="keypad-grid" aria-hidden="true">
        {KEYPAD_KEYS.map((k) => {
          const isActive = active === k;
          const isHeld = held?.includes(k) ?? false;
          return (
            <span key={k} className={`keypad-key${isActive ? ' keypad-key-active' : ''}${isHeld ? ' keypad-key-held' : ''}`}>
              <span className="keypad-digit">{k}</span>
              <span className="keypad-letters">{SUB[k] ?? ''}</span>
              {isActive && times !== undefined && <span className="keypad-times">{press !== undefined ? `${press}/${times}` : `×${times}`}</span>}
            </span>
          );
        })}
      </div>
    </figure>
  );
}
