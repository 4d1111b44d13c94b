/**
 * A queue row's history: every attempt (step, version, times, outcome, the state it ended in and
 * its full cause) and every event line, oldest first.
 */
import type { QueuePhone } from '../../../../shared/firmware-dto';

const time = (at: number) => new Date(at).toLocaleTimeString();

/** The history panel of one phone (shown under its row). */
export function PhoneHistory({ p }: { p: QueuePhone }) {
  const attempts = p.attempts ?? [];
  return (
    <div className="fw-history" aria-label={`History of ${p.mac}`}>
      <h3>Attempts</h3>
      {!attempts.length ? (
        <p className="fw-empty">No attempt yet.</p>
      ) : (
        <table className="fw-table">
          <thead><tr><th>#</th><th>Step</th><th>Started</th><th>Ended</th><th>Outcome</th><th>Cause</th></tr></thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={`${a.step}-${a.n}`} className={`fw-attempt-${a.outcome}`}>
                <td>{a.n}</td>
                <td>{p.steps.length > 1 ? `${a.step + 1}/${p.steps.length}: ` : ''}{a.version}</td>
                <td>{time(a.startedAt)}</td>
                <td>{a.endedAt ? time(a.endedAt) : '…'}</td>
                <td>{a.outcome}{a.endState ? ` while ${a.endState}` : ''}</td>
                <td>{a.cause ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Events</h3>
      <ol className="fw-events">
        {p.history.map((h, i) => (
          <li key={i}><time>{time(h.at)}</time> <strong>{h.state}</strong> {h.note}</li>
        ))}
      </ol>
    </div>
  );
}
