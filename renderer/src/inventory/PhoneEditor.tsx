/**
 * The phone editor: details and lines (Details), the files the phone will receive (Files), what it
 * uploaded (Uploads), its change history (History) and its feature licence (Licence).
 */
import { useEffect, useState } from 'react';
import type { PhoneVendor } from '../../../shared/dto';
import { defaultTemplateFor } from '../../../shared/firmware-line';
import { formatMac, tryNormalizeMac } from '../../../shared/mac';
import { VENDOR_NAMES, VENDORS } from '../../../shared/vendors';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';
import { ConfigPreviewView } from './ConfigPreviewView';
import { formToLines, LinesEditor, linesToForm, type LineForm } from './LinesEditor';
import { Modal } from './Modal';
import { LicencePanel, PhoneHistory } from './PhoneHistoryLicence';
import { PhoneUploads } from './PhoneUploads';
import { VariableInput } from './VariableInput';

type Tab = 'details' | 'files' | 'uploads' | 'history' | 'licence';
const TABS: Array<[Tab, string]> = [
  ['details', 'Details'],
  ['files', 'Files'],
  ['uploads', 'Uploads'],
  ['history', 'History'],
  ['licence', 'Licence'],
];

interface Form {
  mac: string;
  label: string;
  vendor: '' | PhoneVendor;
  model: string;
  template: string;
  provider: string;
  notes: string;
  licenceNumber: string;
  customFiles: string;
  lines: LineForm[];
  variables: Record<string, string>;
}

/**
 * The editor, as a dialog.
 * @param props.mac the phone to edit; undefined adds a new phone
 * @param props.presetMac MAC filled in for a new phone (a phone seen but not in the inventory)
 */
