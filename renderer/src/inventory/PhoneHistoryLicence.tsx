/**
 * Two small panels of the phone editor: the phone's change history (who, when, what) and its
 * Polycom feature licence (the activation file served as `<mac>-license.cfg`, the site file, and
 * the licence number for the batch activation list).
 */
import { useEffect, useState } from 'react';
import type { InventoryHistoryEntry, LicenceStatus } from '../../../shared/inventory-types';
import { LICENCE_REBOOT_REMINDER } from '../../../shared/licence-text';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { ErrorBox } from '../components/ErrorBox';
import { formatBytes, formatDateTime } from '../format';
import { useStores } from '../store/context';

/**
 * The history of one phone, newest first.
 * @param props.version reload when it changes
 */
export function PhoneHistory({ mac, version }: { mac: string; version: number }) {
  const api = useStores().inventory.getState();
  const [list, setList] = useState<InventoryHistoryEntry[]>();
  const [error, setError] = useState<ErrorInfo>();
  useEffect(() => {
    api.call('getPhoneHistory', { mac, limit: 200 }).then(setList, (err) => setError(toErrorInfo(err)));
  }, [api, mac, version]);
  if (error) return <ErrorBox error={error} title="Could not read the history" />;
  if (!list) return <p className="muted">Loading…</p>;
  if (!list.length) return <p className="muted">No change recorded yet.</p>;
  return (
    <ol className="history">
      {list.map((e, i) => (
        <li key={`${e.time}-${i}`}>
          <strong>{formatDateTime(e.time)}</strong> · {e.who} · {e.action}
          <ul>
            {e.changes.map((c) => (
              <li key={c.field}>
                <code>{c.field}</code>: {c.from !== undefined ? `“${c.from}”` : '—'} → {c.to !== undefined ? `“${c.to}”` : '—'}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/** Base64 of a file's bytes (for the licence requests). */
export function toBase64(buf: ArrayBuffer): string {
  let s = '';
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * The licence panel of one phone.
 * @param props.licenceNumber the number stored on the phone, if any
 */
export function LicencePanel({ mac, licenceNumber }: { mac: string; licenceNumber?: string }) {
  const api = useStores().inventory.getState();
  const [status, setStatus] = useState<LicenceStatus>();
  const [error, setError] = useState<ErrorInfo>();
  const [attached, setAttached] = useState(false);
  useEffect(() => {
    api.call('getLicences', { mac }).then(setStatus, (err) => setError(toErrorInfo(err)));
  }, [api, mac]);
  const attach = async (file: File | undefined, target: string): Promise<void> => {
    if (!file) return;
    setError(undefined);
    try {
      const contentBase64 = toBase64(await file.arrayBuffer());
      setStatus(await api.call('attachLicence', { mac: target, contentBase64 }));
      setAttached(true);
    } catch (err) {
      setError(toErrorInfo(err));
    }
  };
  const row = (label: string, f: LicenceStatus['phoneFile'], target: string) => (
    <div className="licence-row">
      <strong>{label}</strong>{' '}
      {f ? (
        <>
          <code>{f.path}</code> <span className="muted">{formatBytes(f.size)} · {formatDateTime(f.mtimeMs)}</span>{' '}
          <button type="button" className="btn btn-small" onClick={() => void api.call('removeLicence', { mac: target }).then(setStatus, (e) => setError(toErrorInfo(e)))}>
            Remove
          </button>
        </>
      ) : (
        <span className="muted">none</span>
      )}{' '}
      <label className="btn btn-small file-label">
        {f ? 'Replace…' : 'Attach…'}
        <input type="file" className="visually-hidden" accept=".cfg,.xml" onChange={(e) => void attach(e.target.files?.[0], target)} />
      </label>
    </div>
  );
  return (
    <div className="licence">
      <p className="muted">
        Polycom activation files are served from LICENSE_DIRECTORY (<code>{status?.directory || 'the provisioning root'}</code>). A phone fetches a new licence only after a
        manual reboot.
      </p>
      {error && <ErrorBox error={error} title="Licence" />}
      {attached && (
        <p className="licence-warning" role="alert">
          {LICENCE_REBOOT_REMINDER}
        </p>
      )}
      <p>
        Licence number for the batch activation list: {licenceNumber ? <code>{licenceNumber}</code> : <span className="muted">none (set it on the Details tab)</span>}
      </p>
      {status && row('This phone', status.phoneFile, mac)}
      {status && row('Site licence', status.siteFile, '000000000000')}
    </div>
  );
}
