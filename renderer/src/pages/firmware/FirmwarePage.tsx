/**
 * Firmware page: the repository (versions per model, sizes, checksums), the bench
 * upgrade queue with a progress bar per phone (bytes, ETA, step), overall progress, filters, and
 * the finished-run report exportable as CSV; phones are added from those ProvKit has seen
 * (SeenPicker) or CSV lines, driven by hand or through their web UI; power control (PowerPanel).
 */
import { useMemo, useState } from 'react';
import type { QueuePhone, QueueSettings, QueueState } from '../../../../shared/firmware-dto';
import { findPolycomModelByPart } from '../../../../shared/models';
import { formatBytes } from '../../format';
import { useApp, useStores } from '../../store/context';
import { HttpsAfterSetting, HttpsBadge } from './HttpsAfter';
import { PhoneHistory } from './PhoneHistory';
import { PowerPanel } from './PowerPanel';
import { PausedLine, QueueSteering } from './QueueSteering';
import { SeenPicker } from './SeenPicker';
import './firmware.css';

const STEP_LABEL: Record<QueueState, string> = {
  queued: 'Queued', pointing: 'Pointing at the bench', rebooting: 'Rebooting', downloading: 'Downloading', flashing: 'Flashing',
  verifying: 'Verifying', 'power-cycling': 'Power-cycling', 'waiting-retry': 'Waiting to retry', held: 'Held (paused)', done: 'Done', failed: 'Failed', cancelled: 'Cancelled',
};
type Filter = 'all' | 'active' | 'done' | 'failed';

