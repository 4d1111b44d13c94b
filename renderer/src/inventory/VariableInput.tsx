/**
 * The input for one template variable: a switch (on/off/not set) for booleans, a list for enums,
 * a password field for secrets, text otherwise.
 */
import type { TemplateVariable } from '../../../shared/inventory-types';

/**
 * One variable's input.
 * @param props.v the declaration
 * @param props.value current text ('' = not set here)
 * @param props.placeholder what applies when not set (site value or default)
 * @param props.label accessible name
 */
export function VariableInput({ v, value, placeholder, label, onChange }: { v: TemplateVariable; value: string; placeholder: string; label: string; onChange: (value: string) => void }) {
  if (v.type === 'boolean' || v.type === 'enum') {
    const options: Array<[string, string]> = v.type === 'boolean' ? [['1', 'on'], ['0', 'off']] : (v.options ?? []).map((o) => [o, o]);
    return (
      <select value={value} aria-label={label} onChange={(e) => onChange(e.target.value)}>
        <option value="">{placeholder ? `not set (${placeholder === '1' ? 'on' : placeholder === '0' ? 'off' : placeholder})` : 'not set'}</option>
        {options.map(([val, text]) => (
          <option key={val} value={val}>
            {text}
          </option>
        ))}
      </select>
    );
  }
  return <input type={v.type === 'secret' ? 'password' : 'text'} autoComplete="off" aria-label={label} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />;
}
