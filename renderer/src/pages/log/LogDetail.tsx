/**
 * The Log page's detail pane for one row: what was asked and answered, compactly — the HTTP
 * request line and headers, the FTP session's commands, the TFTP options agreed, a DHCP packet's
 * options, a syslog line's fields.
 */
import type { ReactNode } from 'react';
import type { DhcpOptionJson } from '../../../../shared/dhcp-dto';
import { formatBytes, formatDateTime, formatDuration } from '../../format';
import { SEVERITY_NAMES, type LogEntry } from '../../log/log-entry';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Lines in a compact monospace block. */
function Lines({ title, lines }: { title: string; lines: string[] }) {
  return (
    <div className="log-block">
      <h3>{title}</h3>
      <pre>{lines.join('\n')}</pre>
    </div>
  );
}

/**
 * @param props.entry the selected row
 * @param props.onClose closes the pane
 */
export function LogDetail({ entry, onClose }: { entry: LogEntry; onClose(): void }) {
  const r = entry.request;
  const d = entry.dhcp;
  const l = entry.syslog;
  return (
    <aside className="log-detail" aria-label="Selected log entry">
      <div className="log-detail-head">
        <strong>
          {entry.source.toUpperCase()} {entry.method}
          {entry.status !== undefined && ` → ${entry.status}`}
        </strong>
        <button type="button" className="btn btn-small" onClick={onClose} aria-label="Close the detail">
          ✕
        </button>
      </div>
      <dl className="log-fields">
        <Field label="Time">{formatDateTime(entry.time)}</Field>
        <Field label="From">
          <span className="mono">{entry.client}</span>
        </Field>
        {entry.mac && (
          <Field label="MAC">
            <span className="mono">{entry.mac}</span>
            {r?.phone.macSource && <span className="muted"> (from the {r.phone.macSource === 'user-agent' ? 'User-Agent' : r.phone.macSource === 'path' ? 'file name' : 'address'})</span>}
          </Field>
        )}
        {r && (
          <>
            <Field label="Path">
              <span className="mono">{r.path}</span>
            </Field>
            <Field label="Moved">
              {r.bytesReceived ? `${formatBytes(r.bytesReceived)} received` : `${formatBytes(r.bytesSent)} sent`} in {formatDuration(r.durationMs)} ms
              {r.source && <span className="muted"> · {r.source === 'rendered' ? 'rendered config' : r.source === 'upload' ? 'stored upload' : 'file'}</span>}
            </Field>
            {r.userAgent && (
              <Field label="User-Agent">
                <span className="mono">{r.userAgent}</span>
              </Field>
            )}
          </>
        )}
        {entry.error && (
          <Field label="Why">
            <span className="tone-text-error">{entry.error}</span>
          </Field>
        )}
        {l && (
          <>
            {l.severity !== undefined && <Field label="Severity">{SEVERITY_NAMES[l.severity] ?? l.severity}</Field>}
            {l.hostname && <Field label="Host">{l.hostname}</Field>}
            {l.app && <Field label="Program">{l.app}</Field>}
            <Field label="Message">
              <span className="mono">{l.message}</span>
            </Field>
          </>
        )}
        {d && (
          <>
            <Field label="Transaction">
              <span className="mono">{d.xid}</span> {d.transaction.join(' → ')}
            </Field>
            {d.vendorClass && <Field label="Vendor class">{d.vendorClass}</Field>}
            <Field label="Seen by">
              {d.source}
              {d.iface ? ` on ${d.iface}` : ''}: {d.src} → {d.dst}
            </Field>
          </>
        )}
      </dl>
      {r?.requestLine && <Lines title="Request" lines={[r.requestLine, ...(r.headers ?? []).map(([n, v]) => `${n}: ${v}`)]} />}
      {r?.commands && r.commands.length > 0 && <Lines title="FTP session (commands → reply)" lines={r.commands} />}
      {r?.options && Object.keys(r.options).length > 0 && (
        <Lines title="TFTP options agreed" lines={Object.entries(r.options).map(([k, v]) => `${k} = ${v}`)} />
      )}
      {d && d.options.length > 0 && <Lines title="DHCP options" lines={d.options.map(dhcpOptionLine)} />}
    </aside>
  );
}

/** One DHCP option as a line: `53 DHCP Message Type: "DISCOVER"` (RFC 2132 numbers and names). */
function dhcpOptionLine(o: DhcpOptionJson): string {
  const value = o.error ? `${o.hex} (${o.error})` : typeof o.value === 'string' ? o.value : JSON.stringify(o.value);
  return `${o.code} ${o.name}: ${value}`;
}