export function PhoneEditor({ mac: initialMac, presetMac, onClose }: { mac?: string; presetMac?: string; onClose: () => void }) {
  const stores = useStores();
  const api = stores.inventory.getState();
  const [mac, setMac] = useState(initialMac);
  const phone = useApp('inventory', (s) => (mac ? s.byMac[mac] : undefined));
  const templates = useApp('inventory', (s) => s.templates);
  const providers = useApp('inventory', (s) => s.providers);
  const [tab, setTab] = useState<Tab>('details');
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<ErrorInfo>();
  const [saved, setSaved] = useState(false);
  const [form, setForm] = useState<Form>(() => ({
    mac: phone ? formatMac(phone.mac) : presetMac ? formatMac(presetMac) : '',
    label: phone?.label ?? '',
    vendor: phone?.vendor ?? '',
    model: phone?.model ?? '',
    template: phone?.template ?? '',
    provider: phone?.provider ?? '',
    notes: phone?.notes ?? '',
    licenceNumber: phone?.licenceNumber ?? '',
    customFiles: phone?.customFiles?.join(', ') ?? '',
    lines: phone ? linesToForm(phone.lines) : [{ extension: '', displayName: '', label: '', sipServer: '', authUser: '', password: '', hasPassword: false, clear: false }],
    variables: { ...(phone?.variables ?? {}) },
  }));
  useEffect(() => {
    if (!templates) void api.loadSettings();
  }, [api, templates]);
  const set = (patch: Partial<Form>) => {
    setSaved(false);
    setForm((f) => ({ ...f, ...patch }));
  };
  const normalized = tryNormalizeMac(form.mac);
  const vendor = form.vendor || phone?.effectiveVendor || 'polycom';
  const all = templates?.templates ?? [];
  // Without its own template a phone gets its model's default (a SoundPoint IP 650: polycom-uc4).
  const template =
    all.find((t) => t.id === form.template) ??
    (form.model === (phone?.model ?? '') ? all.find((t) => t.id === phone?.effectiveTemplate) : undefined) ??
    defaultTemplateFor(all, (t) => t, vendor, form.model || undefined, all.find((t) => t.vendor === vendor && t.isDefault)?.id, undefined);

  const save = async (): Promise<void> => {
    if (!normalized) return;
    setError(undefined);
    if (!mac && stores.inventory.getState().byMac[normalized]) {
      setError({ code: 'EXISTS', message: `${formatMac(normalized)} is already in the inventory.`, fix: 'Close this dialog and open that phone from the table to change it.' });
      return;
    }
    try {
      const view = await api.save({
        mac: normalized,
        vendor: form.vendor || null,
        model: form.model,
        label: form.label,
        template: form.template || undefined,
        provider: form.provider || undefined,
        notes: form.notes,
        licenceNumber: form.licenceNumber,
        customFiles: form.customFiles.split(',').map((s) => s.trim()).filter(Boolean),
        lines: formToLines(form.lines),
        variables: Object.fromEntries(Object.entries(form.variables).filter(([, v]) => v.trim() !== '')),
      });
      setMac(view.mac);
      set({ mac: formatMac(view.mac), lines: linesToForm(view.lines) });
      setSaved(true);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(toErrorInfo(err));
    }
  };
  const remove = async (): Promise<void> => {
    if (!mac || !window.confirm(`Remove ${formatMac(mac)} from the inventory? The record stays in the history.`)) return;
    try {
      await api.remove(mac);
      onClose();
    } catch (err) {
      setError(toErrorInfo(err));
    }
  };

  return (
    <Modal
      title={mac ? `Phone ${formatMac(mac)}${phone?.label ? ` — ${phone.label}` : ''}` : 'Add a phone'}
      wide
      onClose={onClose}
      footer={
        <>
          {mac && (
            <button type="button" className="btn" onClick={() => void remove()}>
              Remove from inventory
            </button>
          )}
          <span className="spacer" />
          {saved && <span className="ok-count" role="status">Saved.</span>}
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          {tab === 'details' && (
            <button type="button" className="btn btn-primary" disabled={!normalized} onClick={() => void save()}>
              Save
            </button>
          )}
        </>
      }
    >
      <div className="tabs" role="tablist" aria-label="Phone">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className="tab" disabled={id !== 'details' && !mac} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      {error && <ErrorBox error={error} title="Not saved" />}
      {tab === 'details' && (
        <div className="editor">
          <div className="form-grid">
            <label>
              MAC
              <input type="text" value={form.mac} readOnly={Boolean(mac)} aria-invalid={form.mac !== '' && !normalized} onChange={(e) => set({ mac: e.target.value })} placeholder="00:04:f2:aa:bb:cc" />
              {form.mac !== '' && !normalized && <span className="sub tone-text-error">12 hex digits, any notation</span>}
            </label>
            <label>
              Label
              <input type="text" value={form.label} onChange={(e) => set({ label: e.target.value })} placeholder="e.g. Reception" />
            </label>
            <label>
              Vendor
              <select value={form.vendor} onChange={(e) => set({ vendor: e.target.value as Form['vendor'], template: '' })}>
                <option value="">Automatic ({VENDOR_NAMES[phone?.effectiveVendor ?? 'polycom']})</option>
                {VENDORS.map((v) => (
                  <option key={v} value={v}>
                    {VENDOR_NAMES[v]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Model
              <input type="text" value={form.model} onChange={(e) => set({ model: e.target.value })} placeholder="VVX400, 420HD, SIP-T46G" />
            </label>
            <label>
              Template
              <select value={form.template} onChange={(e) => set({ template: e.target.value })}>
                <option value="">Site default for {VENDOR_NAMES[vendor]}</option>
                {templates?.templates
                  .filter((t) => t.vendor === vendor)
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
              </select>
            </label>
            <label>
              Hand-off to
              <select value={form.provider} onChange={(e) => set({ provider: e.target.value })}>
                <option value="">Nobody: the phone stays on this ProvKit</option>
                {providers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({p.type.toUpperCase()} {p.server}){p.loop ? ' — loop!' : ''}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Licence number
              <input type="text" value={form.licenceNumber} onChange={(e) => set({ licenceNumber: e.target.value })} placeholder="for the activation list" />
            </label>
            <label>
              Custom files
              <input type="text" value={form.customFiles} onChange={(e) => set({ customFiles: e.target.value })} placeholder="[MACADDRESS]-config.cfg, [MODEL].cfg" />
            </label>
          </div>
          <LinesEditor lines={form.lines} onChange={(lines) => set({ lines })} siteSipServer={template?.values.sipServer} />
          {template && template.variables.length > 0 && (
            <details className="variables">
              <summary>Values for this phone only ({template.name})</summary>
              <div className="form-grid">
                {template.variables
                  .filter((v) => v.type !== 'secret')
                  .map((v) => (
                    <label key={v.name} title={v.description}>
                      {v.label}
                      <VariableInput
                        v={v}
                        label={v.label}
                        value={form.variables[v.name] ?? ''}
                        placeholder={template.values[v.name] ?? v.default ?? ''}
                        onChange={(value) => set({ variables: { ...form.variables, [v.name]: value } })}
                      />
                    </label>
                  ))}
              </div>
            </details>
          )}
          <label className="notes">
            Notes
            <textarea value={form.notes} rows={3} onChange={(e) => set({ notes: e.target.value })} />
          </label>
        </div>
      )}
      {tab === 'files' && mac && <ConfigPreviewView mac={mac} version={version} />}
      {tab === 'uploads' && mac && <PhoneUploads mac={mac} />}
      {tab === 'history' && mac && <PhoneHistory mac={mac} version={version} />}
      {tab === 'licence' && mac && <LicencePanel mac={mac} licenceNumber={phone?.licenceNumber} />}
    </Modal>
  );
}
