/**
 * CSV import: pick a file, see every row's fate before anything is written (accepted: new, update,
 * unchanged; rejected: file line and reason), fix a rejected cell in place and check again, then
 * import the accepted rows.
 */
import { useState } from 'react';
import type { CsvFormat, ImportFix, ImportReport } from '../../../shared/inventory-types';
import { formatMac } from '../../../shared/mac';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { ErrorBox } from '../components/ErrorBox';
import { useStores } from '../store/context';
import { Modal } from './Modal';

const FORMATS: Array<[CsvFormat | 'auto', string]> = [
  ['auto', 'Detect from the header'],
  ['cic-tmm', 'CIC TMM list (Name, Type, Manufacturer, Model, …)'],
  ['cic-template', 'CIC Template list (Name, Template, …)'],
  ['provkit', 'ProvKit format (mac, line1_extension, …)'],
  ['simple', 'mac,model,extension,name'],
];
const SHOWN = 200;

function Summary({ r }: { r: ImportReport }) {
  const n = (a: string) => r.accepted.filter((x) => x.action === a).length;
  return (
    <p className="import-summary" aria-live="polite">
      <strong>{r.accepted.length}</strong> row{r.accepted.length === 1 ? '' : 's'} accepted ({n('new')} new, {n('update')} updated, {n('same')} unchanged) ·{' '}
      <strong className={r.rejected.length ? 'tone-text-error' : ''}>{r.rejected.length}</strong> rejected · format <code>{r.format}</code>
    </p>
  );
}

/**
 * The import dialog.
 * @param props.onClose close the dialog
 */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const api = useStores().inventory.getState();
  const [text, setText] = useState<string>();
  const [fileName, setFileName] = useState('');
  const [format, setFormat] = useState<CsvFormat | 'auto'>('auto');
  const [report, setReport] = useState<ImportReport>();
  const [edits, setEdits] = useState<Record<number, string>>({});
  const [fixes, setFixes] = useState<ImportFix[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo>();

  const run = async (t: string, f: CsvFormat | 'auto', fx: ImportFix[], commit: boolean): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.call(commit ? 'commitImport' : 'previewImport', { text: t, format: f, fixes: fx });
      setReport(r);
      setFixes(fx);
    } catch (err) {
      setError(toErrorInfo(err));
      setReport(undefined);
    } finally {
      setBusy(false);
    }
  };
  const pick = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    const t = await file.text();
    setFileName(file.name);
    setText(t);
    setEdits({});
    await run(t, format, [], false);
  };
  const recheck = (): void => {
    if (!text || !report) return;
    const fresh: ImportFix[] = [];
    for (const r of report.rejected) {
      const v = edits[r.line];
      if (v !== undefined && r.column) fresh.push({ line: r.line, column: r.column, value: v });
    }
    const merged = [...fixes.filter((f) => !fresh.some((n) => n.line === f.line)), ...fresh];
    void run(text, format, merged, false);
  };
  const committed = report?.committed;
  const pendingEdits = Object.keys(edits).length > 0;

  return (
    <Modal
      title="Import phones from CSV"
      wide
      onClose={onClose}
      footer={
        committed ? (
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!report || !report.accepted.length || busy || pendingEdits}
              title={pendingEdits ? 'Check your corrections first' : undefined}
              onClick={() => text && void run(text, format, fixes, true)}
            >
              Import {report ? report.accepted.length : ''} phone{report?.accepted.length === 1 ? '' : 's'}
            </button>
          </>
        )
      }
    >
      {!committed && (
        <div className="form-row">
          <label>
            CSV file{' '}
            <input type="file" accept=".csv,.txt,text/csv" aria-label="CSV file" onChange={(e) => void pick(e.target.files?.[0])} />
          </label>
          <label>
            Format{' '}
            <select
              value={format}
              onChange={(e) => {
                const f = e.target.value as CsvFormat | 'auto';
                setFormat(f);
                if (text) void run(text, f, fixes, false);
              }}
            >
              {FORMATS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          {busy && <span className="muted">Checking…</span>}
        </div>
      )}
      {!text && <p className="muted">Nothing is written until you press Import: every row is checked first. Rows are merged into phones already in the inventory (same MAC).</p>}
      {error && <ErrorBox error={error} title={`${fileName} cannot be imported`} />}
      {report && (
        <>
          {committed && <p className="import-done">Imported from {fileName}. Rejected rows were not imported.</p>}
          <Summary r={report} />
          {report.warnings.map((w) => (
            <p key={w} className="muted">
              Note: {w}
            </p>
          ))}
          {report.rejected.length > 0 && (
            <>
              <h3>Rejected rows</h3>
              {!committed && <p className="muted">Correct a cell and press “Check again”, or fix the file and pick it again.</p>}
              <table className="data-table import-rejected">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Why</th>
                    <th scope="col">Correction</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.map((r) => (
                    <tr key={r.line} className="row-error">
                      <td className="num">{r.line}</td>
                      <td>
                        {r.reason}
                        {r.cells?.Name || r.cells?.name ? <div className="sub">{r.cells.Name ?? r.cells.name}</div> : null}
                      </td>
                      <td>
                        {r.column && !committed ? (
                          <label className="fix-cell">
                            <span className="sub">{r.column}</span>
                            <input
                              type="text"
                              aria-label={`${r.column} on line ${r.line}`}
                              defaultValue={r.cells?.[r.column] ?? ''}
                              onChange={(e) => setEdits((x) => ({ ...x, [r.line]: e.target.value }))}
                            />
                          </label>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {!committed && (
                <button type="button" className="btn" disabled={!pendingEdits || busy} onClick={() => (setEdits({}), recheck())}>
                  Check again
                </button>
              )}
            </>
          )}
          {report.accepted.length > 0 && (
            <>
              <h3>Accepted rows</h3>
              <table className="data-table import-accepted">
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">MAC</th>
                    <th scope="col">Phone</th>
                    <th scope="col">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {report.accepted.slice(0, SHOWN).map((a) => (
                    <tr key={a.line}>
                      <td className="num">{a.line}</td>
                      <td className="mono">{formatMac(a.mac)}</td>
                      <td>
                        {[a.label, a.model, a.extension && `ext ${a.extension}`].filter(Boolean).join(' · ')}
                        {a.warnings?.map((w) => (
                          <div key={w} className="sub warn-count">
                            {w}
                          </div>
                        ))}
                      </td>
                      <td>
                        {a.action === 'update' ? `update: ${a.changes?.join(', ')}` : a.action === 'same' ? 'unchanged' : 'new'}
                        {fixes.some((f) => f.line === a.line) && <div className="sub ok-count">corrected here</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {report.accepted.length > SHOWN && <p className="muted">… and {report.accepted.length - SHOWN} more.</p>}
            </>
          )}
        </>
      )}
    </Modal>
  );
}