/** `1 h 5 min`, `12 min`, `45 s` for a duration in ms. */
function span(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function eta(p: QueuePhone): string {
  if (p.state !== 'downloading' || !p.rate || !p.size) return '';
  return `ETA ${span(((p.size - p.bytes) / p.rate) * 1000)}`;
}

function Repository() {
  const repo = useApp('firmware', (s) => s.repo);
  const last = useApp('firmware', (s) => s.lastImport);
  const upload = useApp('firmware', (s) => s.upload);
  const stores = useStores();
  const [path, setPath] = useState('');
  return (
    <section className="fw-section" aria-labelledby="fw-repo">
      <h2 id="fw-repo">Repository</h2>
      <form className="fw-import" onSubmit={(e) => (e.preventDefault(), void stores.firmware.getState().importPath(path))}>
        <label>
          Package (.zip) or folder on this computer <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/tech/UCS_5.9.6_split.zip" size={48} />
        </label>
        <button type="submit" disabled={!path}>Import</button>
      </form>
      <div className="fw-import">
        <label>
          Or pick a package{typeof window !== 'undefined' && window.provkit ? '' : ' (uploaded from this browser)'}{' '}
          <input type="file" accept=".zip,application/zip" aria-label="Firmware package file" disabled={Boolean(upload)} onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void stores.firmware.getState().importFile(f); }} />
        </label>
        {upload && (
          <span role="status">
            <progress max={upload.total || 1} value={upload.sent} aria-label="upload progress" /> Uploading {upload.name}: {formatBytes(upload.sent)} of {formatBytes(upload.total)}
            {upload.sent >= upload.total ? ' — importing (checksums)…' : ''}
          </span>
        )}
      </div>
      {last && (
        <p className="fw-note" role="status">
          Imported {last.imported.length} image(s) from {last.source}
          {last.unchanged.length ? `, ${last.unchanged.length} already there` : ''}
          {last.skipped.length ? `; skipped ${last.skipped.length}: ${last.skipped.map((s) => s.name).join(', ')}` : ''}
        </p>
      )}
      {!repo?.images.length ? (
        <p className="fw-empty">No firmware yet. Import a Polycom split or combined package; phones then get it at the names the master configuration gives (<code>&lt;part&gt;.sip.ld</code>, <code>sip.ld</code>).</p>
      ) : (
        <table className="fw-table">
          <thead>
            <tr><th>Model</th><th>Part number</th><th>Kind</th><th>Version</th><th className="num">Size</th><th>SHA-256</th><th>Served</th><th /></tr>
          </thead>
          <tbody>
            {repo.images.map((i) => (
              <tr key={i.file}>
                <td>{i.part ? (findPolycomModelByPart(i.part)?.displayName ?? i.part) : 'All models (combined)'}</td>
                <td>{i.part ?? '—'}</td>
                <td>{i.kind === 'bootrom' ? 'BootROM/Updater' : 'Application'}</td>
                <td>{i.version}</td>
                <td className="num">{formatBytes(i.size)}</td>
                <td><code title={i.sha256}>{i.sha256.slice(0, 16)}…</code></td>
                <td>
                  {repo.active[i.name] === i.version ? `yes, as ${i.name}` : (
                    <button type="button" onClick={() => void stores.firmware.getState().serve(i.name, i.version)}>Serve this version</button>
                  )}
                </td>
                <td>
                  <button type="button" onClick={() => window.confirm(`Delete version ${i.version} (every image of it) from the repository?`) && void stores.firmware.getState().deleteVersion(i.version, i.kind)}>Delete version</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PhoneRow({ p }: { p: QueuePhone }) {
  const stores = useStores();
  const [open, setOpen] = useState(false);
  const pct = p.state === 'done' ? 100 : p.size ? Math.min(100, Math.round((p.bytes / p.size) * 100)) : 0;
  const last = p.history[p.history.length - 1];
  const finished = ['done', 'failed', 'cancelled'].includes(p.state);
  const fw = () => stores.firmware.getState();
  return (
    <>
      <tr className={`fw-row fw-${p.state}`}>
        <td>
          <button type="button" className="fw-open" aria-expanded={open} aria-label={`History of ${p.mac}`} onClick={() => setOpen(!open)}>{open ? '▾' : '▸'}</button>{' '}
          <code>{p.mac}</code><br /><small>{p.model}{p.outlet !== undefined ? ` · outlet ${p.outlet}` : ''}{p.control ? ` · ${p.control === 'web' ? 'web UI' : 'by hand'}` : ''}{p.host ? ` · ${p.host}` : ''}</small>
        </td>
        <td>{p.from} → {p.steps.map((s) => s.version).join(' → ') || p.to}</td>
        <td>
          <span className={`fw-badge fw-badge-${p.state}`}>{STEP_LABEL[p.state]}</span>
          {p.steps.length > 1 && <small> step {Math.min(p.stepIndex + 1, p.steps.length)}/{p.steps.length}</small>}
          {p.attempt > 1 && <small> · attempt {p.attempt}</small>}
          <HttpsBadge p={p} />
        </td>
        <td className="fw-progress-cell">{/* bytes, rate and ETA while downloading */}
          <progress max={100} value={pct} aria-label={`${p.mac} download progress`} />
          <small>{p.size ? `${formatBytes(p.bytes)} of ${formatBytes(p.size)}` : ''} {p.rate && p.state === 'downloading' ? `· ${formatBytes(p.rate)}/s` : ''} {eta(p)}</small>
        </td>
        <td className="fw-note-cell">
          {p.state === 'failed' || p.state === 'cancelled' ? <strong>{p.reason}</strong> : last?.note}
          {(p.attempts?.length ?? 0) > 1 && <small> ({p.attempts!.length} attempts — open the history for every cause)</small>}
          <span className="fw-row-actions">
            {(p.state === 'failed' || p.state === 'cancelled') && <button type="button" onClick={() => void fw().retry(p.mac)}>Retry</button>}
            {!finished && <button type="button" onClick={() => void fw().cancel(p.mac)}>Cancel</button>}
            <button type="button" onClick={() => void fw().remove(p.mac)}>Remove</button>
          </span>
        </td>
      </tr>
      {open && (
        <tr className="fw-history-row"><td colSpan={5}><PhoneHistory p={p} /></td></tr>
      )}
    </>
  );
}

function Queue() {
  const queue = useApp('firmware', (s) => s.queue);
  const refused = useApp('firmware', (s) => s.refused);
  const reportPath = useApp('firmware', (s) => s.reportPath);
  const stores = useStores();
  const [filter, setFilter] = useState<Filter>('all');
  const [csv, setCsv] = useState('');
  const [bad, setBad] = useState<string[]>([]);
  const phones = useMemo(() => queue?.phones ?? [], [queue]);
  const shown = phones.filter((p) => filter === 'all' || (filter === 'active' ? !['done', 'failed', 'cancelled'].includes(p.state) : p.state === filter));
  const count = (s: QueueState[]) => phones.filter((p) => s.includes(p.state)).length;
  const finished = count(['done', 'failed', 'cancelled']);
  const exportCsv = async () => {
    const text = await stores.firmware.getState().reportCsv();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    a.download = 'firmware-bench-run.csv';
    a.click();
  };
  if (!queue) return null;
  return (
    <section className="fw-section" aria-labelledby="fw-queue">
      <h2 id="fw-queue">Upgrade queue</h2>
      <div className="fw-overall">
        <progress max={phones.length || 1} value={finished} aria-label="overall progress" />
        <span>{finished} of {phones.length} finished — {count(['done'])} done, {count(['failed'])} failed, {phones.length - finished - count(['queued'])} running, {count(['queued'])} waiting</span>
        <button type="button" onClick={() => void stores.firmware.getState().setPaused(!queue.paused)}>{queue.paused ? 'Resume' : 'Pause'}</button>
        <button type="button" onClick={() => void exportCsv()} disabled={!phones.length}>Export report (CSV)</button>
        <button type="button" onClick={() => void stores.firmware.getState().writeReport()} disabled={!phones.length}>Write report now</button>
        <button type="button" onClick={() => void stores.firmware.getState().clear()} disabled={!finished}>Clear finished</button>
      </div>
      <div className="fw-actions" role="group" aria-label="How phones are driven">
        <label>
          Point and reboot phones{' '}
          <select value={queue.settings.controller} onChange={(e) => void stores.firmware.getState().configure({ controller: e.target.value as QueueSettings['controller'] })}>
            <option value="manual">by hand (the technician)</option>
            <option value="web">through each phone’s web UI</option>
          </select>
        </label>
        {queue.settings.controller === 'web' && (
          <label>Admin-password site <input defaultValue={queue.settings.site} placeholder="default" onBlur={(e) => void stores.firmware.getState().configure({ site: e.target.value.trim() })} /></label>
        )}
        <label>Bench server URL <input defaultValue={queue.settings.serverUrl} size={32} placeholder="http://10.0.0.5/" onBlur={(e) => void stores.firmware.getState().configure({ serverUrl: e.target.value })} /></label>
        <HttpsAfterSetting on={queue.settings.httpsAfter ?? false} />
      </div>
      <PausedLine queue={queue} />
      {reportPath && <p className="fw-note" role="status">Report written: <code>{reportPath}</code> (and the CSV next to it)</p>}
      <QueueSteering queue={queue} />
      <p className="fw-note">
        {queue.controller === 'manual' ? 'Phones are pointed by hand: set each phone’s provisioning server to ' : queue.controller === 'web' ? 'ProvKit logs in to each phone’s web UI (Phones › Admin passwords) and points it at ' : 'Phones are pointed automatically at '}
        <code>{queue.settings.serverUrl || '(set the bench server URL below)'}</code>, {queue.settings.concurrency} at a time; a phone waits up to {span(queue.settings.stepTimeoutMs)} per step
        {queue.power ? ', then its outlet is power-cycled' : ''}; {queue.settings.retries} retries.
      </p>
      <SeenPicker />
      <details className="fw-add">
        <summary>Add phones by CSV lines</summary>
        <label>
          One phone a line: <code>mac,model,current version[,outlet[,target]]</code>
          <textarea rows={4} value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={'0004f2aabbcc,VVX400,5.4.3.2036,1\n64167f001122,SPIP650,3.2.7,2'} />
        </label>
        <button type="button" onClick={async () => setBad(await stores.firmware.getState().addCsv(csv))}>Add to queue</button>
      </details>
      {bad.map((b) => <p key={b} className="fw-error">{b}</p>)}
      {refused.map((r) => (
        <p key={r.mac} className="fw-error">
          {r.mac}: {r.reason}{' '}
          {r.confirm && <button type="button" onClick={() => void stores.firmware.getState().confirmDowngrade(r.mac)}>Confirm downgrade of {r.mac}</button>}
        </p>
      ))}
      <div className="fw-filters" role="group" aria-label="Filter phones">
        {(['all', 'active', 'done', 'failed'] as Filter[]).map((f) => (
          <button key={f} type="button" aria-pressed={filter === f} onClick={() => setFilter(f)}>{f[0]!.toUpperCase() + f.slice(1)}</button>
        ))}
      </div>
      <table className="fw-table fw-queue">
        <thead><tr><th>Phone</th><th>Versions</th><th>Step</th><th>Download</th><th>Last event</th></tr></thead>
        <tbody>{shown.map((p) => <PhoneRow key={p.mac} p={p} />)}</tbody>
      </table>
      {!phones.length && <p className="fw-empty">No phones queued. Add phones above (or from a CSV) to start a bench run.</p>}
    </section>
  );
}

/** The Firmware page. */
export function FirmwarePage() {
  const error = useApp('firmware', (s) => s.error);
  return (
    <div className="page fw-page">
      <h1>Firmware</h1>
      {error && <p className="fw-error" role="alert">{error.message}</p>}
      <Repository />
      <Queue />
      <PowerPanel />
    </div>
  );
}
