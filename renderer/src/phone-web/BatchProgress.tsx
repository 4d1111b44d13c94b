/**
 * A batch's progress and outcome: the summary (verified / failed / working / queued), one row per
 * phone with its step or result and the fix for failures, and "Retry failed".
 */
import { useMemo } from 'react';
import { useApp, useStores } from '../store/context';
import { ACTION_LABEL, ActionTable } from './ActionState';

/** Seconds between two times, for the summary. */
function duration(from: number, to: number): string {
  const s = Math.max(0, Math.round((to - from) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The panel (nothing when no batch is shown). */
export function BatchProgress() {
  const stores = useStores();
  const batch = useApp('phoneWeb', (s) => s.batch);
  const rowsById = useApp('phoneWeb', (s) => s.rows);
  const rows = useMemo(() => (batch ? stores.phoneWeb.getState().batchRows() : []), [batch, rowsById, stores]);
  if (!batch) return null;
  const done = batch.state === 'done';
  const working = batch.running;
  return (
    <section className={`batch-progress ${done ? (batch.failed ? 'has-failed' : 'all-ok') : ''}`} aria-labelledby="batch-title">
      <div className="section-head">
        <h2 id="batch-title" className="section-title">
          {ACTION_LABEL[batch.action]}: {batch.total} phone(s) — {done ? 'finished' : 'running'}
        </h2>
        <div className="spacer" />
        {done && batch.failed > 0 && (
          <button type="button" className="btn btn-primary" onClick={() => void stores.phoneWeb.getState().retryBatch()}>
            Retry {batch.failed} failed
          </button>
        )}
        {done && (
          <button type="button" className="btn" onClick={() => stores.phoneWeb.getState().dismissBatch()}>
            Close
          </button>
        )}
      </div>
      <p className="batch-summary" role="status" aria-live="polite">
        <span className="ok-count">✓ {batch.ok} verified</span> · <span className={batch.failed ? 'err-count' : 'muted'}>✕ {batch.failed} failed</span> · <span className="muted">{working} working · {batch.queued} queued</span>
        {done && batch.endedAt !== undefined && <span className="muted"> · took {duration(batch.startedAt, batch.endedAt)}</span>}
      </p>
      <progress className="batch-bar-progress" max={batch.total} value={batch.ok + batch.failed} aria-label={`${batch.ok + batch.failed} of ${batch.total} phones done`} />
      <ActionTable rows={rows} first="phone" caption="One row per phone of the batch" className="batch-table" />
    </section>
  );
}
