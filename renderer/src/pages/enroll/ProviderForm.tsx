/**
 * The provider half of the target step: nothing pre-filled. The user picks a named preset (MegaPath
 * from its enrollment guide, AltiGen, Genesys CIC), a saved provider profile, or types another
 * provider's address; a preset's fixed address is shown and used only once the user confirms it.
 * A scheme typed in the address (`https://…`) sets the Server Type, so it is never dropped.
 */
import { useId, useState } from 'react';
import type { EnrollmentView, EnrollTarget } from '../../../../shared/api-enroll';
import { REQUIREMENTS } from '../../../../shared/enroll/seed-steps';
import { PROVIDER_PRESETS, providerPreset } from '../../../../shared/enroll/provider-presets';
import type { SavedProvider } from '../../store/enroll';
import { Checklist } from './Checklist';
import type { StepProps } from './Wizard';

type Provider = Extract<EnrollTarget, { kind: 'provider' }>;
const TYPES: Provider['type'][] = ['http', 'https', 'ftp', 'tftp'];
const OTHER = 'other';

/**
 * Read a scheme typed in front of an address.
 * @returns the Server Type it names, or undefined when there is none (or an unknown one)
 */
export function typeFromScheme(address: string): Provider['type'] | undefined {
  const s = /^([a-z]+):\/\//i.exec(address.trim())?.[1]?.toLowerCase();
  return s === 'http' || s === 'https' || s === 'ftp' || s === 'tftp' ? s : undefined;
}

/**
 * The provider form.
 * @param props.e the phone's wizard state; props.update saves it; props.saved the inventory's provider profiles
 */
export function ProviderForm({ e, update, saved }: StepProps & { e: EnrollmentView; saved: SavedProvider[] }) {
  const id = useId();
  const t = e.target?.kind === 'provider' ? e.target : undefined;
  const [draft, setDraft] = useState<Provider>(t ?? { kind: 'provider', type: 'http', server: '' });
  const [choice, setChoice] = useState<string>(t?.presetId ?? (t?.providerId ? `saved:${t.providerId}` : t ? OTHER : ''));
  const [password, setPassword] = useState('');
  const preset = providerPreset(choice);
  const pendingConfirm = preset?.address !== undefined && !(t?.presetId === preset.id && t.server === preset.address);
  const commit = (next: Provider): void => {
    setDraft(next);
    const server = next.server.trim();
    if (server && !/\s/.test(server)) update({ target: { ...next, server } });
    else if (e.target) update({ target: undefined });
  };
  const pick = (value: string): void => {
    setChoice(value);
    const p = providerPreset(value);
    if (p) {
      // A fixed address waits for the user's confirmation; the others wait for the address typed.
      setDraft({ kind: 'provider', presetId: p.id, name: p.name, type: p.type, server: p.address ?? '' });
      if (e.target) update({ target: undefined });
      return;
    }
    if (value.startsWith('saved:')) {
      const s = saved.find((x) => `saved:${x.id}` === value);
      if (s) commit({ kind: 'provider', providerId: s.id, name: s.name, type: s.type, server: s.server, ...(s.user ? { user: s.user } : {}) });
      return;
    }
    commit({ kind: 'provider', type: 'http', server: '' });
  };
  const invalid = !draft.server.trim() || /\s/.test(draft.server.trim());
  return (
    <div className="provider-form">
      <div className="field field-wide">
        <label htmlFor={`${id}-preset`}>Provider</label>
        <select id={`${id}-preset`} value={choice} onChange={(ev) => pick(ev.target.value)}>
          <option value="">Choose your provider…</option>
          {PROVIDER_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} — {p.type.toUpperCase()} {p.address ?? (p.port ? `your server:${p.port}` : 'your server')}
            </option>
          ))}
          {saved.map((p) => (
            <option key={p.id} value={`saved:${p.id}`}>
              {p.name} — {p.type.toUpperCase()} {p.server} (saved profile)
            </option>
          ))}
          <option value={OTHER}>Another provider — I type the address</option>
        </select>
        {preset && <span className="hint">From the {preset.source}.</span>}
      </div>
      {preset?.address !== undefined && (
        <div className={`field-wide preset-confirm${pendingConfirm ? ' banner-warn' : ''}`} role="group" aria-label="Confirm the provider’s address">
          <p>
            The {preset.name} boot server in the guide is <strong>{preset.type.toUpperCase()}</strong> <strong className="mono">{preset.address}</strong>. Use it only if {preset.name} is your provider and this is the address it gave you.
          </p>
          {pendingConfirm ? (
            <button type="button" className="btn btn-primary" onClick={() => commit({ kind: 'provider', presetId: preset.id, name: preset.name, type: preset.type, server: preset.address! })}>
              Use {preset.type.toUpperCase()} {preset.address}
            </button>
          ) : (
            <p className="hint">✓ Confirmed.</p>
          )}
        </div>
      )}
      {choice !== '' && !(preset?.address !== undefined) && (
        <>
          <div className="field">
            <label htmlFor={`${id}-name`}>Provider (for your notes)</label>
            <input id={`${id}-name`} value={draft.name ?? ''} onChange={(ev) => commit({ ...draft, name: ev.target.value })} />
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
              onChange={(ev) => {
                const v = ev.target.value;
                const scheme = typeFromScheme(v);
                commit({ ...draft, server: v, ...(scheme ? { type: scheme } : {}) });
              }}
              aria-invalid={invalid ? 'true' : undefined}
              placeholder={preset?.addressHint ?? 'the address your provider gave you'}
              spellCheck={false}
            />
            {invalid && <span className="hint hint-error">Type the address your provider gave you, without spaces{preset?.addressHint ? `: ${preset.addressHint}` : ''}.</span>}
            {typeFromScheme(draft.server) && <span className="hint">The address starts with {typeFromScheme(draft.server)}://, so the Server Type is {typeFromScheme(draft.server)!.toUpperCase()}.</span>}
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
        </>
      )}
      {choice === 'megapath' && (
        <div className="field-wide">
          <p className="hint">MegaPath’s requirements (MegaPath IP650/IP670 Enrollment Guide, “Requirements”) — tick them off:</p>
          <Checklist steps={REQUIREMENTS} ticked={e.ticks} onToggle={(tid, on) => update({ ticks: on ? [...e.ticks, tid] : e.ticks.filter((x) => x !== tid) })} label="Provider requirements" />
        </div>
      )}
    </div>
  );
}
