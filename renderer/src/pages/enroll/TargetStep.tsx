/**
 * Wizard step 1 — where the phone should go: ProvKit's own server (then ProvKit watches every
 * request), or a provider's boot server such as the guide's `72.245.184.168/mpv` over HTTP (seed
 * `polycom-ip650-670-enrollment-guide.txt` L77, L81-87), with the guide's requirements (L31-39).
 */
import { useId, useState } from 'react';
import type { EnrollTarget } from '../../../../shared/api-enroll';
import { REQUIREMENTS } from '../../../../shared/enroll/seed-steps';
import type { ServerKind } from '../../../../shared/dto';
import { SEED_EXAMPLE, serverEntry } from '../../enroll/target';
import { useApp, useStores } from '../../store/context';
import { Checklist } from './Checklist';
import type { StepProps } from './Wizard';

type Provider = Extract<EnrollTarget, { kind: 'provider' }>;
const TYPES: Provider['type'][] = ['http', 'https', 'ftp', 'tftp'];

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
  const [draft, setDraft] = useState<Provider>(t?.kind === 'provider' ? t : { kind: 'provider', type: 'http', server: '' });
  const [password, setPassword] = useState('');
  const entry = serverEntry(t, servers);
  const commit = (next: Provider): void => {
    setDraft(next);
    if (next.server.trim() && !/\s/.test(next.server.trim())) update({ target: { ...next, server: next.server.trim() } });
  };
  const kinds = (Object.keys(servers) as ServerKind[]).filter((k) => servers[k]);
  return (
    <div className="wiz-target">
      <fieldset className="choice-group">
        <legend>Send the phone to</legend>
        <label className="choice">
          <input type="radio" name={`${id}-kind`} checked={t?.kind === 'provkit'} onChange={() => update({ target: { kind: 'provkit', server: 'http' } })} />
          <span>
            <strong>ProvKit on this computer</strong>
            <span className="hint">ProvKit serves the configuration and firmware and watches every request the phone makes.</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-kind`} checked={t?.kind === 'provider'} onChange={() => commit(draft.server ? draft : SEED_EXAMPLE)} />
          <span>
            <strong>A provider’s boot server</strong>
            <span className="hint">The address your voice provider gives, e.g. the guide’s HTTP 72.245.184.168/mpv. ProvKit cannot see the phone’s requests there.</span>
          </span>
        </label>
      </fieldset>

      {t?.kind === 'provkit' && (
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

      {t?.kind === 'provider' && (
        <div className="provider-form">
          {saved.length > 0 && (
            <div className="field field-wide">
              <label htmlFor={`${id}-saved`}>Saved provider profiles (Inventory)</label>
              <select
                id={`${id}-saved`}
                value={draft.providerId ?? ''}
                onChange={(ev) => {
                  const p = saved.find((x) => x.id === ev.target.value);
                  if (p) commit({ kind: 'provider', providerId: p.id, name: p.name, type: p.type, server: p.server, ...(p.user ? { user: p.user } : {}) });
                }}
              >
                <option value="">Choose a profile, or type below</option>
                {saved.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} — {p.type.toUpperCase()} {p.server}
                  </option>
                ))}
              </select>
              {saved.find((x) => x.id === draft.providerId)?.hasPassword && !e.targetHasPassword && (
                <span className="hint">That profile’s password stays in the inventory: type it below too if ProvKit should set it on the phone.</span>
              )}
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-name`}>Provider (for your notes)</label>
            <input id={`${id}-name`} value={draft.name ?? ''} onChange={(ev) => commit({ ...draft, name: ev.target.value })} placeholder="MegaPath Voice" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-type`}>Server Type</label>
            <select id={`${id}-type`} value={draft.type} onChange={(ev) => commit({ ...draft, type: ev.target.value as Provider['type'] })}>
              {TYPES.map((x) => (
                <option key={x} value={x}>
                  {x.toUpperCase()}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-wide">
            <label htmlFor={`${id}-address`}>Server Address (host[:port][/path])</label>
            <input
              id={`${id}-address`}
              className="mono"
              value={draft.server}
              onChange={(ev) => commit({ ...draft, server: ev.target.value })}
              aria-invalid={!draft.server.trim() || /\s/.test(draft.server.trim()) ? 'true' : undefined}
              spellCheck={false}
            />
            {(!draft.server.trim() || /\s/.test(draft.server.trim())) && <span className="hint hint-error">Type the address without spaces, e.g. 72.245.184.168/mpv.</span>}
          </div>
          <div className="field">
            <label htmlFor={`${id}-user`}>User (if the provider gave one)</label>
            <input id={`${id}-user`} value={draft.user ?? ''} onChange={(ev) => commit({ ...draft, ...(ev.target.value ? { user: ev.target.value } : { user: undefined }) })} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password {e.targetHasPassword && <span className="muted">(stored, encrypted)</span>}</label>
            <input
              id={`${id}-password`}
              type="password"
              value={password}
              onChange={(ev) => setPassword(ev.target.value)}
              onBlur={() => password && (update({}, { targetPassword: password }), setPassword(''))}
              placeholder={e.targetHasPassword ? '•••••• (type to replace)' : ''}
              autoComplete="new-password"
            />
          </div>
          <div className="form-actions field-wide">
            <button type="button" className="btn btn-small" onClick={() => commit(SEED_EXAMPLE)}>
              Use the guide’s example (HTTP 72.245.184.168/mpv)
            </button>
          </div>
          <div className="field-wide">
            <p className="hint">The provider’s requirements (MegaPath IP650/IP670 Enrollment Guide, “Requirements”) — tick them off:</p>
            <Checklist steps={REQUIREMENTS} ticked={e.ticks} onToggle={(tid, on) => update({ ticks: on ? [...e.ticks, tid] : e.ticks.filter((x) => x !== tid) })} label="Provider requirements" />
          </div>
        </div>
      )}

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
            for (const m of others) stores.enroll.getState().update(m, { target: t });
          }}
        >
          Use this target for the {others.length} other phone{others.length === 1 ? '' : 's'} without one
        </button>
      )}
    </div>
  );
}
