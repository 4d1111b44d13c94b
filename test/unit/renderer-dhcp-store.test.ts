/**
 * The DHCP page's store: a second view of the same packet (same id, longer `seenBy`) replaces its
 * row instead of adding one; the phone page's DHCP text names the boot servers offered.
 */
import { describe, expect, it } from 'vitest';
import type { DhcpPacketEvent } from '../../shared/dhcp-dto';
import { createDhcpStore } from '../../renderer/src/store/dhcp';
import { dhcpRowText } from '../../renderer/src/pages/dhcp/PhoneDhcp';
import { FakeClient } from './renderer-fake-client';

const packet = (id: number, extra: Partial<DhcpPacketEvent> = {}): DhcpPacketEvent => ({ id, time: 1, source: 'capture', seenBy: ['capture'], src: '0.0.0.0:68', dst: '255.255.255.255:67', op: 1, xid: '0x00000001', mac: '0004f2000001', transaction: ['DISCOVER'], options: [], messageType: 'DISCOVER', ...extra });

describe('DHCP store', () => {
  it('one row per packet whatever saw it', () => {
    const client = new FakeClient();
    const store = createDhcpStore(client);
    store.getState().attach();
    client.emit('dhcp', packet(1));
    client.emit('dhcp', packet(2, { messageType: 'OFFER', op: 2 }));
    client.emit('dhcp', packet(1, { seenBy: ['capture', 'bench'] }));
    expect(store.getState().packets.map((p) => [p.id, p.seenBy])).toEqual([
      [1, ['capture', 'bench']],
      [2, ['capture']],
    ]);
  });

  it('says what a packet offers for booting', () => {
    expect(dhcpRowText(packet(3, { op: 2, serverId: '10.0.0.1', yiaddr: '10.0.0.60', offered: { option160: 'http://p/', option66: 'http://p/', siaddr: '10.0.0.1', option150: ['10.0.0.7'] } }))).toBe('address 10.0.0.60 · 160 http://p/ · 66 http://p/ · 150 10.0.0.7');
    expect(dhcpRowText(packet(4, { vendorClass: 'Polycom VVX-VVX_400', requested: [1, 3, 66, 160] }))).toBe('60 Polycom VVX-VVX_400 · asks 1,3,66,160');
  });
});
