/**
 * The batch bar over the selected phones: set boot server, reboot, restart, check-sync, factory
 * reset (typed confirmation naming the count), for one site's passwords, N phones at a time.
 */
import { useId, useState } from 'react';
import type { RequestArgs } from '../../../shared/api';
import type { WebPhone } from '../../../shared/api-phones';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';
import { BootServerForm } from './BootServerForm';
import { ConfirmBox } from './ConfirmBox';

type Pending = 'none' | 'bootServer' | 'reset';

/**
 * The bar.
 * @param props.selected phones chosen in the table
 * @param props.onClear unselect all
 */
export function BatchBar({ selected, onClear }: { selected: WebPhone[]; onClear: () => void }) {
  const id = useId();
  const stores = useStores();
  const sites = useApp('phoneAdmin', (s) => s.sites);
  const batch = useApp('phoneWeb', (s) => s.batch);
  const error = useApp('phoneWeb', (s) => s.batchError);
  const [pending, setPending] = useState<Pending>('none');
  const [site, setSite] = useState('default');
  const [concurrency, setConcurrency] = useState(8);
  const n = selected.length;
  const running = batch?.state === 'running';
  const targets = selected.map((p) => ({ host: p.host, port: p.port, https: p.https, ...(p.mac ? { mac: p.mac } : {}) }));
  const start = (args: Omit<RequestArgs<'phoneBatchRun'>, 'targets' | 'site' | 'concurrency'>) => {
    setPending('none');
    void stores.phoneWeb.getState().runBatch({ ...args, targets, site, concurrency });
  };
  if (n === 0) return null;
  return (
    <div className="batch-bar" role="region" aria-label="Batch actions">
      <div className="batch-bar-row">
        <strong>{n === 1 ? '1 phone selected' : `${n} phones selected`}</strong>
        <button type="button" className="btn btn-small" onClick={onClear}>
          Clear
        </button>
        <div className="spacer" />
        <label htmlFor={`${id}-site`}>Passwords of site</label>
        <select id={`${id}-site`} value={site} onChange={(e) => setSite(e.target.value)}>
          {(sites.length ? sites.map((s) => s.site) : ['default']).map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <label htmlFor={`${id}-n`}>At once</label>
        <select id={`${id}-n`} value={concurrency} onChange={(e) => setConcurrency(Number(e.target.value))}>
          {[1, 4, 8, 16, 32].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <div className="batch-bar-row" role="group" aria-label={`Actions on ${n} phones`}>
        <button type="button" className="btn" disabled={running} aria-expanded={pending === 'bootServer'} onClick={() => setPending(pending === 'bootServer' ? 'none' : 'bootServer')}>
          Set boot server…
        </button>
        <button type="button" className="btn" disabled={running} onClick={() => start({ action: 'reboot' })}>
          Reboot {n}
        </button>
        <button type="button" className="btn" disabled={running} onClick={() => start({ action: 'restart' })}>
          Restart {n}
        </button>
        <button type="button" className="btn" disabled={running} onClick={() => start({ action: 'checkSync' })}>
          Check-sync {n}
        </button>
        <button type="button" className="btn" disabled={running} onClick={() => start({ action: 'info' })}>
          Read info
        </button>
        <button type="button" className="btn btn-danger-outline" disabled={running} onClick={() => setPending('reset')}>
          Factory reset…
        </button>
        {running && <span className="muted">A batch is running: wait for it to finish.</span>}
      </div>
      {pending === 'bootServer' && <BootServerForm submitLabel={`Set boot server on ${n} phone(s)`} onSubmit={({ settings, reboot }) => start({ action: 'setBootServer', settings, ...(reboot ? {} : { wait: false }) })} />}
      {pending === 'reset' && (
        <ConfirmBox title={`Reset ${n} phone(s) to factory settings?`} phrase={`RESET ${n} PHONES`} confirmLabel={`Reset ${n} phone(s)`} onCancel={() => setPending('none')} onConfirm={() => start({ action: 'factoryReset', confirm: `RESET ${n} PHONES` })}>
          <p>
            Each phone loses every setting made on it (provisioning server, lines, admin password back to 456). A phone selected by its MAC is reset only if the phone answering at its address has that MAC:{' '}
            {selected
              .slice(0, 6)
              .map((p) => p.info?.model ?? p.host)
              .join(', ')}
            {n > 6 ? ` and ${n - 6} more` : ''}.
          </p>
        </ConfirmBox>
      )}
      {error && <ErrorBox error={error} title="The batch did not start" />}
    </div>
  );
}
