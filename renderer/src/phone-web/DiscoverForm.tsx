/**
 * "Find phones": phones ProvKit has seen and the computer's ARP table, plus an optional scan of a
 * subnet the technician types (web ports, Polycom OUI filter), with live progress.
 */
import { useId, useState, type FormEvent } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';

/** Parse `80, 443` into ports. @returns undefined when any item is not a port */
export function parsePorts(text: string): number[] | undefined {
  const items = text.split(/[\s,]+/).filter(Boolean);
  if (!items.length || items.length > 4) return undefined;
  const ports = items.map(Number);
  return ports.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535) ? ports : undefined;
}

/** The form. */
export function DiscoverForm() {
  const id = useId();
  const stores = useStores();
  const running = useApp('phoneWeb', (s) => s.discovering);
  const progress = useApp('phoneWeb', (s) => s.discovery);
  const error = useApp('phoneWeb', (s) => s.discoveryError);
  const [cidr, setCidr] = useState('');
  const [ports, setPorts] = useState('80, 443');
  const [known, setKnown] = useState(true);
  const [ouiFilter, setOuiFilter] = useState(true);
  const portList = parsePorts(ports);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!portList) return;
    void stores.phoneWeb.getState().discover({ known, ...(cidr.trim() ? { scan: { cidr: cidr.trim(), ports: portList, ouiFilter } } : {}) });
  };
  return (
    <form className="discover-form" onSubmit={submit} aria-label="Find phones">
      <div className="field field-check">
        <input id={`${id}-known`} type="checkbox" checked={known} onChange={(e) => setKnown(e.target.checked)} />
        <label htmlFor={`${id}-known`}>Phones ProvKit has seen and this computer’s ARP table</label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-cidr`}>Scan subnet (optional)</label>
        <input id={`${id}-cidr`} value={cidr} onChange={(e) => setCidr(e.target.value)} placeholder="192.168.1.0/24" />
      </div>
      <div className="field field-ports">
        <label htmlFor={`${id}-ports`}>Web ports</label>
        <input id={`${id}-ports`} value={ports} onChange={(e) => setPorts(e.target.value)} aria-invalid={!portList} />
      </div>
      <div className="field field-check">
        <input id={`${id}-oui`} type="checkbox" checked={ouiFilter} onChange={(e) => setOuiFilter(e.target.checked)} />
        <label htmlFor={`${id}-oui`}>Only Polycom MAC prefixes</label>
      </div>
      <button type="submit" className="btn btn-primary" disabled={running || !portList || (!known && !cidr.trim())}>
        {running ? 'Finding…' : 'Find phones'}
      </button>
      <span className="discover-progress" aria-live="polite">
        {progress && (progress.state === 'running' ? `Scanned ${progress.scanned} of ${progress.total} address×port, ${progress.found} phone(s) so far…` : `Done: ${progress.found} phone(s) found${progress.total ? ` (${progress.total} address×port probed)` : ''}.`)}
      </span>
      {error && <ErrorBox error={error} title="Could not search for phones" />}
    </form>
  );
}
