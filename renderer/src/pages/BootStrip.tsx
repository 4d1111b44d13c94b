/**
 * The "how far did the phone get" strip above a phone's timeline.
 */
import type { RequestEvent } from '../../../shared/dto';
import { formatClock } from '../format';
import { bootStages, latestBootRows, type StageState } from '../timeline/boot-stages';

const STATE_WORD: Record<StageState, string> = { done: 'done', warn: 'with warnings', failed: 'failed', waiting: 'not yet' };
const STATE_ICON: Record<StageState, string> = { done: '✓', warn: '!', failed: '✕', waiting: '…' };

/**
 * Boot stages of the phone's latest boot.
 * @param props.rows the phone's timeline, oldest first
 */
export function BootStrip({ rows }: { rows: RequestEvent[] }) {
  const boot = latestBootRows(rows);
  const stages = bootStages(boot);
  const since = boot[0];
  return (
    <section className="boot-strip" aria-labelledby="boot-strip-title">
      <h2 id="boot-strip-title" className="strip-title">
        Boot progress{since && <span className="muted"> — latest boot, since {formatClock(since.time)}</span>}
      </h2>
      <ol className="stages">
        {stages.map((s) => (
          <li key={s.id} className={`stage stage-${s.state}`}>
            <span className="stage-icon" aria-hidden="true">
              {STATE_ICON[s.state]}
            </span>
            <span className="stage-body">
              <span className="stage-label">
                {s.label} <span className="visually-hidden">: {STATE_WORD[s.state]}</span>
              </span>
              <span className="stage-detail">{s.detail}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
