/**
 * The DHCP part of a phone's boot timeline: its DISCOVER, OFFER, REQUEST and ACK (from the sniffer,
 * the probe or the bench server, one row per packet whichever saw it), grouped by exchange, with
 * the vendor class it sent (option 60) and the boot servers it was offered (options 66, 150, 160).
 */
import { useMemo } from 'react';
import type { DhcpPacketEvent } from '../../../../shared/dhcp-dto';
import { useApp } from '../../store/context';
import { formatClock, formatDateTime } from '../../format';

/** What one packet says about booting, in a few words. */
export function dhcpRowText(p: DhcpPacketEvent): string {
  if (p.op === 1) return [p.vendorClass && `60 ${p.vendorClass}`, p.requested && `asks ${p.requested.join(',')}`].filter(Boolean).join(' · ');
  const o = p.offered ?? {};
  return [p.yiaddr && `address ${p.yiaddr}`, o.option160 && `160 ${o.option160}`, o.option66 && `66 ${o.option66}`, o.option150 && `150 ${o.option150.join(',')}`, o.siaddr && o.siaddr !== p.serverId && `next-server ${o.siaddr}`].filter(Boolean).join(' · ');
}

/**
 * The phone's DHCP rows (newest exchanges last), or nothing when none was seen.
 * @param props.mac 12 lowercase hex digits
 */
export function PhoneDhcp({ mac }: { mac: string }) {
  const packets = useApp('dhcp', (s) => s.packets);
  const mine = useMemo(() => packets.filter((p) => p.mac === mac), [packets, mac]);
  if (!mine.length) return null;
  return (
    <section aria-labelledby="phone-dhcp">
      <h2 id="phone-dhcp" className="section-title">
        DHCP <span className="muted">(from this computer’s view: sniffer, probe and bench server)</span>
      </h2>
      <div className="table-wrap">
        <table className="data-table timeline-dhcp" data-testid="phone-dhcp">
          <thead>
            <tr>
              <th>Time</th>
              <th>Exchange</th>
              <th>Message</th>
              <th>From → to</th>
              <th>Vendor class / offered</th>
              <th>Seen by</th>
            </tr>
          </thead>
          <tbody>
            {mine.map((p) => (
              <tr key={p.id}>
                <td className="mono nowrap" title={formatDateTime(p.time)}>
                  {formatClock(p.time)}
                </td>
                <td className="mono">{p.exchange ? `#${p.exchange}` : p.xid}</td>
                <td>
                  <strong>{p.messageType ?? (p.error ? 'malformed' : 'BOOTP')}</strong>
                </td>
                <td className="mono">
                  {p.op === 2 ? (p.serverId ?? p.src) : p.src} → {p.dst}
                </td>
                <td className="mono">{p.error ?? dhcpRowText(p)}</td>
                <td>{(p.seenBy ?? [p.source]).join(' + ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
