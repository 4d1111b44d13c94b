/**
 * The bench DHCP server: a switch, its safety state (refused when another DHCP server answers,
 * with "start anyway"), its settings, what it offers, and its leases. Off by default.
 */
import { useEffect, useState } from 'react';
import { formatMac } from '../../../../shared/mac';
import type { DhcpBenchSettings } from '../../../../shared/dhcp-dto';
import { ErrorBox } from '../../components/ErrorBox';
import { useApp, useStores } from '../../store/context';

/** The bench server section. */
export function BenchPanel() {
  const stores = useStores();
  const status = useApp('dhcp', (s) => s.status);
  const busy = useApp('dhcp', (s) => s.busy.bench);
  const error = useApp('dhcp', (s) => s.errors.bench ?? s.errors.settings);
  const [form, setForm] = useState<DhcpBenchSettings | undefined>(status?.settings.bench);
  useEffect(() => setForm((f) => f ?? status?.settings.bench), [status?.settings.bench]);
  if (!status || !form) return null;
  const b = status.bench;
  const running = b.state === 'running';
  const set = (patch: Partial<DhcpBenchSettings>) => setForm({ ...form, ...patch });
  const save = async (start: boolean, force = false) => {
    await stores.dhcp.getState().configure({ bench: form });
    // Never start with settings that were not saved.
    if (start && !stores.dhcp.getState().errors.settings) await stores.dhcp.getState().startBench(force);
  };
  // The bench server needs an IPv4 address on its interface.
  const names = [...new Set(status.interfaces.filter((i) => i.address).map((i) => i.name))];
  return (
    <section className="dhcp-section" aria-labelledby="dhcp-bench">
      <div className="dhcp-row">
        <h2 id="dhcp-bench">Bench DHCP server</h2>
        <span className={`badge ${running ? 'badge-ok' : b.state === 'refused' || b.state === 'error' ? 'badge-error' : ''}`} data-testid="bench-state">
          {running ? `● On — ${b.iface} ${b.serverIp}` : b.state === 'refused' ? (b.message?.startsWith('Stopped leasing') ? '✗ Stopped: another DHCP server' : '✗ Refused to start') : b.state === 'error' ? '✗ Error' : '○ Off'}
        </span>
        {running ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void stores.dhcp.getState().stopBench()}>
            Turn off
          </button>
        ) : (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save(true)}>
            {busy ? 'Checking for other DHCP servers…' : 'Turn on'}
          </button>
        )}
      </div>
      <p className="dhcp-note">For an isolated bench network only. Before it starts, ProvKit probes the interface and refuses when another DHCP server answers. It answers only the phones allowed below.</p>
      {b.message && <p className={`dhcp-verdict ${running ? 'ok' : 'warn'}`}>{b.message}</p>}
      {b.state === 'refused' && (
        <button type="button" className="btn" disabled={busy} onClick={() => void save(true, true)}>
          Start anyway (this network is isolated)
        </button>
      )}
      {error && <ErrorBox error={error} />}
      <form className="dhcp-grid" onSubmit={(e) => (e.preventDefault(), void save(false))}>
        <label>
          Interface
          <select value={form.iface} onChange={(e) => set({ iface: e.target.value })}>
            <option value="">same as watched</option>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label>
          Pool from <input value={form.poolStart} onChange={(e) => set({ poolStart: e.target.value })} placeholder="x.x.x.100" />
        </label>
        <label>
          Pool to <input value={form.poolEnd} onChange={(e) => set({ poolEnd: e.target.value })} placeholder="x.x.x.199" />
        </label>
        <label>
          Boot server URL <input value={form.bootUrl} onChange={(e) => set({ bootUrl: e.target.value })} placeholder="ProvKit's HTTP server" size={30} />
        </label>
        <fieldset>
          <legend>Send it in</legend>
          {([160, 66] as const).map((c) => (
            <label key={c} className="field-check">
              <input type="checkbox" checked={form.bootOptions.includes(c)} onChange={(e) => set({ bootOptions: e.target.checked ? [...form.bootOptions, c] : form.bootOptions.filter((x) => x !== c) })} /> option {c}
            </label>
          ))}
        </fieldset>
        <label>
          VLAN (0 = none) <input type="number" min={0} max={4094} value={form.vlan} onChange={(e) => set({ vlan: Number(e.target.value) })} />
        </label>
        <label>
          Allowed MACs / prefixes <input value={form.allow.join(' ')} onChange={(e) => set({ allow: e.target.value.toLowerCase().split(/[\s,]+/).map((x) => x.replace(/[^0-9a-f]/g, '')).filter(Boolean) })} size={40} />
        </label>
        <div className="form-actions">
          <button type="submit" className="btn">
            Save settings
          </button>
        </div>
      </form>
      {running && b.offering.length > 0 && (
        <p className="dhcp-note">
          Offers: {b.offering.map((o) => `${o.code} ${o.name} = ${o.value}`).join(' · ')}
        </p>
      )}
      {b.leases.length > 0 && (
        <table className="data-table dhcp-leases">
          <thead>
            <tr>
              <th>Phone</th>
              <th>Address</th>
              <th>Until</th>
            </tr>
          </thead>
          <tbody>
            {b.leases.map((l) => (
              <tr key={l.mac}>
                <td className="mono">{formatMac(l.mac)}</td>
                <td className="mono">{l.ip}</td>
                <td>{new Date(l.expires).toLocaleTimeString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
