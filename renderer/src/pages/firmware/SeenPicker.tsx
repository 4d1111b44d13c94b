/**
 * The Firmware page's picker of phones ProvKit has seen (add phones from the
 * Phones list and DHCP sightings): MAC, model, firmware, address and where it was seen, with
 * checkboxes; phones whose model or version is unknown say why and cannot be ticked.
 */
import { useEffect, useState } from 'react';
import type { QueueControl } from '../../../../shared/firmware-dto';
import { useApp, useStores } from '../../store/context';

/** The picker (lists when opened). */
export function SeenPicker() {
  const stores = useStores();
  const seen = useApp('firmware', (s) => s.seen);
  const runControl = useApp('firmware', (s) => s.queue?.settings.controller ?? 'manual');
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState('');
  const [control, setControl] = useState<QueueControl | ''>('');
  const [done, setDone] = useState<string>();
  useEffect(() => {
    if (open) void stores.firmware.getState().loadSeen();
  }, [open, stores]);
  const pickable = seen.filter((p) => !p.why && !(p.queued && !['done', 'failed'].includes(p.queued)));
  const toggle = (mac: string) => setPicked((s) => (s.has(mac) ? new Set([...s].filter((m) => m !== mac)) : new Set([...s, mac])));
  const add = async () => {
    const n = await stores.firmware.getState().addSeen([...picked], { ...(target ? { target } : {}), ...(control ? { control } : {}) });
    if (n !== undefined) {
      setDone(`${n} phone(s) added to the queue.`);
      setPicked(new Set());
    }
  };
  return (
    <details className="fw-add fw-seen" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Add phones ProvKit has seen ({open ? seen.length : '…'})</summary>
      {!seen.length ? (
        <p className="fw-empty">No phones seen yet: phones appear here once they ask the provisioning servers for files, or the DHCP sniffer sees them.</p>
      ) : (
        <table className="fw-table">
          <thead>
            <tr>
              <th><input type="checkbox" aria-label="Select all phones that can be added" checked={pickable.length > 0 && pickable.every((p) => picked.has(p.mac))} onChange={(e) => setPicked(e.target.checked ? new Set(pickable.map((p) => p.mac)) : new Set())} /></th>
              <th>Phone</th><th>Model</th><th>Firmware</th><th>Address</th><th>Seen by</th><th>Queue</th>
            </tr>
          </thead>
          <tbody>
            {seen.map((p) => {
              const can = pickable.includes(p);
              return (
                <tr key={p.mac} className={can ? '' : 'fw-muted'}>
                  <td><input type="checkbox" aria-label={`Add ${p.mac}`} disabled={!can} checked={picked.has(p.mac)} onChange={() => toggle(p.mac)} /></td>
                  <td><code>{p.mac}</code>{p.label ? <small> {p.label}</small> : null}</td>
                  <td>{p.model ?? '—'}</td>
                  <td>{p.firmware ?? '—'}</td>
                  <td><code>{p.address ?? '—'}</code></td>
                  <td>{p.source === 'dhcp' ? 'DHCP' : p.source === 'scan' ? 'network scan' : 'requests'}</td>
                  <td>{p.why ? <small>{p.why}</small> : (p.queued ?? '')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="fw-actions">
        <label>Target version <input value={target} onChange={(e) => setTarget(e.target.value)} placeholder="latest in the repository" /></label>
        <label>
          Control{' '}
          <select value={control} onChange={(e) => setControl(e.target.value as QueueControl | '')}>
            <option value="">as the run ({runControl === 'web' ? 'web UI' : 'by hand'})</option>
            <option value="manual">by hand</option>
            <option value="web">phone web UI</option>
          </select>
        </label>
        <button type="button" disabled={!picked.size} onClick={() => void add()}>Add {picked.size || ''} to the queue</button>
        {done && <span role="status">{done}</span>}
      </div>
    </details>
  );
}
