/**
 * Wizard step 5 — enter the settings: the guide's Normal or Boot path for this phone, with Server
 * Type and the exact keys for the address (MegaPath IP650/IP670 Enrollment Guide, "Enrollment
 * Process (Normal)" and "(Boot)"), ending with "start watching"; or, on the automatic path, one
 * button that has ProvKit set the boot server through the phone's web UI and reboot it
 * (./AutomaticStep.tsx).
 */
import { enrollmentSteps } from '../../../../shared/enroll/seed-steps';
import { keypadProcedure, serverEntry } from '../../enroll/target';
import { useApp } from '../../store/context';
import { AddressKeys } from './AddressKeys';
import { AutomaticStep } from './AutomaticStep';
import { Checklist } from './Checklist';
import type { StepProps } from './Wizard';

/** The keys step. */
export function KeysStep({ e, update }: StepProps) {
  const servers = useApp('servers', (s) => s.byKind);
  const entry = serverEntry(e.target, servers);
  if (!entry) return <p>Choose the target first (step 1).</p>;
  if (e.path === 'automatic') return <AutomaticStep e={e} entry={entry} />;
  const path = e.path === 'boot' ? 'boot' : 'normal';
  const steps = enrollmentSteps(path, { typeLabel: entry.typeLabel, address: entry.address || '(start the server first)' });
  const outsideSeed = e.model && e.model !== 'SPIP650' && e.model !== 'SPIP670';
  return (
    <div className="wiz-keys">
      <p>
        {path === 'normal' ? 'Normal path — the phone is at the idle screen.' : 'Boot path — restart the phone and catch its boot menu.'} Tick each step as you go.
        {outsideSeed && <span className="hint"> The guide describes the IP 650/670: menus on a {e.model} may differ (MegaPath IP650/IP670 Enrollment Guide, “Firmware Differences”).</span>}
      </p>
      {entry.problem && <p className="banner-warn wiz-problem">{entry.problem}</p>}
      <Checklist
        steps={steps}
        ticked={e.ticks}
        onToggle={(tid, on) => update({ ticks: on ? [...e.ticks, tid] : e.ticks.filter((x) => x !== tid) })}
        label={`${path === 'normal' ? 'Normal' : 'Boot'} path steps`}
        render={(s) => (s.kind === 'address' && entry.address ? <AddressKeys address={entry.address} path={path} procedure={keypadProcedure(e)} model={e.model} onProcedure={(p) => update({ keypadProcedure: p })} /> : null)}
      />
      <div className="wiz-start">
        <button type="button" className="btn btn-primary" onClick={() => update({ watchStartedAt: Date.now(), step: 'watch' })}>
          {path === 'normal' ? 'I chose Save Config — start watching' : 'I chose Save & Reboot — start watching'}
        </button>
        <span className="hint">The twenty-minute clock starts now (the guide allows up to twenty minutes).</span>
      </div>
    </div>
  );
}
