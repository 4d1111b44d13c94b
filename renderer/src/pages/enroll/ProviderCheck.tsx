/**
 * For a phone sent to a provider's server, where ProvKit sees none of its requests: ask the phone
 * itself. The engine reads back its boot server and its lines' registration state; "Done" only when
 * both say so, otherwise "Not verified" with what to look at.
 */
import { useId, useState } from 'react';
import type { EnrollmentView } from '../../../../shared/api-enroll';
import { formatClock } from '../../format';
import { ErrorBox } from '../../components/ErrorBox';
import { useApp, useStores } from '../../store/context';

/**
 * The check, with its last result.
 * @param props.e the phone's wizard state (a provider target, watch started)
 */
export function ProviderCheck({ e }: { e: EnrollmentView }) {
  const stores = useStores();
  const id = useId();
  const busy = useApp('enroll', (s) => s.busy[e.mac]);
  const error = useApp('enroll', (s) => s.automaticErrors[e.mac]);
  const [password, setPassword] = useState('');
  const v = e.verification && e.watchStartedAt !== undefined && e.verification.at >= e.watchStartedAt ? e.verification : undefined;
  return (
    <div className="provider-check">
      {v?.outcome === 'verified' ? (
        <p className="watch-done" role="status">
          ✓ Done — checked on the phone at {formatClock(v.at).slice(0, 8)}: it reads back <span className="mono">{v.readBack}</span> and {v.lines?.filter((l) => /: registered$/.test(l)).join(', ')}.
        </p>
      ) : v ? (
        <p className="banner-warn watch-not-verified" role="status">
          <strong>Not verified</strong> (checked at {formatClock(v.at).slice(0, 8)}): {v.reason}
        </p>
      ) : (
        <p className="watch-not-verified">Not verified yet. When the phone has restarted, ProvKit can read its boot server and line registration from it.</p>
      )}
      {error && <ErrorBox error={error} title="The check did not run" />}
      <div className="form-actions">
        <input id={`${id}-pw`} type="password" aria-label="Phone admin password for the check" placeholder="admin password (empty: the password store)" value={password} onChange={(ev) => setPassword(ev.target.value)} autoComplete="off" />
        <button type="button" className="btn btn-primary" disabled={Boolean(busy)} onClick={() => void stores.enroll.getState().verify(e.mac, password || undefined)}>
          {busy ?? 'Check the phone: boot server and line registration'}
        </button>
      </div>
    </div>
  );
}
