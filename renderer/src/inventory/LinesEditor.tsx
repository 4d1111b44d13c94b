/**
 * The lines of a phone in the editor: extension, display name, key label, SIP server, auth user and
 * password per line. Stored passwords are never shown: leave the field empty to keep one.
 */
import type { InventoryLineView } from '../../../shared/dto';

/** A line as the form holds it. */
export interface LineForm {
  extension: string;
  displayName: string;
  label: string;
  sipServer: string;
  authUser: string;
  /** A new password; empty keeps the stored one. */
  password: string;
  hasPassword: boolean;
  clear: boolean;
}

/** Form state of stored lines. */
export function linesToForm(lines: InventoryLineView[]): LineForm[] {
  return lines.map((l) => ({
    extension: l.extension,
    displayName: l.displayName ?? '',
    label: l.label ?? '',
    sipServer: l.sipServer ?? '',
    authUser: l.authUser ?? '',
    password: '',
    hasPassword: l.hasPassword,
    clear: false,
  }));
}

/** Lines as `upsertPhone` takes them (`password` undefined keeps, null clears). */
export function formToLines(lines: LineForm[]): Array<{ extension: string; displayName: string; label: string; sipServer: string; authUser: string; password?: string | null }> {
  return lines.map((l) => ({
    extension: l.extension.trim(),
    displayName: l.displayName,
    label: l.label,
    sipServer: l.sipServer,
    authUser: l.authUser,
    ...(l.clear ? { password: null } : l.password ? { password: l.password } : {}),
  }));
}

const EMPTY: LineForm = { extension: '', displayName: '', label: '', sipServer: '', authUser: '', password: '', hasPassword: false, clear: false };
const FIELDS: Array<[keyof LineForm, string, string]> = [
  ['extension', 'Extension', 'e.g. 7101'],
  ['displayName', 'Display name', 'caller name'],
  ['label', 'Key label', 'default: phone label'],
  ['sipServer', 'SIP server', 'default: site value'],
  ['authUser', 'Auth user', 'default: extension'],
];

/**
 * The lines editor.
 * @param props.lines current form lines
 * @param props.onChange new lines
 * @param props.sitePlaceholder site default SIP server, shown as placeholder
 */
export function LinesEditor({ lines, onChange, siteSipServer }: { lines: LineForm[]; onChange: (l: LineForm[]) => void; siteSipServer?: string }) {
  const set = (i: number, patch: Partial<LineForm>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <fieldset className="lines">
      <legend>Lines</legend>
      {lines.length === 0 && <p className="muted">No line: the phone gets its site settings but registers nowhere.</p>}
      {lines.map((l, i) => (
        <div className="line-row" key={i} role="group" aria-label={`Line ${i + 1}`}>
          <span className="line-no">{i + 1}</span>
          {FIELDS.map(([k, label, ph]) => (
            <label key={k}>
              <span className="sub">{label}</span>
              <input
                type="text"
                value={l[k] as string}
                placeholder={k === 'sipServer' && siteSipServer ? siteSipServer : ph}
                aria-label={`Line ${i + 1} ${label.toLowerCase()}`}
                onChange={(e) => set(i, { [k]: e.target.value })}
              />
            </label>
          ))}
          <label>
            <span className="sub">Password</span>
            <input
              type="password"
              autoComplete="new-password"
              value={l.password}
              disabled={l.clear}
              placeholder={l.hasPassword ? 'stored — empty keeps it' : 'none'}
              aria-label={`Line ${i + 1} password`}
              onChange={(e) => set(i, { password: e.target.value })}
            />
          </label>
          <div className="line-actions">
            {l.hasPassword && (
              <label className="check sub">
                <input type="checkbox" checked={l.clear} onChange={(e) => set(i, { clear: e.target.checked, password: '' })} /> clear password
              </label>
            )}
            <button type="button" className="btn btn-small" aria-label={`Remove line ${i + 1}`} onClick={() => onChange(lines.filter((_, j) => j !== i))}>
              Remove
            </button>
          </div>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...lines, { ...EMPTY }])}>
        Add line
      </button>
    </fieldset>
  );
}
