/**
 * The admin passwords ProvKit tries, per site, in order (456 first). Passwords are typed here and
 * never shown again: the engine only returns labels.
 */
import { useId, useState, type FormEvent } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';

/** The panel (a collapsible section). */
export function PasswordsPanel() {
  const id = useId();
  const stores = useStores();
  const sites = useApp('phoneAdmin', (s) => s.sites);
  const error = useApp('phoneAdmin', (s) => s.credError);
  const [site, setSite] = useState('default');
  const [password, setPassword] = useState('');
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password || !site.trim()) return;
    const ok = await stores.phoneAdmin.getState().addPassword(site.trim(), password);
    if (ok) {
      setPassword('');
      setSaved(true);
    }
  };
  return (
    <details className="settings passwords-panel">
      <summary>Admin passwords</summary>
      <p className="hint">Tried in this order, the one a phone accepted last first. Stored encrypted; never shown again. Phones lock their login after a few wrong passwords, so ProvKit stops after four.</p>
      {sites.map((s) => (
        <div key={s.site} className="site-passwords">
          <strong>{s.site}</strong>
          <ol>
            {s.passwords.map((p) => (
              <li key={p.id}>
                {p.label}{' '}
                <button type="button" className="btn btn-small" onClick={() => void stores.phoneAdmin.getState().removePassword(s.site, p.id)} aria-label={`Remove ${p.label} from ${s.site}`}>
                  Remove
                </button>
              </li>
            ))}
            {s.passwords.length === 0 && <li className="muted">none: phones of this site cannot be logged in to</li>}
          </ol>
        </div>
      ))}
      <form className="password-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-site`}>Site</label>
          <input id={`${id}-site`} value={site} onChange={(e) => setSite(e.target.value)} list={`${id}-sites`} />
          <datalist id={`${id}-sites`}>
            {sites.map((s) => (
              <option key={s.site} value={s.site} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor={`${id}-pw`}>Admin password</label>
          <input
            id={`${id}-pw`}
            type="password"
            value={password}
            autoComplete="new-password"
            onChange={(e) => {
              setPassword(e.target.value);
              setSaved(false);
            }}
          />
        </div>
        <button type="submit" className="btn" disabled={!password || !site.trim()}>
          Add password
        </button>
        {saved && <span className="ok-count" role="status">Saved ✓</span>}
      </form>
      {error && <ErrorBox error={error} title="Could not change the passwords" />}
    </details>
  );
}
