/**
 * The syslog receiver: on/off, address and port (514 by default), its state with the fix when it
 * cannot listen, and the latest lines (each joined to its phone when the address is known). Also
 * the per-phone list for the phone page.
 */
import { useEffect, useId, useState } from 'react';
import type { SyslogLine } from '../../../shared/api-phones';
import { formatMac } from '../../../shared/mac';
import { ErrorBox } from '../components/ErrorBox';
import { formatDateTime } from '../format';
import { hrefFor } from '../routing';
import { useApp, useStores } from '../store/context';

const SEVERITY = ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'];

/** Lines as a table. */
export function SyslogTable({ lines, showPhone }: { lines: SyslogLine[]; showPhone: boolean }) {
  if (!lines.length) return <p className="muted">No syslog line yet. Phones send syslog when device.syslog.serverName points at this computer.</p>;
  return (
    <div className="table-wrap syslog-wrap">
      <table className="data-table syslog-table">
        <thead>
          <tr>
            <th scope="col">Received</th>
            {showPhone && <th scope="col">Phone</th>}
            <th scope="col">Severity</th>
            <th scope="col">Program</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {lines
            .slice(-200)
            .reverse()
            .map((l) => (
              <tr key={l.id} className={l.severity !== undefined && l.severity <= 3 ? 'tone-error' : undefined}>
                <td className="nowrap">{formatDateTime(l.time)}</td>
                {showPhone && <td>{l.mac ? <a href={hrefFor({ area: 'phones', mac: l.mac })}>{formatMac(l.mac)}</a> : <span className="mono">{l.address}</span>}</td>}
                <td>{l.severity !== undefined ? SEVERITY[l.severity] : '—'}</td>
                <td>{l.app ?? '—'}</td>
                <td className="syslog-msg">{l.message}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

/** The receiver panel (a collapsible section of the Phones page). */
export function SyslogPanel() {
  const id = useId();
  const stores = useStores();
  const status = useApp('phoneAdmin', (s) => s.syslog);
  const error = useApp('phoneAdmin', (s) => s.syslogError);
  const lines = useApp('phoneAdmin', (s) => s.lines);
  const [port, setPort] = useState('');
  const [bind, setBind] = useState('');
  useEffect(() => {
    if (!status) void stores.phoneAdmin.getState().loadSyslog();
  }, [status, stores]);
  const api = stores.phoneAdmin.getState();
  const portNum = port ? Number(port) : undefined;
  const portOk = portNum === undefined || (Number.isInteger(portNum) && portNum >= 0 && portNum <= 65535);
  return (
    <details className="settings syslog-panel">
      <summary>
        Syslog receiver{' '}
        <span className="muted">{status ? (status.state === 'listening' ? `listening on ${status.bind}:${status.boundPort}` : status.state === 'error' ? 'cannot listen' : 'off') : ''}</span>
      </summary>
      <form
        className="password-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (portOk) void api.configureSyslog({ enabled: true, ...(portNum !== undefined ? { port: portNum } : {}), ...(bind ? { bind } : {}) });
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-bind`}>Address</label>
          <input id={`${id}-bind`} value={bind} onChange={(e) => setBind(e.target.value)} placeholder={status?.bind ?? '127.0.0.1'} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-port`}>UDP port</label>
          <input id={`${id}-port`} value={port} onChange={(e) => setPort(e.target.value)} placeholder={String(status?.port ?? 514)} aria-invalid={!portOk} />
        </div>
        <button type="submit" className="btn" disabled={!portOk}>
          {status?.enabled ? 'Apply' : 'Turn on'}
        </button>
        {status?.enabled && (
          <button type="button" className="btn" onClick={() => void api.configureSyslog({ enabled: false })}>
            Turn off
          </button>
        )}
      </form>
      {status?.error && (
        <ErrorBox error={status.error} title="The syslog receiver is not running">
          {status.error.alternativePort !== undefined && (
            <button type="button" className="btn btn-primary" onClick={() => void api.configureSyslog({ enabled: true, port: status.error!.alternativePort! })}>
              Use port {status.error.alternativePort} instead
            </button>
          )}
        </ErrorBox>
      )}
      {error && <ErrorBox error={error} title="Syslog" />}
      <SyslogTable lines={lines} showPhone />
    </details>
  );
}
