/**
 * Wizard step 6 — watch: contact → config fetched → firmware (bytes, ETA) → reboot → done, against
 * the twenty-minute budget of the MegaPath IP650/IP670 Enrollment Guide; past it, the guide's
 * troubleshooting checklist and the support summary. "Done" only on evidence: the phone's requests
 * at ProvKit. On a provider's server ProvKit sees nothing: the state says "not verified", the
 * technician looks at the phone and may say it works, which is shown as theirs, never as "Done".
 */
import { useEffect } from 'react';
import { TROUBLESHOOTING, WHILE_WAITING } from '../../../../shared/enroll/seed-steps';
import { formatBytes, formatClock } from '../../format';
import { serverEntry } from '../../enroll/target';
import { useWatch } from '../../enroll/use-watch';
import type { WatchStageState, WatchStatus } from '../../enroll/watch';
import { useApp } from '../../store/context';
import { useNow } from '../../use-now';
import { Checklist } from './Checklist';
import { HttpsWatchNote } from './HttpsFirst';
import { ProviderCheck } from './ProviderCheck';
import { SupportSummary } from './SupportSummary';
import type { StepProps } from './Wizard';

const ICON: Record<WatchStageState, string> = { done: '✓', active: '…', waiting: '·', skipped: '–', failed: '✕', unverified: '?' };
const WORD: Record<WatchStageState, string> = { done: 'done', active: 'now', waiting: 'not yet', skipped: 'not needed', failed: 'failed', unverified: 'not verified' };

