/**
 * Add phones to enroll: MACs typed or pasted one per line (with an optional label and model), or a
 * CSV file (Genesys CIC guide's phone lists); unusable rows are listed by line number with the reason.
 * New phones start at the wizard's first step and take the selected phone's target, if any.
 */
import { useId, useMemo, useState } from 'react';
import type { Enrollment } from '../../../../shared/api-enroll';
import { formatMac } from '../../../../shared/mac';
import { parseMacList } from '../../enroll/mac-list';
import { useApp, useStores } from '../../store/context';

/**
 * The add-phones form.
 * @param props.onAdded called after phones were added
 * @param props.first true when the list is empty (explains the page)
 */
export function AddPhones({ onAdded, first }: { onAdded: () => void; first: boolean }) {
  const stores = useStores();
  const byMac = useApp('enroll', (s) => s.byMac);
  const selected = useApp('enroll', (s) => s.selected);
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string | undefined>();
  const id = useId();
  const report = useMemo(() => parseMacList(text), [text]);
  const fresh = report.phones.filter((p) => !byMac[p.mac]);
  const target = selected ? byMac[selected]?.target : undefined;
  const httpsFirst = selected ? byMac[selected]?.httpsFirst : undefined;

  const load = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    if (file.size > 2 * 1024 * 1024) return setFileError(`${file.name} is ${Math.round(file.size / 1024)} KiB: a phone list is far smaller. Pick the CSV of MACs.`);
    setFileError(undefined);
    setText(await file.text());
  };
  const add = async (): Promise<void> => {
    const list: Enrollment[] = fresh.map((p) => ({
      mac: p.mac,
      vendor: 'polycom',
      step: 'target',
      ticks: [],
      ...(p.label ? { label: p.label } : {}),
      ...(p.model ? { model: p.model } : {}),
      ...(target ? { target, step: 'identify' as const, ...(httpsFirst ? { httpsFirst } : {}) } : {}),
    }));
    const saved = await stores.enroll.getState().add(list);
    if (saved.length) {
      if (saved.length === 1 || !selected) stores.enroll.getState().select(saved[0]!.mac);
      setText('');
      onAdded();
    }
  };
  return (
    <section className="add-phones" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {first ? 'Which phones are you enrolling?' : 'Add phones'}
      </h2>
      <div className="field">
        <label htmlFor={`${id}-list`}>MAC addresses — one per line, any notation; a label and model may follow. Or a CSV with a “MAC” or “Address” column.</label>
        <textarea
          id={`${id}-list`}
          className="mono"
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={'00:04:f2:ab:cd:ef  Reception SPIP650\n0004.f2ab.cdf0  Back office'}
          spellCheck={false}
        />
      </div>
      <div className="form-actions">
        <label className="btn btn-file">
          Load a CSV file…
          <input type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void load(e.target.files?.[0])} />
        </label>
        <button type="button" className="btn btn-primary" disabled={fresh.length === 0} onClick={() => void add()}>
          {fresh.length === 1 ? `Enroll ${formatMac(fresh[0]!.mac)}` : `Enroll ${fresh.length} phones`}
        </button>
        {target && <span className="hint">They get the same target as {formatMac(selected!)}.</span>}
      </div>
      {fileError && (
        <p className="hint hint-error" role="alert">
          {fileError}
        </p>
      )}
      {text.trim() !== '' && (
        <div className="add-report" aria-live="polite">
          <p>
            {report.phones.length} phone{report.phones.length === 1 ? '' : 's'} read
            {report.phones.length !== fresh.length ? `, ${report.phones.length - fresh.length} already in the list` : ''}
            {report.rejected.length ? `, ${report.rejected.length} line${report.rejected.length === 1 ? '' : 's'} not usable:` : '.'}
          </p>
          {report.rejected.length > 0 && (
            <ul className="add-rejected">
              {report.rejected.map((r) => (
                <li key={`${r.line}-${r.text}`}>
                  Line {r.line}: <code>{r.text}</code> — {r.reason}
                </li>
              ))}
            </ul>
          )}
          {report.phones.some((p) => p.warnings.length) && (
            <ul className="add-warnings">
              {report.phones
                .filter((p) => p.warnings.length)
                .map((p) => (
                  <li key={p.mac}>
                    Line {p.line}: {p.warnings.join(' ')}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
