/**
 * The Log page: one live list of everything the servers saw — every HTTP, FTP and TFTP request
 * (with or without a phone: failed logins, refusals, errors), DHCP packets and syslog lines —
 * with filters, a detail pane and CSV export of what the filters show.
 */
import { useEffect, useMemo } from 'react';
import { ErrorBox } from '../../components/ErrorBox';
import { formatClock, formatDateTime } from '../../format';
import { downloadText } from '../../inventory/inventory-filter';
import { csvFileName, logCsv } from '../../log/log-csv';
import { LOG_SOURCES, matcher, type LogEntry, type LogSource, type StatusClass } from '../../log/log-entry';
import { useApp, useStores } from '../../store/context';
import { LogDetail } from './LogDetail';
import './log.css';

/** Rows drawn at most (the newest); the filters and the export cover all rows. */
export const SHOWN_ROWS = 500;

const SOURCE_LABEL: Record<LogSource, string> = { http: 'HTTP', ftp: 'FTP', tftp: 'TFTP', dhcp: 'DHCP', syslog: 'Syslog' };
const STATUS_LABEL: Record<StatusClass, string> = { any: 'Any status', failed: 'Failed only', '2xx': '2xx', '3xx': '3xx', '4xx': '4xx', '5xx': '5xx (FTP 530/550)' };

function Row({ e, selected, onSelect }: { e: LogEntry; selected: boolean; onSelect(): void }) {
  return (
    <tr className={`clickable${e.ok ? '' : ' log-bad'}${selected ? ' selected' : ''}`} onClick={onSelect} aria-selected={selected}>
      <td className="mono nowrap" title={formatDateTime(e.time)}>
        {formatClock(e.time)}
      </td>
      <td className="nowrap">{SOURCE_LABEL[e.source]}</td>
      <td className="mono nowrap">{e.client}</td>
      <td className="mono nowrap">{e.mac ?? <span className="muted">—</span>}</td>
      <td className="path-cell">
        <span className="mono">
          <strong>{e.method}</strong> {e.what}
        </span>
        {e.error && <div className="row-error tone-text-error">{e.error}</div>}
      </td>
      <td className="num nowrap">{e.status ?? <span className="muted">—</span>}</td>
    </tr>
  );
}

/** The Log page; reads the log store. */
export function LogPage() {
  const stores = useStores();
  const rows = useApp('log', (s) => s.rows);
  const filter = useApp('log', (s) => s.filter);
  const selected = useApp('log', (s) => s.selected);
  const loaded = useApp('log', (s) => s.loaded);
  const error = useApp('log', (s) => s.error);
  const api = stores.log.getState();
  useEffect(() => {
    if (!stores.log.getState().loaded) void stores.log.getState().load();
  }, [stores]);
  const shown = useMemo(() => rows.filter(matcher(filter)), [rows, filter]);
  const newestFirst = useMemo(() => shown.slice(-SHOWN_ROWS).reverse(), [shown]);
  const current = selected ? rows.find((r) => r.key === selected) : undefined;
  const toggleSource = (s: LogSource) => {
    const on = new Set(filter.sources);
    if (on.has(s)) on.delete(s);
    else on.add(s);
    api.setFilter({ sources: LOG_SOURCES.filter((x) => on.has(x)) });
  };
  const filtered = filter.sources.length > 0 || filter.status !== 'any' || filter.address || filter.mac || filter.text;

  return (
    <section className="page log-page" aria-labelledby="log-title">
      <div className="page-head">
        <h1 id="log-title">Log</h1>
        <span className="muted" role="status">
          {filtered ? `${shown.length} of ${rows.length} entries` : `${rows.length} entries`}
          {shown.length > SHOWN_ROWS && ` · newest ${SHOWN_ROWS} shown`}
        </span>
        <div className="spacer" />
        <button type="button" className="btn" disabled={!shown.length} onClick={() => downloadText(csvFileName(Date.now()), logCsv(shown))}>
          Export CSV ({shown.length})
        </button>
      </div>
      <p className="lead">Every request on every server — with or without a phone, failed logins and refusals included — DHCP packets and syslog lines, live.</p>
      <form className="log-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="log-sources">
          <legend className="visually-hidden">Protocols</legend>
          {LOG_SOURCES.map((s) => (
            <label key={s} className="log-chip">
              <input type="checkbox" checked={filter.sources.includes(s)} onChange={() => toggleSource(s)} /> {SOURCE_LABEL[s]}
            </label>
          ))}
        </fieldset>
        <label>
          <span className="visually-hidden">Status</span>
          <select value={filter.status} onChange={(e) => api.setFilter({ status: e.target.value as StatusClass })} aria-label="Status">
            {(Object.keys(STATUS_LABEL) as StatusClass[]).map((c) => (
              <option key={c} value={c}>
                {STATUS_LABEL[c]}
              </option>
            ))}
          </select>
        </label>
        <input type="search" placeholder="Address" aria-label="Address" value={filter.address} onChange={(e) => api.setFilter({ address: e.target.value })} size={14} />
        <input type="search" placeholder="MAC" aria-label="MAC" value={filter.mac} onChange={(e) => api.setFilter({ mac: e.target.value })} size={14} />
        <input type="search" placeholder="Text (path, error, User-Agent…)" aria-label="Text" value={filter.text} onChange={(e) => api.setFilter({ text: e.target.value })} size={26} />
        {filtered && (
          <button type="button" className="btn btn-small" onClick={() => api.setFilter({ sources: [], status: 'any', address: '', mac: '', text: '' })}>
            Clear filters
          </button>
        )}
      </form>
      {error && <ErrorBox error={error} title="Could not load the log" />}
      {!loaded && !error && <p className="muted">Loading the log…</p>}
      <div className={`log-body${current ? ' with-detail' : ''}`}>
        <div className="table-wrap">
          <table className="data-table log-table">
            <caption className="visually-hidden">Log entries, newest first; select one for its detail.</caption>
            <thead>
              <tr>
                <th>Time</th>
                <th>Protocol</th>
                <th>From</th>
                <th>MAC</th>
                <th>Request</th>
                <th className="num">Status</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((e) => (
                <Row key={e.key} e={e} selected={e.key === selected} onSelect={() => api.select(e.key === selected ? undefined : e.key)} />
              ))}
            </tbody>
          </table>
          {loaded && !newestFirst.length && <p className="muted log-empty">{rows.length ? 'No entry matches the filters.' : 'Nothing yet: requests appear here as phones (or anyone) reach the servers.'}</p>}
        </div>
        {current && <LogDetail entry={current} onClose={() => api.select(undefined)} />}
      </div>
    </section>
  );
}
