/**
 * The automatic path's step: what ProvKit will write on the phone, where it reaches the phone, the
 * phone's admin password (typed here, kept in the password store only when asked), and one button.
 * A failure stays on this step with the phone's own error and what to do; the wizard moves on to
 * the watch only when the phone accepted the change, read it back and accepted the reboot.
 */
import { useId, useState } from 'react';
import type { EnrollmentView } from '../../../../shared/api-enroll';
import { ErrorBox } from '../../components/ErrorBox';
import type { ServerEntryInfo } from '../../enroll/target';
import { useApp, useStores } from '../../store/context';

/** Errors raised before anything was sent to the phone: the phone is unchanged. */
const UNCHANGED = new Set(['NO_ADDRESS', 'BAD_ADDRESS', 'UNREACHABLE', 'TIMEOUT', 'NOT_A_POLYCOM', 'WRONG_PASSWORD', 'NO_PASSWORD', 'LOCKED_OUT', 'DEFAULT_PASSWORD_REFUSED', 'REST_DISABLED', 'SERVER_DOWN', 'NO_TARGET']);

/**
 * The step body.
 * @param props.e the phone's wizard state
 * @param props.entry Server Type and Address for its target
 */
export function AutomaticStep({ e, entry }: { e: EnrollmentView; entry: ServerEntryInfo }) {
  const stores = useStores();
  const id = useId();
  const busy = useApp('enroll', (s) => s.busy[e.mac]);
  const error = useApp('enroll', (s) => s.automaticErrors[e.mac]) ?? (e.automatic?.outcome === 'failed' ? e.automatic.error : undefined);
  const seen = useApp('phones', (s) => s.byMac[e.mac]);
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const where = e.phoneHost?.trim() || seen?.lastAddress;
  const run = (): void => {
    void stores.enroll.getState().runAutomatic(e.mac, { ...(password ? { adminPassword: password } : {}), ...(password && remember ? { rememberPassword: true } : {}) });
  };
  return (
    <div className="wiz-keys wiz-automatic">
      <p>ProvKit will log in to the phone’s web page and set:</p>
      <ul>
        <li>Boot Server: Static</li>
        <li>
          Server Type: <strong>{entry.typeLabel}</strong>, Server Address: <strong className="mono">{entry.address || '—'}</strong>
          {entry.credentials && <span className="muted"> ({entry.credentials})</span>}
        </li>
        <li>then read the settings back, reboot the phone, and start watching.</li>
      </ul>
      <p className="wiz-phone-at">
        Phone: {where ? <strong className="mono">{where}</strong> : <strong className="text-error">no address — type it in the Path step</strong>}
      </p>
      <div className="field">
        <label htmlFor={`${id}-admin`}>Phone admin password</label>
        <input id={`${id}-admin`} type="password" value={password} onChange={(ev) => setPassword(ev.target.value)} autoComplete="off" placeholder="empty: the passwords saved under Phones › Admin passwords" />
        <label className="check">
          <input type="checkbox" checked={remember} disabled={!password} onChange={(ev) => setRemember(ev.target.checked)} /> Keep it in the password store (encrypted) for the next phones
        </label>
      </div>
      {entry.problem && <p className="banner-warn wiz-problem">{entry.problem}</p>}
      {error && <ErrorBox error={error} title={UNCHANGED.has(error.code) ? 'Stopped — the phone was not changed' : 'Stopped — the change is not confirmed'} />}
      <button type="button" className="btn btn-primary" disabled={Boolean(busy) || !entry.address} onClick={run}>
        {busy ?? 'Set the boot server and reboot'}
      </button>
    </div>
  );
}
