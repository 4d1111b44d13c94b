/**
 * The "set boot server" form: the Provisioning Server fields of the seed's Figure 54 (Server Type,
 * Server Address, Server User, Server Password, DHCP Menu › Boot Server = Static), with a button
 * that fills in this ProvKit's own server.
 */
import { useId, useState, type FormEvent } from 'react';
import type { BootServerMode, BootServerSettings, ProvServerType } from '../../../shared/phone-web';
import { BOOT_SERVER_MODES } from '../../../shared/phone-web';
import { useApp } from '../store/context';

/** What the form submits. */
export interface BootServerFormValue {
  settings: BootServerSettings;
  reboot: boolean;
}

const TYPES: Array<[ProvServerType, string]> = [
  ['http', 'HTTP'],
  ['https', 'HTTPS'],
  ['ftp', 'FTP'],
  ['tftp', 'TFTP'],
];

/** `http://10.0.0.5:8080/mpv/` → `10.0.0.5:8080/mpv` (what the phone's Server Address field takes). */
export function serverAddressFromUrl(url: string): string {
  return url.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
}

/**
 * The form.
 * @param props.onSubmit called with the settings; resolves when done
 * @param props.busy disables the submit button
 * @param props.submitLabel button text
 */
export function BootServerForm({ onSubmit, busy, submitLabel = 'Set boot server' }: { onSubmit: (v: BootServerFormValue) => void | Promise<void>; busy?: boolean; submitLabel?: string }) {
  const id = useId();
  const servers = useApp('servers', (s) => s.byKind);
  const [type, setType] = useState<ProvServerType>('http');
  const [server, setServer] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [mode, setMode] = useState<BootServerMode>('static');
  const [reboot, setReboot] = useState(true);
  const own = (['http', 'https', 'ftp'] as const).map((k) => servers[k]).filter((s) => s?.state === 'listening' && s.url);
  const valid = server.trim() !== '' && !/\s/.test(server.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    const settings: BootServerSettings = { type, server: server.trim(), bootServer: mode, ...(user ? { user } : {}), ...(password ? { password } : {}) };
    void onSubmit({ settings, reboot });
  };
  return (
    <form className="boot-server-form" onSubmit={submit} aria-label="Boot server settings">
      <div className="field">
        <label htmlFor={`${id}-type`}>Server type</label>
        <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as ProvServerType)}>
          {TYPES.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-grow">
        <label htmlFor={`${id}-server`}>Server address</label>
        <input id={`${id}-server`} value={server} onChange={(e) => setServer(e.target.value)} placeholder="10.0.0.5 or 10.0.0.5:8080/mpv" aria-invalid={server !== '' && !valid} required />
        {own.length > 0 && (
          <span className="hint">
            This ProvKit:{' '}
            {own.map((s) => (
              <button
                key={s!.kind}
                type="button"
                className="btn btn-small"
                onClick={() => {
                  setType(s!.kind === 'ftp' ? 'ftp' : s!.kind === 'https' ? 'https' : 'http');
                  setServer(serverAddressFromUrl(s!.url!));
                  if (s!.kind === 'ftp' && !user) {
                    setUser('PlcmSpIp');
                    setPassword('PlcmSpIp');
                  }
                }}
              >
                Use {s!.kind.toUpperCase()} {serverAddressFromUrl(s!.url!)}
              </button>
            ))}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-user`}>Server user</label>
        <input id={`${id}-user`} value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" placeholder="(unchanged)" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-pw`}>Server password</label>
        <input id={`${id}-pw`} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" placeholder="(unchanged)" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-mode`}>Boot server (DHCP menu)</label>
        <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as BootServerMode)}>
          {BOOT_SERVER_MODES.map((m) => (
            <option key={m.mode} value={m.mode}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-check">
        <input id={`${id}-reboot`} type="checkbox" checked={reboot} onChange={(e) => setReboot(e.target.checked)} />
        <label htmlFor={`${id}-reboot`}>Reboot after saving and check that it boots</label>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !valid}>
          {busy ? 'Working…' : submitLabel}
        </button>
        {mode !== 'static' && <span className="hint">With {BOOT_SERVER_MODES.find((m) => m.mode === mode)!.label}, a boot server from DHCP overrides this address.</span>}
      </div>
    </form>
  );
}
