/**
 * "HTTP first, then HTTPS" on the Firmware page: the run's setting (off by default) with the reason
 * in plain words, and per row a badge saying whether the upgraded phone came back over HTTPS — set
 * by the engine from the phone's requests only (QueuePhone.https; its history has every change).
 */
import type { QueueHttps, QueuePhone } from '../../../../shared/firmware-dto';
import { HTTPS_FIRST_WHY } from '../../../../shared/https-return';
import { useStores } from '../../store/context';

const BADGE: Record<QueueHttps['state'], string> = {
  waiting: 'HTTPS: waiting',
  received: 'HTTPS: bench CA received over HTTP',
  'tls-failed': 'HTTPS: handshake failed',
  https: 'Came back over HTTPS',
  'not-verified': 'HTTPS: not verified',
};

/** The run's setting. */
export function HttpsAfterSetting({ on }: { on: boolean }) {
  const stores = useStores();
  return (
    <label className="fw-https-setting">
      <input type="checkbox" checked={on} onChange={(e) => void stores.firmware.getState().configure({ httpsAfter: e.target.checked })} /> HTTP first, then HTTPS
      {on && <small className="fw-https-why"> {HTTPS_FIRST_WHY} After each upgrade the row shows whether the phone came back over HTTPS.</small>}
    </label>
  );
}

/** A row's HTTPS stage, when the run watches it. */
export function HttpsBadge({ p }: { p: QueuePhone }) {
  if (!p.https) return null;
  return (
    <>
      <br />
      <span className={`fw-badge fw-https-${p.https.state}`} title={p.https.note}>
        {BADGE[p.https.state]}
      </span>
    </>
  );
}
