/**
 * The Servers page's card for provisioning access: says plainly whether SIP passwords are open to
 * the network, sets or removes the site's provisioning account (what phones send as the
 * provisioning server user and password: HTTP Basic/Digest, FTP login), and the TFTP choice.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';

/** The card; loads the access view when shown. */
export function ProvisioningAccessCard() {
  const stores = useStores();
  const view = useApp('access', (s) => s.view);
  const busy = useApp('access', (s) => s.busy);
  const error = useApp('access', (s) => s.error);
  const done = useApp('access', (s) => s.done);
  const [site, setSite] = useState('default');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  useEffect(() => {
    void stores.access.getState().load();
  }, [stores]);
  const api = stores.access.getState();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void api.setAccount(site.trim() || 'default', user.trim(), password).then((ok) => ok && setPassword(''));
  };
  return (
    <article className="card access-card" aria-labelledby="access-title">
      <div className="card-head">
        <h2 id="access-title">Provisioning account</h2>
      </div>
      {view?.exposed && (
        <p className="banner-warn" role="alert">
          <strong>Open to the network.</strong>
          No provisioning account is set: SIP passwords in the phone files are served to anyone on the network who asks for them.
          Uploads are taken only from the address a phone booted from.
        </p>
      )}
      {view && !view.exposed && (
        <ul className="access-list">
          {view.accounts.map((a) => (
            <li key={a.site}>
              Site <strong>{a.site}</strong>: user <code>{a.user}</code> — phones need it for files carrying passwords and for uploads.{' '}
              <button type="button" className="btn" disabled={busy} onClick={() => void api.removeAccount(a.site)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="server-form" onSubmit={submit} aria-label="Set the provisioning account">
        <div className="field">
          <label htmlFor="access-site">Site</label>
          <input id="access-site" value={site} onChange={(e) => setSite(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="access-user">User name</label>
          <input id="access-user" value={user} autoComplete="off" onChange={(e) => setUser(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="access-password">Password</label>
          <input id="access-password" type="password" value={password} autoComplete="new-password" onChange={(e) => setPassword(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !user.trim() || password.length < 8}>
            Save account
          </button>
          <span className="hint">On the phone: the provisioning server user and password (Polycom device.prov.user / device.prov.password).</span>
        </div>
      </form>
      <div className="field field-check">
        <input id="access-tftp" type="checkbox" checked={view?.tftpSecrets ?? false} disabled={busy || !view} onChange={(e) => void api.setTftpSecrets(e.target.checked)} />
        <label htmlFor="access-tftp">Serve files carrying passwords over TFTP too (TFTP has no authentication: anyone on the network could read them)</label>
      </div>
      {done && <p role="status">{done}</p>}
      {error && <ErrorBox error={error} title="Provisioning access was not changed" />}
    </article>
  );
}
