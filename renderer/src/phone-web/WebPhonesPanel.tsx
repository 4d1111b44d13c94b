/**
 * "Phones on the network" on the Phones page: find phones, the list of phones whose web UI answers
 * (model, firmware, address, dialect, where found, last problem), selection, the batch bar and the
 * batch's progress; admin passwords and the syslog receiver below.
 */
import { useEffect, useMemo, useState } from 'react';
import type { WebPhone } from '../../../shared/api-phones';
import { formatMac } from '../../../shared/mac';
import { DIALECT_LABELS } from '../../../shared/phone-web';
import { ErrorBox } from '../components/ErrorBox';
import { hrefFor } from '../routing';
import { useApp, useStores } from '../store/context';
import { BatchBar } from './BatchBar';
import { BatchProgress } from './BatchProgress';
import { DiscoverForm } from './DiscoverForm';
import { PasswordsPanel } from './PasswordsPanel';
import { SyslogPanel } from './SyslogPanel';
import './phone-web.css';

const SOURCE: Record<WebPhone['sources'][number], string> = { requests: 'requests', neighbours: 'ARP', scan: 'scan', dhcp: 'DHCP', manual: 'typed' };

function Row({ p, checked, onToggle }: { p: WebPhone; checked: boolean; onToggle: () => void }) {
  const label = `${p.info?.model ?? 'Phone'} ${p.mac ? formatMac(p.mac) : p.key}`;
  return (
    <tr className={checked ? 'selected' : undefined}>
      <td className="check-cell">
        <input type="checkbox" checked={checked} onChange={onToggle} aria-label={`Select ${label}`} />
      </td>
      <td>
        {p.mac ? (
          <a className="mac" href={hrefFor({ area: 'phones', mac: p.mac })}>
            {formatMac(p.mac)}
          </a>
        ) : (
          <span className="muted">unknown</span>
        )}
      </td>
      <td>{p.info?.model ?? <span className="muted">—</span>}</td>
      <td>
        {p.info?.appVersion ?? <span className="muted">—</span>}
        {p.info?.updaterVersion && <div className="sub">Updater {p.info.updaterVersion}</div>}
      </td>
      <td className="mono">{p.key}</td>
      <td>{p.dialect ? DIALECT_LABELS[p.dialect] : <span className="muted">—</span>}</td>
      <td>{p.sources.map((s) => SOURCE[s]).join(', ')}</td>
      <td>
        {p.error ? (
          <span className="tone-text-error" title={p.error.fix}>
            ✕ {p.error.code === 'WRONG_PASSWORD' ? 'password refused' : p.error.message}
          </span>
        ) : p.info ? (
          <span className="ok-count">✓ answers</span>
        ) : (
          <span className="muted">not read</span>
        )}
      </td>
    </tr>
  );
}

/** The panel. */
export function WebPhonesPanel() {
  const stores = useStores();
  const phones = useApp('phoneWeb', (s) => s.phones);
  const loaded = useApp('phoneWeb', (s) => s.loaded);
  const error = useApp('phoneWeb', (s) => s.error);
  const [selected, setSelected] = useState<Set<string>>(new Set());

  useEffect(() => {
    if (!loaded) void stores.phoneWeb.getState().load();
    if (!stores.phoneAdmin.getState().sitesLoaded) void stores.phoneAdmin.getState().loadCredentials();
  }, [loaded, stores]);

  const list = useMemo(() => Object.values(phones).sort((a, b) => a.key.localeCompare(b.key, undefined, { numeric: true })), [phones]);
  const chosen = list.filter((p) => selected.has(p.key));
  const all = list.length > 0 && chosen.length === list.length;
  const toggle = (key: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });

  return (
    <section className="web-phones" aria-labelledby="web-phones-title">
      <div className="section-head">
        <h2 id="web-phones-title" className="section-title">
          Phones on the network <span className="muted">({list.length})</span>
        </h2>
      </div>
      <DiscoverForm />
      {error && <ErrorBox error={error} title="Could not load the phones found" />}
      <BatchBar selected={chosen} onClear={() => setSelected(new Set())} />
      <BatchProgress />
      {list.length > 0 ? (
        <div className="table-wrap">
          <table className="data-table web-phones-table">
            <caption className="visually-hidden">Phones whose web UI ProvKit found; select some for a batch action.</caption>
            <thead>
              <tr>
                <th scope="col" className="check-cell">
                  <input type="checkbox" checked={all} onChange={() => setSelected(all ? new Set() : new Set(list.map((p) => p.key)))} aria-label={all ? 'Unselect all phones' : 'Select all phones'} />
                </th>
                <th scope="col">MAC</th>
                <th scope="col">Model</th>
                <th scope="col">Firmware</th>
                <th scope="col">Web address</th>
                <th scope="col">Talks</th>
                <th scope="col">Found by</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <Row key={p.key} p={p} checked={selected.has(p.key)} onToggle={() => toggle(p.key)} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        loaded && <p className="muted">No phone found yet: use Find phones (the phones ProvKit has seen are tried first; add a subnet to scan the network).</p>
      )}
      <div className="phone-admin">
        <PasswordsPanel />
        <SyslogPanel />
      </div>
    </section>
  );
}
