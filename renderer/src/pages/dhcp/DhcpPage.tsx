/**
 * DHCP page: which view the technician has (packet capture sees both directions,
 * sockets only broadcasts), the live packet list, the probe with its one-sentence verdict and offer
 * diff, the bench server switch with its safety state, and the option builders with copy buttons.
 */
import { useState } from 'react';
import { ErrorBox } from '../../components/ErrorBox';
import { useApp, useStores } from '../../store/context';
import { BenchPanel } from './BenchPanel';
import { BuilderPanel } from './BuilderPanel';
import { PacketList } from './PacketList';
import { ProbePanel } from './ProbePanel';
import './dhcp.css';

function SnifferBar() {
  const stores = useStores();
  const status = useApp('dhcp', (s) => s.status);
  const busy = useApp('dhcp', (s) => s.busy.sniffer);
  const error = useApp('dhcp', (s) => s.errors.sniffer);
  const [iface, setIface] = useState<string | undefined>(undefined);
  const [backend, setBackend] = useState<'auto' | 'capture' | 'socket' | undefined>(undefined);
  if (!status) return null;
  const sn = status.sniffer;
  const chosen = iface ?? status.settings.iface;
  const names = [...new Set(status.interfaces.map((i) => i.name))];
  const running = sn.state === 'running';
  return (
    <section className="dhcp-section" aria-labelledby="dhcp-watch">
      <h2 id="dhcp-watch">Watch the network</h2>
      <div className="dhcp-row">
        <label>
          Interface{' '}
          <select value={chosen} onChange={(e) => setIface(e.target.value)} aria-label="Interface the phones are on">
            <option value="">— pick —</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n} ({status.interfaces.filter((i) => i.name === n && i.address).map((i) => i.address).join(', ') || 'no IPv4 address: probe through packet capture'})
              </option>
            ))}
          </select>
        </label>
        <label>
          View{' '}
          <select value={backend ?? status.settings.backend} onChange={(e) => setBackend(e.target.value as 'auto')} aria-label="Capture method">
            <option value="auto">best available</option>
            <option value="capture" disabled={!sn.captureAvailable}>
              packet capture (both directions)
            </option>
            <option value="socket">sockets (broadcasts only)</option>
          </select>
        </label>
        {running ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void stores.dhcp.getState().stopSniffer()}>
            Stop watching
          </button>
        ) : (
          <button type="button" className="btn btn-primary" disabled={busy || !chosen} onClick={() => void stores.dhcp.getState().startSniffer(chosen, backend)}>
            {busy ? 'Starting…' : 'Start watching'}
          </button>
        )}
        {running && (
          <span className={`badge ${sn.view === 'both-directions' ? 'badge-ok' : 'badge-warn'}`} data-testid="dhcp-view">
            {sn.view === 'both-directions' ? '⇄ Sees both directions' : '→ Broadcasts only'} · {sn.iface}
          </span>
        )}
      </div>
      {running && <p className="dhcp-note">{sn.viewText}</p>}
      {!sn.captureAvailable && (
        <p className="dhcp-note" role="status" data-testid="capture-missing">
          Packet capture is not available here: {sn.captureReason}
        </p>
      )}
      {sn.state === 'error' && !error && <ErrorBox error={{ code: 'SNIFFER', message: sn.error ?? 'the sniffer stopped', ...(sn.fix ? { fix: sn.fix } : {}) }} />}
      {error && <ErrorBox error={error} title="Could not start watching" />}
    </section>
  );
}

/** The DHCP page. */
export function DhcpPage() {
  const loadError = useApp('dhcp', (s) => s.errors.load);
  return (
    <section className="page dhcp-page" aria-labelledby="dhcp-title">
      <div className="page-head">
        <h1 id="dhcp-title">DHCP</h1>
      </div>
      <p className="lead">Which boot server will a phone get on this network, and from whom?</p>
      {loadError && <ErrorBox error={loadError} title="Could not load the DHCP status" />}
      <SnifferBar />
      <ProbePanel />
      <PacketList />
      <BenchPanel />
      <BuilderPanel />
    </section>
  );
}
