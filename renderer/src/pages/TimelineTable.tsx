/**
 * A phone's boot timeline as a table, one row per request, growing live.
 */
import { useLayoutEffect, useRef } from 'react';
import type { RequestEvent } from '../../../shared/dto';
import { StatusBadge } from '../components/StatusBadge';
import { formatBytes, formatClock, formatDateTime, formatDuration } from '../format';
import { requestTone } from '../timeline/status-tone';

const KIND_LABEL: Record<RequestEvent['fileKind'], string> = {
  bootrom: 'BootROM',
  'master-config': 'Master config',
  'default-master-config': 'Default master',
  firmware: 'Firmware',
  config: 'Config',
  override: 'Override',
  license: 'Licence',
  directory: 'Directory',
  'call-list': 'Call list',
  log: 'Log',
  other: 'Other',
};

/**
 * Bytes moved by a request, with the direction in words.
 * @param e the request
 * @returns e.g. `1.2 MiB sent`, `34 KiB received`, `—`
 */
export function transferText(e: Pick<RequestEvent, 'bytesSent' | 'bytesReceived'>): string {
  if (e.bytesReceived > 0) return `${formatBytes(e.bytesReceived)} received`;
  if (e.bytesSent > 0) return `${formatBytes(e.bytesSent)} sent`;
  return '—';
}

function Row({ e, fresh }: { e: RequestEvent; fresh: boolean }) {
  const tone = requestTone(e);
  return (
    <tr className={`tone-${tone}${fresh ? ' fresh' : ''}`}>
      <td className="mono nowrap" title={formatDateTime(e.time)}>
        {formatClock(e.time)}
      </td>
      <td>{e.protocol.toUpperCase()}</td>
      <td className="mono">{e.method}</td>
      <td className="path-cell">
        <span className="mono">{e.path}</span>
        {e.error && tone === 'error' && <div className="row-error tone-text-error">{e.error}</div>}
        {e.error && tone !== 'error' && <span className="visually-hidden">: {e.error}</span>}
      </td>
      <td className="nowrap">{KIND_LABEL[e.fileKind]}</td>
      <td>
        <StatusBadge protocol={e.protocol} status={e.status} tone={tone} detail={tone === 'error' ? undefined : e.error} />
      </td>
      <td className="num nowrap">{transferText(e)}</td>
      <td className="num">{formatDuration(e.durationMs)}</td>
      <td>{e.source ?? <span className="muted">—</span>}</td>
    </tr>
  );
}

/**
 * The timeline table. Errors are written under the file; for expected misses (amber) the engine's
 * explanation is in the badge's tooltip, to keep the table compact. Rows that arrive after the first render are highlighted briefly, and the
 * page follows new rows while it is scrolled to the bottom.
 * @param props.rows requests, oldest first
 * @param props.scroller the scrolling element to follow (the main area)
 */
export function TimelineTable({ rows, scroller }: { rows: RequestEvent[]; scroller: HTMLElement | null }) {
  const firstMaxId = useRef<number | undefined>(undefined);
  const lastCount = useRef(0);
  if (firstMaxId.current === undefined && rows.length > 0) firstMaxId.current = rows[rows.length - 1]!.id;

  useLayoutEffect(() => {
    const grew = rows.length > lastCount.current && lastCount.current > 0;
    lastCount.current = rows.length;
    if (!grew || !scroller) return;
    const lastRow = scroller.querySelector('.timeline-table tbody tr:last-child') as HTMLElement | null;
    const rowH = lastRow?.offsetHeight ?? 40;
    const distance = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight;
    if (distance < rowH * 3 + 60) scroller.scrollTop = scroller.scrollHeight;
  }, [rows.length, scroller]);

  return (
    <div className="table-wrap">
      <table className="data-table timeline-table">
        <caption className="visually-hidden">Requests from this phone, oldest first; new requests are added at the bottom.</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Proto</th>
            <th scope="col">Method</th>
            <th scope="col">File</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Bytes</th>
            <th scope="col" className="num">ms</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody aria-live="polite" aria-relevant="additions">
          {rows.map((e) => (
            <Row key={e.id} e={e} fresh={firstMaxId.current !== undefined && e.id > firstMaxId.current} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
