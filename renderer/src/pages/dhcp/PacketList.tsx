/**
 * The live DHCP packet list, newest first, filtered by MAC or vendor; each row expands to its
 * decoded options.
 */
import { useMemo, useState } from 'react';
import { formatMac } from '../../../../shared/mac';
import type { DhcpPacketEvent } from '../../../../shared/dhcp-dto';
import { formatOptionValue } from '../../../../shared/dhcp-format';
import { hrefFor } from '../../routing';
import { filterPackets } from '../../store/dhcp';
import { useApp } from '../../store/context';

function who(p: DhcpPacketEvent): string {
  const model = p.phone?.model ? `${p.phone.vendor ?? ''} ${p.phone.model}`.trim() : p.phone?.vendor;
  return model ?? p.ouiVendor ?? '';
}

function offered(p: DhcpPacketEvent): string {
  const o = p.offered;
  if (!o) return p.requested ? `asks ${p.requested.join(',')}` : '';
  const parts = [o.option160 && `160 ${o.option160}`, o.option66 && `66 ${o.option66}`, o.sname && `sname ${o.sname}`, o.option150 && `150 ${o.option150.join(',')}`, o.option43 && `43 ${o.option43}`];
  if (o.vlan) parts.push(`VLAN ${o.vlan.map((v) => `${v.ids.join('+')} (${v.option})`).join(', ')}`);
  return parts.filter(Boolean).join(' · ');
}

function Row({ p }: { p: DhcpPacketEvent }) {
  const [open, setOpen] = useState(false);
  const time = new Date(p.time).toLocaleTimeString();
  return (
    <>
      <tr className={p.error ? 'dhcp-bad' : p.op === 2 ? 'dhcp-reply' : undefined}>
        <td>
          <button type="button" className="btn btn-small" aria-expanded={open} aria-label={`Options of packet ${p.id}`} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        </td>
        <td className="mono">{time}</td>
        <td>
          <strong>{p.messageType ?? (p.error ? 'malformed' : 'BOOTP')}</strong>
          <div className="dhcp-muted">seen by {(p.seenBy ?? [p.source]).join(' + ')}</div>
        </td>
        <td className="mono">{p.mac.length === 12 ? <a href={hrefFor({ area: 'phones', mac: p.mac })}>{formatMac(p.mac)}</a> : p.mac}</td>
        <td>{who(p)}</td>
        <td className="mono">
          {p.xid}
          <div className="dhcp-muted">
            {p.exchange ? `#${p.exchange} ` : ''}
            {p.transaction.join(' → ')}
          </div>
        </td>
        <td className="mono">{p.op === 2 ? `${p.serverId ?? p.src}${p.yiaddr ? ` → ${p.yiaddr}` : ''}` : p.src}</td>
        <td className="dhcp-offered">{p.error ?? offered(p)}</td>
      </tr>
      {open && (
        <tr className="dhcp-options-row">
          <td colSpan={8}>
            {p.vendorClass && <p className="dhcp-note">Vendor class: {p.vendorClass}</p>}
            <table className="dhcp-options">
              <tbody>
                {p.options.map((o) => (
                  <tr key={o.code}>
                    <td className="mono">{o.code}</td>
                    <td>{o.name}</td>
                    <td className="mono dhcp-value">{o.error ? `⚠ ${o.error}` : formatOptionValue(o.value, o.hex)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </td>
        </tr>
      )}
    </>
  );
}

/** The packet list section. */
export function PacketList() {
  const packets = useApp('dhcp', (s) => s.packets);
  const [q, setQ] = useState('');
  const shown = useMemo(() => filterPackets(packets, q).reverse().slice(0, 300), [packets, q]);
  return (
    <section className="dhcp-section" aria-labelledby="dhcp-packets">
      <div className="dhcp-row">
        <h2 id="dhcp-packets">Packets</h2>
        <label className="filter">
          Filter <input value={q} onChange={(e) => setQ(e.target.value)} placeholder="MAC, vendor or model" aria-label="Filter packets by MAC or vendor" />
        </label>
        <span className="dhcp-muted">
          {shown.length} of {packets.length}
        </span>
      </div>
      {packets.length === 0 ? (
        <p className="dhcp-note">No DHCP packets yet. Start watching, probe, or power a phone up.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table dhcp-packets">
            <thead>
              <tr>
                <th aria-label="Details" />
                <th>Time</th>
                <th>Type</th>
                <th>Client MAC</th>
                <th>Vendor / model</th>
                <th>Exchange</th>
                <th>From → address</th>
                <th>Asked for / offered</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <Row key={p.id} p={p} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
