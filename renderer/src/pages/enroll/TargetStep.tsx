/**
 * Wizard step 1 — where the phone should go: ProvKit's own server (then ProvKit watches every
 * request), or a provider's boot server the user picks or types (./ProviderForm.tsx: nothing is
 * pre-filled; a preset's address is shown for confirmation).
 */
import { useId, useState } from 'react';
import type { ServerKind } from '../../../../shared/dto';
import { serverEntry } from '../../enroll/target';
import { useApp, useStores } from '../../store/context';
import { HttpsFirstChoice } from './HttpsFirst';
import { ProviderForm } from './ProviderForm';
import type { StepProps } from './Wizard';

/** The target step. */
export function TargetStep({ e, update }: StepProps) {
  const stores = useStores();
  const servers = useApp('servers', (s) => s.byKind);
  const order = useApp('enroll', (s) => s.order);
  const all = useApp('enroll', (s) => s.byMac);
  const others = order.filter((m) => m !== e.mac && !all[m]?.target);
  const saved = useApp('enroll', (s) => s.providers);
  const id = useId();
  const t = e.target;
  const [kind, setKind] = useState<'provkit' | 'provider' | undefined>(t?.kind);
  const entry = serverEntry(t, servers);
  const kinds = (Object.keys(servers) as ServerKind[]).filter((k) => servers[k]);
  return (
    <div className="wiz-target">
      <fieldset className="choice-group">
        <legend>Send the phone to</legend>
        <label className="choice">
          <input type="radio" name={`${id}-kind`} checked={kind === 'provkit'} onChange={() => (setKind('provkit'), update({ target: { kind: 'provkit', server: 'http' } }))} />
          <span>
            <strong>ProvKit on this computer</strong>
            <span className="hint">ProvKit serves the configuration and firmware and watches every request the phone makes.</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-kind`} checked={kind === 'provider'} onChange={() => (setKind('provider'), t?.kind === 'provkit' && update({ target: undefined }))} />
          <span>
            <strong>A provider’s boot server</strong>
            <span className="hint">Your voice provider’s server: pick the provider, or type the address it gave you. ProvKit cannot see the phone’s requests there.</span>
          </span>
        </label>
      </fieldset>

      {kind === 'provkit' && t?.kind === 'provkit' && (
        <div className="field">
          <label htmlFor={`${id}-server`}>ProvKit server</label>
          <select id={`${id}-server`} value={t.server} onChange={(ev) => update({ target: { kind: 'provkit', server: ev.target.value as ServerKind } })}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {k.toUpperCase()} — {servers[k]?.state === 'listening' ? servers[k]?.url : servers[k]?.state}
              </option>
            ))}
          </select>
        </div>
      )}

      {kind === 'provkit' && <HttpsFirstChoice e={e} update={update} servers={servers} />}

      {kind === 'provider' && <ProviderForm e={e} update={update} saved={saved} />}

      {entry?.problem && (
        <p className="banner-warn wiz-problem" role="status">
          <strong>Check:</strong> {entry.problem}
        </p>
      )}
      {entry?.address && (
        <p className="wiz-entry">
          On the phone: Server Type <strong>{entry.typeLabel}</strong>, Server Address <strong className="mono">{entry.address}</strong>
          {entry.credentials && <span className="muted"> — {entry.credentials}</span>}
        </p>
      )}
      {t && others.length > 0 && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            for (const m of others) stores.enroll.getState().update(m, { target: t, ...(e.httpsFirst ? { httpsFirst: true } : {}) });
          }}
        >
          Use this target for the {others.length} other phone{others.length === 1 ? '' : 's'} without one
        </button>
      )}
    </div>
  );
}
