/**
 * Templates & providers: the default template per vendor, copying a template to edit it, the site
 * values every template reads (NTP, digit map, admin password...), LICENSE_DIRECTORY, and the
 * provider profiles phones are handed off to (refused when they point back at this ProvKit).
 */
import { useEffect, useMemo, useState } from 'react';
import type { PhoneVendor } from '../../../shared/dto';
import type { ProviderProfileView, TemplateVariable } from '../../../shared/inventory-types';
import { VENDOR_NAMES, VENDORS } from '../../../shared/vendors';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';
import { Modal } from './Modal';
import { VariableInput } from './VariableInput';

type ProviderForm = { id?: string; name: string; type: ProviderProfileView['type']; server: string; user: string; password: string; notes: string };
const NEW_PROVIDER: ProviderForm = { name: '', type: 'http', server: '', user: '', password: '', notes: '' };

function Providers() {
  const api = useStores().inventory.getState();
  const providers = useApp('inventory', (s) => s.providers);
  const [form, setForm] = useState<ProviderForm>();
  const [error, setError] = useState<ErrorInfo>();
  const save = async (): Promise<void> => {
    if (!form) return;
    setError(undefined);
    try {
      await api.saveProvider({ ...form, ...(form.id ? { id: form.id } : {}), ...(form.password ? { password: form.password } : { password: undefined }) });
      setForm(undefined);
    } catch (err) {
      setError(toErrorInfo(err));
    }
  };
  return (
    <section aria-labelledby="providers-title">
      <h3 id="providers-title">Provider profiles (hand-off)</h3>
      <p className="muted">
        A phone with a provider is told to move to that boot server on its next boot (<code>device.prov.*</code>, Static boot server) once it is provisioned and
        upgraded here.
      </p>
      <ul className="providers">
        {providers.map((p) => (
          <li key={p.id}>
            <strong>{p.name}</strong> <code>{p.type.toUpperCase()} {p.server}</code>
            {p.user && <span className="muted"> user {p.user}</span>}
            {p.loop && <div className="tone-text-error">{p.loop}</div>}{' '}
            <button type="button" className="btn btn-small" onClick={() => setForm({ id: p.id, name: p.name, type: p.type, server: p.server, user: p.user ?? '', password: '', notes: p.notes ?? '' })}>
              Edit
            </button>{' '}
            <button type="button" className="btn btn-small" onClick={() => void api.removeProvider(p.id).catch((e) => setError(toErrorInfo(e)))}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {!form && (
        <button type="button" className="btn" onClick={() => setForm({ ...NEW_PROVIDER })}>
          Add a provider
        </button>
      )}
      {form && (
        <div className="form-grid provider-form">
          <label>
            Name
            <input type="text" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="e.g. MegaPath" />
          </label>
          <label>
            Type
            <select value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value as ProviderForm['type'] })}>
              {['http', 'https', 'ftp', 'tftp'].map((t) => (
                <option key={t} value={t}>
                  {t.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            Server
            <input type="text" value={form.server} onChange={(e) => setForm({ ...form, server: e.target.value })} placeholder="72.245.184.168/mpv" />
          </label>
          <label>
            User
            <input type="text" value={form.user} onChange={(e) => setForm({ ...form, user: e.target.value })} />
          </label>
          <label>
            Password
            <input type="password" autoComplete="new-password" value={form.password} placeholder={form.id ? 'empty keeps the stored one' : ''} onChange={(e) => setForm({ ...form, password: e.target.value })} />
          </label>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={!form.server.trim()} onClick={() => void save()}>
              Save provider
            </button>{' '}
            <button type="button" className="btn" onClick={() => setForm(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && <ErrorBox error={error} title="Provider not saved" />}
    </section>
  );
}

/**
 * The dialog.
 * @param props.onClose close it
 */
export function SiteSettings({ onClose }: { onClose: () => void }) {
  const api = useStores().inventory.getState();
  const list = useApp('inventory', (s) => s.templates);
  const [values, setValues] = useState<Record<string, string>>({});
  const [licenseDir, setLicenseDir] = useState<string>();
  const [error, setError] = useState<ErrorInfo>();
  const [note, setNote] = useState<string>();
  useEffect(() => {
    void api.loadSettings();
  }, [api]);
  const variables = useMemo(() => {
    const byName = new Map<string, TemplateVariable & { current?: string }>();
    for (const t of list?.templates ?? []) for (const v of t.variables) if (!byName.has(v.name) || t.values[v.name]) byName.set(v.name, { ...v, current: t.values[v.name] });
    return [...byName.values()];
  }, [list]);
  const run = async (fn: () => Promise<unknown>, done: string): Promise<void> => {
    setError(undefined);
    try {
      await fn();
      setNote(done);
    } catch (err) {
      setError(toErrorInfo(err));
    }
  };
  const secret = new Set(variables.filter((v) => v.type === 'secret').map((v) => v.name));
  const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== '' || !secret.has(k)));
  const saveValues = () => run(() => api.updateSite({ values: changed, ...(licenseDir !== undefined ? { licenseDirectory: licenseDir } : {}) }).then(() => setValues({})), 'Site values saved: phones get them at their next boot.');
  return (
    <Modal title="Templates & providers" wide onClose={onClose}>
      {error && <ErrorBox error={error} title="Not saved" />}
      {note && (
        <p className="import-done" aria-live="polite">
          {note}
        </p>
      )}
      <section aria-labelledby="tpl-title">
        <h3 id="tpl-title">Templates</h3>
        <p className="muted">
          Templates are folders of files. To change one, copy it: the copy goes to <code>{list?.userDir}</code>, where you edit it with any text editor; a copy with the
          same id replaces the shipped template. Edits apply to the next request.
        </p>
        {list?.errors.map((e) => (
          <p key={e.dir} className="tone-text-error">
            {e.error}
          </p>
        ))}
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Vendor</th>
              <th scope="col">Files</th>
              <th scope="col">Default</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {list?.templates.map((t) => (
              <tr key={t.id}>
                <td>
                  {t.name} <span className="sub mono">{t.id}</span>
                  <div className="sub">{t.origin === 'user' ? `your copy: ${t.dir}` : 'shipped with ProvKit'}</div>
                </td>
                <td>{VENDOR_NAMES[t.vendor]}</td>
                <td className="mono sub">{t.files.join(', ')}</td>
                <td>
                  <input
                    type="radio"
                    name={`default-${t.vendor}`}
                    aria-label={`Default ${VENDOR_NAMES[t.vendor]} template: ${t.name}`}
                    checked={t.isDefault}
                    onChange={() => void run(() => api.updateSite({ defaults: { [t.vendor]: t.id } as Partial<Record<PhoneVendor, string>> }), `${t.name} is now the ${VENDOR_NAMES[t.vendor]} default.`)}
                  />
                </td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => void run(() => api.call('copyTemplate', { id: t.id }).then((r) => (setNote(`Copied to ${r.dir}`), api.loadSettings())), `Copied.`)}>
                    Copy to edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Vendors: {VENDORS.map((v) => VENDOR_NAMES[v]).join(', ')}.</p>
      </section>
      <section aria-labelledby="site-title">
        <h3 id="site-title">Site values</h3>
        <p className="muted">Every template that declares a value uses the site value unless a phone sets its own. Invalid values are refused at rendering and shown in the preview.</p>
        <div className="form-grid">
          {variables.map((v) => (
            <label key={v.name} title={v.description}>
              {v.label} <span className="sub mono">{v.name}</span>
              <VariableInput
                v={v}
                label={`${v.label} ${v.name}`}
                value={values[v.name] ?? (v.type === 'secret' ? '' : (v.current ?? ''))}
                placeholder={v.type === 'secret' ? (v.current ? 'set — empty keeps it' : 'not set') : (v.default ?? '')}
                onChange={(value) => setValues({ ...values, [v.name]: value })}
              />
              {v.description && <span className="sub">{v.description}</span>}
            </label>
          ))}
          <label>
            LICENSE_DIRECTORY <span className="sub">folder in the provisioning root; empty = the root</span>
            <input type="text" value={licenseDir ?? list?.licenseDirectory ?? ''} onChange={(e) => setLicenseDir(e.target.value)} />
          </label>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => void saveValues()}>
          Save site values
        </button>
      </section>
      <Providers />
    </Modal>
  );
}
