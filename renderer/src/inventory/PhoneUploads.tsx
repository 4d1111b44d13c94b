/**
 * What a phone uploaded (logs, `-phone.cfg` / `-web.cfg` overrides), with a warning for every
 * value an override masks: the phone uses its own value instead of the one ProvKit serves.
 */
import { useEffect, useState } from 'react';
import type { PhoneUpload } from '../../../shared/inventory-types';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { ErrorBox } from '../components/ErrorBox';
import { formatBytes, formatDateTime } from '../format';
import { useStores } from '../store/context';

/**
 * The uploads of one phone.
 * @param props.mac 12 lowercase hex digits
 */
export function PhoneUploads({ mac }: { mac: string }) {
  const api = useStores().inventory.getState();
  const [list, setList] = useState<PhoneUpload[]>();
  const [error, setError] = useState<ErrorInfo>();
  const [view, setView] = useState<{ name: string; text: string; truncated: boolean }>();
  useEffect(() => {
    api.call('listPhoneUploads', { mac }).then(setList, (err) => setError(toErrorInfo(err)));
  }, [api, mac]);
  const open = async (name: string): Promise<void> => {
    try {
      const r = await api.call('readPhoneUpload', { mac, name });
      setView({ name, text: r.text, truncated: r.truncated });
    } catch (err) {
      setError(toErrorInfo(err));
    }
  };
  if (error) return <ErrorBox error={error} title="Could not read the phone’s uploads" />;
  if (!list) return <p className="muted">Loading…</p>;
  if (!list.length) return <p className="muted">This phone has uploaded nothing yet (logs and settings changed on the phone arrive here after it boots).</p>;
  return (
    <div>
      <ul className="uploads">
        {list.map((u) => (
          <li key={u.name}>
            <button type="button" className="btn btn-small" onClick={() => void open(u.name)}>
              View
            </button>{' '}
            <span className="mono">{u.name}</span> <span className="muted">
              {formatBytes(u.size)} · {formatDateTime(u.mtimeMs)}
              {u.versions ? ` · ${u.versions} earlier version${u.versions > 1 ? 's' : ''} kept` : ''}
              {u.parameters !== undefined ? ` · ${u.parameters} parameters` : ''}
            </span>
            {u.masks && u.masks.length > 0 && (
              <div className="banner-warn upload-masks" role="status">
                <strong>{u.masks.length} setting{u.masks.length > 1 ? 's' : ''} changed on the phone mask what ProvKit serves:</strong>
                <ul>
                  {u.masks.map((m) => (
                    <li key={m.name}>
                      <code>{m.name}</code> is “{m.phoneValue}” on the phone, not “{m.provkitValue}” from <code>{m.provkitFile}</code>
                    </li>
                  ))}
                </ul>
                Reset the phone’s local or web settings (Settings › Advanced › Administration › Reset to Defaults) to use ProvKit’s values.
              </div>
            )}
          </li>
        ))}
      </ul>
      {view && (
        <>
          <h3>
            {view.name}
            {view.truncated && <span className="muted"> (last 256 KiB)</span>}
          </h3>
          <pre className="preview-text">{view.text}</pre>
        </>
      )}
    </div>
  );
}
