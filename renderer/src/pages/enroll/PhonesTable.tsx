/**
 * The table of phones being enrolled and where each one is: wizard step, or the watch's stage with
 * elapsed time against the twenty-minute budget; "Done" only on evidence (see ../../enroll/flow.ts).
 */
import { useEffect, useState } from 'react';
import type { EnrollmentView } from '../../../../shared/api-enroll';
import { formatMac } from '../../../../shared/mac';
import { statusLine } from '../../enroll/flow';
import { serverEntry } from '../../enroll/target';
import { useWatch } from '../../enroll/use-watch';
import { useApp, useStores } from '../../store/context';

function Row({ e, selected }: { e: EnrollmentView; selected: boolean }) {
  const stores = useStores();
  const servers = useApp('servers', (s) => s.byKind);
  const entry = serverEntry(e.target, servers);
  const watch = useWatch(e, entry);
  const status = statusLine(e, watch, entry?.watchable ?? false);
  // The watch's evidence is saved as soon as any view sees it, not only when the wizard is open.
  useEffect(() => {
    if (entry?.watchable && watch?.done && e.doneAt === undefined) stores.enroll.getState().update(e.mac, { doneAt: watch.doneAt ?? Date.now() });
  }, [watch?.done]);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr className={selected ? 'row-selected' : undefined} aria-selected={selected}>
      <td>
        <button type="button" className="linklike mono" onClick={() => stores.enroll.getState().select(e.mac)} aria-label={`Open the wizard of ${formatMac(e.mac)}`}>
          {formatMac(e.mac)}
        </button>
      </td>
      <td>{e.label ?? ''}</td>
      <td>{e.model ?? '—'}</td>
      <td>
        <span className={`enroll-status enroll-status-${status.tone}`}>{status.text}</span>
      </td>
      <td className="nowrap">
        {confirming ? (
          <>
            <button type="button" className="btn btn-small" onClick={() => void stores.enroll.getState().remove(e.mac)}>
              Remove {formatMac(e.mac)}
            </button>{' '}
            <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-small" onClick={() => setConfirming(true)} aria-label={`Remove ${formatMac(e.mac)} from the list`}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

/** The table. */
export function PhonesTable() {
  const order = useApp('enroll', (s) => s.order);
  const byMac = useApp('enroll', (s) => s.byMac);
  const selected = useApp('enroll', (s) => s.selected);
  const list = order.map((m) => byMac[m]).filter((e): e is EnrollmentView => Boolean(e));
  const done = list.filter((e) => (e.target?.kind === 'provkit' ? e.doneAt !== undefined : e.verification?.outcome === 'verified')).length;
  return (
    <section aria-labelledby="enroll-table-title">
      <h2 id="enroll-table-title" className="section-title">
        Phones <span className="muted">({list.length}, {done} verified done)</span>
      </h2>
      <div className="table-wrap">
        <table className="data-table enroll-table">
          <thead>
            <tr>
              <th scope="col">MAC</th>
              <th scope="col">Label</th>
              <th scope="col">Model</th>
              <th scope="col">Where it is</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <Row key={e.mac} e={e} selected={e.mac === selected} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
