/**
 * The Lost password form: the MAC (typed, pasted, or picked from the phones ProvKit has seen), the
 * model (its key combination, Polycom knowledge base) and the letter case (MegaPath guide Appendix A
 * step 7: lower; other sources differ — so the technician can choose).
 */
import { formatMac, tryNormalizeMac } from '../../../../shared/mac';
import { findResetModel, RESET_MODELS } from '../../../../shared/keypad/reset-models';
import { useApp } from '../../store/context';
import type { LostPasswordState } from '../../store/lost-password';

const FAMILIES: Array<{ label: string; test: (code: string) => boolean }> = [
  { label: 'SoundPoint IP', test: (c) => c.startsWith('SPIP') },
  { label: 'SoundStation', test: (c) => c.startsWith('SS') },
  { label: 'VVX', test: (c) => c.startsWith('VVX') },
];

/**
 * The form.
 * @param props.form the lost-password store's state
 * @param props.outcome the plan outcome (to show the MAC error)
 */
export function MacForm({ form, outcome }: { form: LostPasswordState; outcome: { macError: string } | { empty: true } | object }) {
  const byMac = useApp('phones', (s) => s.byMac);
  const seen = Object.values(byMac).sort((a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0));
  const macError = 'macError' in outcome ? outcome.macError : undefined;
  const normal = tryNormalizeMac(form.macText);
  const pick = (mac: string): void => {
    const p = byMac[mac];
    const model = p?.model ? findResetModel(p.model)?.code : undefined;
    form.set({ macText: formatMac(mac), ...(model ? { model } : {}) });
  };
  return (
    <form className="lp-form" onSubmit={(e) => e.preventDefault()} aria-label="Phone to reset">
      <div className="field">
        <label htmlFor="lp-mac">MAC address (on the label on the back of the phone)</label>
        <input
          id="lp-mac"
          className="mono lp-mac-input"
          value={form.macText}
          onChange={(e) => form.set({ macText: e.target.value })}
          placeholder="00:04:f2:ab:cd:ef"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={macError ? 'true' : undefined}
          aria-describedby="lp-mac-hint"
        />
        <span id="lp-mac-hint" className={`hint${macError ? ' hint-error' : ''}`} role={macError ? 'alert' : undefined}>
          {macError
            ? `Not usable: ${macError}.`
            : normal
              ? `Reads as ${formatMac(normal)}.`
              : 'Any notation: 00:04:f2:ab:cd:ef, 00-04-F2-AB-CD-EF, 0004.f2ab.cdef or 0004f2abcdef.'}
        </span>
      </div>
      <div className="field">
        <label htmlFor="lp-seen">…or a phone ProvKit has seen</label>
        <select id="lp-seen" value={normal && byMac[normal] ? normal : ''} onChange={(e) => e.target.value && pick(e.target.value)} disabled={seen.length === 0}>
          <option value="">{seen.length ? 'Choose a phone' : 'No phones seen yet'}</option>
          {seen.map((p) => (
            <option key={p.mac} value={p.mac}>
              {formatMac(p.mac)}
              {p.model ? ` — ${p.model}` : ''}
              {p.label ? ` (${p.label})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="lp-model">Model</label>
        <select id="lp-model" value={form.model} onChange={(e) => form.set({ model: e.target.value, resetKeys: undefined })}>
          {FAMILIES.map((f) => (
            <optgroup key={f.label} label={f.label}>
              {RESET_MODELS.filter((m) => f.test(m.code)).map((m) => (
                <option key={m.code} value={m.code}>
                  {m.displayName}
                  {m.inSeed ? ' — in the guide' : ''}
                  {m.resetKeyChoices.length > 1 ? ' — keys uncertain' : ''}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <fieldset className="field lp-case">
        <legend>Letters typed in</legend>
        <label className="field-check">
          <input type="radio" name="lp-case" checked={form.letterCase === 'lower'} onChange={() => form.set({ letterCase: 'lower' })} /> lower case (MegaPath guide, Appendix A, step 7)
        </label>
        <label className="field-check">
          <input type="radio" name="lp-case" checked={form.letterCase === 'upper'} onChange={() => form.set({ letterCase: 'upper' })} /> UPPER case
        </label>
        <span className="hint">Sources disagree; if one case gives “wrong password”, restart the phone and try the other.</span>
      </fieldset>
    </form>
  );
}
