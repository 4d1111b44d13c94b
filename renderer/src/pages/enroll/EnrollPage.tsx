/**
 * Enroll: the phones being enrolled, where each one is, and the wizard of the selected phone.
 * Follows the MegaPath IP650/IP670 Enrollment Guide; its state lives in the
 * engine, so closing the app mid-enrollment resumes here.
 */
import { useState } from 'react';
import { ErrorBox } from '../../components/ErrorBox';
import { useApp } from '../../store/context';
import { AddPhones } from './AddPhones';
import { PhonesTable } from './PhonesTable';
import { Wizard } from './Wizard';
import '../../styles/enroll.css';
import '../../styles/enroll-wizard.css';
import '../../styles/enroll-watch.css';

/** The Enroll page. */
export function EnrollPage() {
  const order = useApp('enroll', (s) => s.order);
  const byMac = useApp('enroll', (s) => s.byMac);
  const selected = useApp('enroll', (s) => s.selected);
  const loaded = useApp('enroll', (s) => s.loaded);
  const error = useApp('enroll', (s) => s.error);
  const [adding, setAdding] = useState(false);
  const current = selected ? byMac[selected] : undefined;
  const empty = loaded && order.length === 0;
  return (
    <section className="page enroll-page" aria-labelledby="enroll-title">
      <div className="page-head">
        <h1 id="enroll-title">Enroll phones</h1>
        {!empty && (
          <button type="button" className="btn" onClick={() => setAdding(!adding)} aria-expanded={adding}>
            {adding ? 'Close the list' : '+ Add phones'}
          </button>
        )}
      </div>
      <p className="lead">
        Point each phone at its provisioning server, then watch it configure itself: the enrollment guide step by step, for one phone or a small office.
      </p>
      {error && <ErrorBox error={error} title="The enrollment list could not be loaded or saved" />}
      {!loaded && <p className="muted">Loading…</p>}
      {(empty || adding) && <AddPhones onAdded={() => setAdding(false)} first={empty} />}
      {order.length > 0 && <PhonesTable />}
      {current && <Wizard key={current.mac} e={current} />}
    </section>
  );
}
