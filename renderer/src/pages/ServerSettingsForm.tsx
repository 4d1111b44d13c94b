/**
 * The small settings form of a server card: bind address, port, and per-protocol options.
 */
import { useId, useState, type FormEvent } from 'react';
import type { RequestArgs } from '../../../shared/api';
import type { InterfaceAddress, ServerStatus } from '../../../shared/dto';
import { COMPAT_PHONES } from '../../../shared/tls-compat';

/** The HTTPS server's own settings in the form. */
export interface HttpsFormValues {
  tlsCompat: boolean;
  certNames: string;
  certSource: 'bench' | 'own';
  ownCert: string;
  ownKey: string;
  /** Sent only when typed (the saved one is sealed and never shown). */
  ownPassphrase: string;
  clientCa: string;
}

/** The HTTPS values as saved (from the server's shown options). */
export function httpsValues(s: ServerStatus): HttpsFormValues {
  const o = s.options;
  return {
    tlsCompat: Boolean(o.compat),
    certNames: String(o.certNames ?? ''),
    certSource: o.certSource === 'own' ? 'own' : 'bench',
    ownCert: String(o.ownCert ?? ''),
    ownKey: String(o.ownKey ?? ''),
    ownPassphrase: '',
    clientCa: String(o.clientCa ?? ''),
  };
}

/** Address meaning "every interface". */
export const ALL_INTERFACES = '0.0.0.0';

/**
 * Options for the bind address list: external IPv4 first, then IPv6, then loopback, then all interfaces;
 * the current bind address is kept even when no interface has it (e.g. a cable was unplugged).
 * @param interfaces from `listInterfaces`
 * @param current the server's current bind address
 * @returns value/label pairs
 */
export function bindOptions(interfaces: InterfaceAddress[], current: string): Array<{ value: string; label: string }> {
  const rank = (i: InterfaceAddress): number => (i.internal ? 2 : 0) + (i.family === 'IPv6' ? 1 : 0);
  const sorted = [...interfaces].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const opts = sorted.map((i) => ({
    value: i.address,
    label: `${i.address} — ${i.name}${i.internal ? ' (this computer only)' : ''}`,
  }));
  opts.push({ value: ALL_INTERFACES, label: `${ALL_INTERFACES} — all interfaces` });
  if (!opts.some((o) => o.value === current)) opts.unshift({ value: current, label: `${current} — not on any interface now` });
  return opts;
}

/**
 * The changes between a server's settings and the form's values, as `configureServer` args.
 * @returns the args, or undefined when nothing changed
 */
export function settingsChanges(
  s: ServerStatus,
  v: { bind: string; port: string; pathPrefix: string; factoryAccount: boolean; maxTransfers?: string; https?: HttpsFormValues },
): RequestArgs<'configureServer'> | undefined {
  const args: RequestArgs<'configureServer'> = { kind: s.kind };
  if (v.bind !== s.bind) args.bind = v.bind;
  const port = Number(v.port);
  if (v.port.trim() !== '' && port !== s.port) args.port = port;
  if (s.kind === 'http' && v.pathPrefix !== String(s.options.pathPrefix ?? '')) args.pathPrefix = v.pathPrefix;
  if (s.kind === 'ftp' && v.factoryAccount !== Boolean(s.options.factoryAccount)) args.factoryAccount = v.factoryAccount;
  const maxTransfers = Number(v.maxTransfers);
  if (s.kind === 'tftp' && v.maxTransfers?.trim() && Number.isInteger(maxTransfers) && maxTransfers >= 1 && maxTransfers !== s.options.maxTransfers) {
    args.maxTransfers = maxTransfers;
  }
  if (s.kind === 'https' && v.https) {
    const was = httpsValues(s);
    const h = v.https;
    if (h.tlsCompat !== was.tlsCompat) args.tlsCompat = h.tlsCompat;
    for (const k of ['certNames', 'certSource', 'ownCert', 'ownKey', 'clientCa'] as const) if (h[k] !== was[k]) (args as Record<string, unknown>)[k] = h[k].trim();
    if (h.ownPassphrase) args.ownPassphrase = h.ownPassphrase;
  }
  return Object.keys(args).length > 1 ? args : undefined;
}

/**
 * Settings form; remount it (key) when the server's saved settings change.
 * @param props.server the server's status
 * @param props.interfaces addresses to bind to
 * @param props.busy true while an action runs on this server
 * @param props.onApply called with the changed settings
 */
