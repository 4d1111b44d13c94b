/**
 * Wizard step 5 — enter the settings: the seed's Normal or Boot path for this phone, with Server
 * Type and the exact keys for the address (seed `polycom-ip650-670-enrollment-guide.txt` L66-104,
 * L112-136), ending with "start watching"; or, on the automatic path, one button that has ProvKit
 * set the boot server through the phone's web UI and reboot it.
 */
import { enrollmentSteps } from '../../../../shared/enroll/seed-steps';
import { ErrorBox } from '../../components/ErrorBox';
import { addressProfile, serverEntry } from '../../enroll/target';
import { useApp, useStores } from '../../store/context';
import { AddressKeys } from './AddressKeys';
import { Checklist } from './Checklist';
import type { StepProps } from './Wizard';

/** The keys step. */
export function KeysStep({ e, update }: StepProps) {
  const stores = useStores();
  const servers = useApp('servers', (s) => s.byKind);
  const busy = useApp('enroll', (s) => s.busy[e.mac]);
  const error = useApp('enroll', (s) => s.errors[e.mac]);
  const entry = serverEntry(e.target, servers);
  if (!entry) return <p>Choose the target first (step 1).</p>;
  if (e.path === 'automatic') {
    return (
      <div className="wiz-keys">
        <p>ProvKit will log into the phone’s web UI and set:</p>
        <ul>
          <li>Boot Server: Static (seed L75)</li>
          <li>
            Server Type: <strong>{entry.typeLabel}</strong>, Server Address: <strong className="mono">{entry.address || '—'}</strong>
            {entry.credentials && <span className="muted"> ({entry.credentials})</span>}
          </li>
          <li>then reboot the phone, and start watching.</li>
        </ul>
        {entry.problem && <p className="banner-warn wiz-problem">{entry.problem}</p>}
        {error && <ErrorBox error={error} title="The phone was not changed" />}
        <button type="button" className="btn btn-primary" disabled={Boolean(busy) || !entry.address} onClick={() => void stores.enroll.getState().runAutomatic(e.mac)}>
          {busy ?? 'Set the boot server and reboot'}
        </button>
      </div>
    );
  }
  const path = e.path === 'boot' ? 'boot' : 'normal';
  const steps = enrollmentSteps(path, { typeLabel: entry.typeLabel, address: entry.address || '(start the server first)' });
  const outsideSeed = e.model && e.model !== 'SPIP650' && e.model !== 'SPIP670';
  return (
    <div className="wiz-keys">
      <p>
        {path === 'normal' ? 'Normal path — the phone is at the idle screen.' : 'Boot path — restart the phone and catch its boot menu.'} Tick each step as you go.
        {outsideSeed && <span className="hint"> The guide describes the IP 650/670: menus on a {e.model} may differ (seed L52-58).</span>}
      </p>
      {entry.problem && <p className="banner-warn wiz-problem">{entry.problem}</p>}
      <Checklist
        steps={steps}
        ticked={e.ticks}
        onToggle={(tid, on) => update({ ticks: on ? [...e.ticks, tid] : e.ticks.filter((x) => x !== tid) })}
        label={`${path === 'normal' ? 'Normal' : 'Boot'} path steps`}
        render={(s) => (s.kind === 'address' && entry.address ? <AddressKeys address={entry.address} profile={addressProfile(path)} /> : null)}
      />
      <div className="wiz-start">
        <button type="button" className="btn btn-primary" onClick={() => update({ watchStartedAt: Date.now(), step: 'watch' })}>
          {path === 'normal' ? 'I chose Save Config — start watching' : 'I chose Save & Reboot — start watching'}
        </button>
        <span className="hint">The twenty-minute clock starts now (seed L106, L138).</span>
      </div>
    </div>
  );
}