/** "6 min 12 s". */
export function minSec(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

function Stages({ watch }: { watch: WatchStatus }) {
  return (
    <ol className={`watch-stages${watch.stages.length === 6 ? ' watch-stages-6' : ''}`} aria-label="Enrollment progress">
      {watch.stages.map((s) => (
        <li key={s.id} className={`watch-stage ws-${s.state}`}>
          <span className="watch-icon" aria-hidden="true">
            {ICON[s.state]}
          </span>
          <span className="watch-body">
            <span className="watch-label">
              {s.label}
              <span className="visually-hidden">: {WORD[s.state]}</span>
              {s.at !== undefined && <span className="watch-at"> {formatClock(s.at).slice(0, 8)}</span>}
            </span>
            <span className="watch-detail">{s.detail}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

function Firmware({ watch }: { watch: WatchStatus }) {
  const f = watch.firmware;
  if (!f) return null;
  if (f.finished) return <p className="watch-fw">Firmware {f.file}: {formatBytes(f.bytes)}{f.rate ? ` at ${formatBytes(f.rate)}/s` : ''}.</p>;
  if (f.estimated && !f.rate) {
    return (
      <p className="watch-fw">
        Firmware {f.file}: {f.total !== undefined ? `${formatBytes(f.total)} to download` : 'size unknown'} — no transfer rate measured for this phone yet, so no estimate.
      </p>
    );
  }
  return (
    <div className="watch-fw">
      <label htmlFor="watch-fw-bar">
        Firmware {f.file}: {formatBytes(f.bytes)}
        {f.total !== undefined ? ` of ${formatBytes(f.total)}` : ''}
        {f.rate ? ` at ${formatBytes(f.rate)}/s` : ''}
        {f.etaMs !== undefined ? (f.etaMs > 0 ? ` — about ${minSec(f.etaMs)} left` : ' — finishing, about 0 s left') : ''}
        {f.estimated ? ' (estimated from this phone’s earlier downloads)' : ''}
      </label>
      {f.total !== undefined && <progress id="watch-fw-bar" max={f.total} value={f.bytes} />}
    </div>
  );
}

/** The watch step. */
export function WatchStep({ e, update }: StepProps) {
  const servers = useApp('servers', (s) => s.byKind);
  const entry = serverEntry(e.target, servers);
  const watch = useWatch(e, entry);
  const now = useNow(1000);
  useEffect(() => {
    if (watch?.done && e.doneAt === undefined) update({ doneAt: watch.doneAt ?? Date.now() });
  }, [watch?.done]); // once, when the watch sees the phone done
  if (e.watchStartedAt === undefined) return <p>The watch starts when the phone is told to restart (Enter settings step).</p>;
  const elapsed = watch?.elapsedMs ?? Math.max(0, (e.doneAt ?? now) - e.watchStartedAt);
  const budget = 20 * 60_000;
  const watchable = entry?.watchable ?? false;
  const verified = !watchable && e.verification?.outcome === 'verified' && e.verification.at >= e.watchStartedAt;
  const done = (watchable && e.doneAt !== undefined) || verified;
  const seenWorking = !watchable && !verified && (e.seenWorkingAt !== undefined || e.doneAt !== undefined);
  const over = !done && !seenWorking && elapsed > budget;
  const restart = (): void => update({ watchStartedAt: Date.now(), doneAt: undefined, seenWorkingAt: undefined });
  const auto = e.automatic?.outcome === 'restarted' && e.automatic.at >= e.watchStartedAt - 1000 ? e.automatic : undefined;
  return (
    <div className="wiz-watch">
      {auto && (
        <p className="watch-restarted">
          The phone accepted the change, read back <span className="mono">{auto.readBack}</span> and accepted the reboot.
        </p>
      )}
      {!watchable && <ProviderCheck e={e} />}
      {done ? (
        watchable && <p className="watch-done" role="status">
          {watch?.https
            ? `✓ Done — the phone came back over HTTPS ${minSec(e.doneAt! - e.watchStartedAt)} after the restart.`
            : `✓ Done — the phone fetched its configuration from ProvKit ${minSec(e.doneAt! - e.watchStartedAt)} after the restart.`}
        </p>
      ) : seenWorking ? (
        <p className="watch-seen" role="status">
          You saw the phone working {minSec((e.seenWorkingAt ?? e.doneAt!) - e.watchStartedAt)} after the restart. Not verified by ProvKit: it cannot see requests to a provider’s server.
        </p>
      ) : (
        <div className={`watch-budget${over ? ' watch-over' : ''}`}>
          <label htmlFor="watch-budget-bar">
            {over ? 'Over twenty minutes: time to troubleshoot' : `${minSec(elapsed)} of up to 20 min`}
          </label>
          <progress id="watch-budget-bar" max={budget} value={Math.min(elapsed, budget)} />
          <p className="hint">{WHILE_WAITING}</p>
        </div>
      )}
      {watch ? (
        <>
          <Stages watch={watch} />
          <HttpsWatchNote watch={watch} />
          <Firmware watch={watch} />
          {watch.problems.length > 0 && (
            <div className="watch-problems" role="alert">
              <p>The phone ran into:</p>
              <ul>
                {watch.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      ) : (
        entry && (
          <p className="watch-blind">
            Not verified: look at the phone. ProvKit cannot see requests to {entry.typeLabel} {entry.address}: watch the phone itself. It restarts, may reboot several times and then shows its extension.
          </p>
        )
      )}
      <div className="form-actions">
        {!seenWorking && !watchable && (
          <button type="button" className="btn btn-primary" onClick={() => update({ seenWorkingAt: Date.now() })}>
            The phone works (it shows its extension)
          </button>
        )}
        {(done || seenWorking) && (
          <button type="button" className="btn" onClick={() => update({ doneAt: undefined, seenWorkingAt: undefined, verification: undefined })}>
            Not done after all
          </button>
        )}
        <button type="button" className="btn" onClick={restart}>
          The phone restarted again — restart the clock
        </button>
        <button type="button" className="btn" onClick={() => update({ step: 'keys', watchStartedAt: undefined, doneAt: undefined })}>
          ← Back to the steps
        </button>
      </div>
      <details className="watch-help" open={over}>
        <summary>Troubleshooting and support summary</summary>
        <h4 className="wiz-sub">Troubleshooting (MegaPath IP650/IP670 Enrollment Guide)</h4>
        <Checklist steps={TROUBLESHOOTING} ticked={e.ticks} onToggle={(tid, on) => update({ ticks: on ? [...e.ticks, tid] : e.ticks.filter((x) => x !== tid) })} label="Troubleshooting" />
        <SupportSummary e={e} entry={entry} watch={watch} update={update} />
      </details>
      {watch && watch.lines.length > 0 && (
        <details className="watch-lines">
          <summary>Every request since the restart ({watch.lines.length})</summary>
          <ol>
            {watch.lines.map((l, i) => (
              <li key={i} className={`tone-text-${l.tone}`}>
                <span className="mono">{formatClock(l.time)}</span> {l.text}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