export function ServerSettingsForm({
  server,
  interfaces,
  busy,
  onApply,
}: {
  server: ServerStatus;
  interfaces: InterfaceAddress[];
  busy: boolean;
  onApply: (args: RequestArgs<'configureServer'>) => void;
}) {
  const id = useId();
  const [bind, setBind] = useState(server.bind);
  const [port, setPort] = useState(String(server.port));
  const [pathPrefix, setPathPrefix] = useState(String(server.options.pathPrefix ?? ''));
  const [factoryAccount, setFactoryAccount] = useState(Boolean(server.options.factoryAccount));
  const [maxTransfers, setMaxTransfers] = useState(String(server.options.maxTransfers ?? ''));
  const [https, setHttps] = useState(() => httpsValues(server));
  const setH = (patch: Partial<HttpsFormValues>) => setHttps((h) => ({ ...h, ...patch }));
  const portNum = Number(port);
  const portValid = port.trim() !== '' && Number.isInteger(portNum) && portNum >= 0 && portNum <= 65535;
  const changes = portValid ? settingsChanges(server, { bind, port, pathPrefix, factoryAccount, maxTransfers, https }) : undefined;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (changes) onApply(changes);
  };
  return (
    <form className="server-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-bind`}>Bind address</label>
        <select id={`${id}-bind`} value={bind} onChange={(e) => setBind(e.target.value)}>
          {bindOptions(interfaces, server.bind).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-port">
        <label htmlFor={`${id}-port`}>Port</label>
        <input
          id={`${id}-port`}
          type="number"
          min={0}
          max={65535}
          value={port}
          onChange={(e) => setPort(e.target.value)}
          aria-invalid={!portValid}
          aria-describedby={`${id}-port-hint`}
        />
        <span id={`${id}-port-hint`} className={portValid ? 'hint' : 'hint hint-error'}>
          {portValid ? '0 = pick a free port' : 'A port is a number from 0 to 65535'}
        </span>
      </div>
      {server.kind === 'http' && (
        <div className="field">
          <label htmlFor={`${id}-prefix`}>Path prefix</label>
          <input id={`${id}-prefix`} type="text" value={pathPrefix} onChange={(e) => setPathPrefix(e.target.value)} placeholder="none, e.g. /polycom" />
        </div>
      )}
      {server.kind === 'ftp' && (
        <div className="field field-check field-wide">
          <input id={`${id}-factory`} type="checkbox" checked={factoryAccount} onChange={(e) => setFactoryAccount(e.target.checked)} />
          <label htmlFor={`${id}-factory`}>
            Accept the Polycom factory account <code>PlcmSpIp</code> / <code>PlcmSpIp</code>
          </label>
        </div>
      )}
      {server.kind === 'tftp' && (
        <div className="field field-port">
          <label htmlFor={`${id}-max`}>Transfers at once</label>
          <input id={`${id}-max`} type="number" min={1} max={10000} value={maxTransfers} onChange={(e) => setMaxTransfers(e.target.value)} />
          <span className="hint">More requests are told the server is busy; phones retry.</span>
        </div>
      )}
      {server.kind === 'https' && (
        <>
          <p className="hint field-wide">Serves the HTTP server's folder with its path prefix and password, from the main thread (no worker).</p>
          <div className="field field-check field-wide">
            <input id={`${id}-compat`} type="checkbox" checked={https.tlsCompat} onChange={(e) => setH({ tlsCompat: e.target.checked })} />
            <label htmlFor={`${id}-compat`}>Compatibility for older phones (TLS 1.0/1.1, older cipher suites)</label>
            <span className="hint">Only for {COMPAT_PHONES}. Off: TLS 1.2 and 1.3 only.</span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-source`}>Certificate</label>
            <select id={`${id}-source`} value={https.certSource} onChange={(e) => setH({ certSource: e.target.value === 'own' ? 'own' : 'bench' })}>
              <option value="bench">Issued by this ProvKit's bench CA</option>
              <option value="own">My own certificate and key</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-names`}>Extra names on the certificate</label>
            <input id={`${id}-names`} type="text" value={https.certNames} onChange={(e) => setH({ certNames: e.target.value })} placeholder="e.g. prov.example.test, 10.0.0.5" />
            <span className="hint">The bind address is always in it; add every name or address phones use.</span>
          </div>
          {https.certSource === 'own' && (
            <>
              <div className="field">
                <label htmlFor={`${id}-cert`}>Certificate file (PEM, or .p12/.pfx)</label>
                <input id={`${id}-cert`} type="text" value={https.ownCert} onChange={(e) => setH({ ownCert: e.target.value })} placeholder="/path/server.pem" />
              </div>
              <div className="field">
                <label htmlFor={`${id}-key`}>Key file (PEM; empty for .p12/.pfx)</label>
                <input id={`${id}-key`} type="text" value={https.ownKey} onChange={(e) => setH({ ownKey: e.target.value })} placeholder="/path/server.key" />
              </div>
              <div className="field">
                <label htmlFor={`${id}-pass`}>PKCS#12 passphrase</label>
                <input id={`${id}-pass`} type="password" autoComplete="off" value={https.ownPassphrase} onChange={(e) => setH({ ownPassphrase: e.target.value })} placeholder="unchanged" />
              </div>
            </>
          )}
          <div className="field field-wide">
            <label htmlFor={`${id}-clientca`}>Mutual TLS: client CA file (PEM)</label>
            <input id={`${id}-clientca`} type="text" value={https.clientCa} onChange={(e) => setH({ clientCa: e.target.value })} placeholder="empty = no client certificate needed" />
            <span className="hint">Phones must present a certificate signed by this CA (e.g. the vendor's device CA); the MAC in its name attributes the requests.</span>
          </div>
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="btn" disabled={!changes || busy}>
          Apply
        </button>
        {(server.state === 'listening' || server.state === 'error') && (
          <span className="hint">The server restarts with the new settings.</span>
        )}
      </div>
    </form>
  );
}
