/**
 * How an action on a phone is going: a state badge (icon + word, never colour alone), the current
 * step with a progress bar, and at the end what was verified or the error with its fix.
 */
import type { PhoneActionProgress } from '../../../shared/api-phones';
import { formatMac } from '../../../shared/mac';
import { formatDateTime } from '../format';

const STATE: Record<PhoneActionProgress['state'], { icon: string; text: string; tone: string }> = {
  queued: { icon: '…', text: 'Queued', tone: 'idle' },
  running: { icon: '↻', text: 'Working', tone: 'warn' },
  waiting: { icon: '⏳', text: 'Waiting', tone: 'warn' },
  ok: { icon: '✓', text: 'Verified', tone: 'ok' },
  failed: { icon: '✕', text: 'Failed', tone: 'error' },
};

/** Names of the actions for people. */
export const ACTION_LABEL: Record<PhoneActionProgress['action'], string> = {
  info: 'Read info',
  setBootServer: 'Set boot server',
  reboot: 'Reboot',
  restart: 'Restart',
  factoryReset: 'Factory reset',
  checkSync: 'Check-sync',
};

/** A state badge. */
export function ActionBadge({ state }: { state: PhoneActionProgress['state'] }) {
  const s = STATE[state];
  return (
    <span className={`badge badge-${s.tone === 'idle' ? 'idle' : s.tone}`}>
      <span aria-hidden="true" className="badge-icon">
        {s.icon}
      </span>
      <span className="badge-text">{s.text}</span>
    </span>
  );
}

/**
 * The step / outcome of a row.
 * @param props.row the row
 * @param props.full show every verified fact (phone page) rather than the last one (batch table)
 */
export function ActionDetail({ row, full = false }: { row: PhoneActionProgress; full?: boolean }) {
  if (row.state === 'failed' && row.error) {
    return (
      <div className="action-error">
        <span className="tone-text-error">{row.error.message}</span> <code className="error-code">{row.error.code}</code>
        {row.error.fix && (
          <div className="action-fix">
            <strong>Fix: </strong>
            {row.error.fix}
          </div>
        )}
      </div>
    );
  }
  if (row.state === 'ok') {
    const facts = row.verified ?? [];
    if (!facts.length) return <span>done</span>;
    return full ? (
      <ul className="verified-list">
        {facts.map((f) => (
          <li key={f}>✓ {f}</li>
        ))}
      </ul>
    ) : (
      <span title={facts.join('\n')}>✓ {facts[facts.length - 1]}</span>
    );
  }
  return (
    <div className="action-step">
      <span>{row.step}</span>
      {row.percent !== undefined && row.state !== 'queued' && (
        <progress className="action-progress" max={100} value={row.percent} aria-label={`${row.target}: ${row.percent}%`} />
      )}
    </div>
  );
}

/**
 * Action rows as a table: per phone (batch) or per action (a phone's history).
 * @param props.rows the rows, in display order
 * @param props.first `phone` (target, model, MAC) or `action` (start time and action name)
 * @param props.caption accessible description of the table
 */
export function ActionTable({ rows, first, caption, className = '' }: { rows: PhoneActionProgress[]; first: 'phone' | 'action'; caption: string; className?: string }) {
  return (
    <div className="table-wrap">
      <table className={`data-table ${className}`}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first === 'phone' ? 'Phone' : 'Action'}</th>
            <th scope="col">State</th>
            <th scope="col">Step / outcome</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.actionId} className={`row-${r.state}`}>
              <td>
                {first === 'phone' ? (
                  <>
                    <span className="mono">{r.target}</span>
                    {(r.mac || r.model) && (
                      <div className="sub">
                        {r.model} {r.mac && <span className="mono">{formatMac(r.mac)}</span>}
                      </div>
                    )}
                  </>
                ) : (
                  <>
                    {ACTION_LABEL[r.action]}
                    <div className="sub">{formatDateTime(r.startedAt)}</div>
                  </>
                )}
              </td>
              <td>
                <ActionBadge state={r.state} />
              </td>
              <td>
                <ActionDetail row={r} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
