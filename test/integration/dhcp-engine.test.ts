/**
 * The engine's DHCP service through the API handlers: packets seen become `dhcp` events correlated
 * by xid, option 43 in a reply is read with the vendor class of its request, phones seen only by
 * DHCP reach the Phones list (event and listPhones), settings persist, the builder answers.
 * Packets are fed to the sniffer as the capture backend delivers them (no network needed).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DhcpPacketEvent } from '../../shared/dhcp-dto';
import type { PhoneSummary } from '../../shared/dto';
import { textBytes } from '../../electron/engine/dhcp/codec/bytes';
import { encodeToshiba43 } from '../../electron/engine/dhcp/codec/option43';
import { encodePacket } from '../../electron/engine/dhcp/codec/packet';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';

let engine: Engine;
let dir: string;
const events: Array<{ event: string; payload: unknown }> = [];

function feed(op: 1 | 2, type: number, mac: string, extra: Array<{ code: number; data: Uint8Array }> = [], yiaddr?: string): void {
  const bytes = encodePacket({ op, xid: 0x5150, chaddr: mac, ...(yiaddr ? { yiaddr } : {}), options: [{ code: 53, data: Uint8Array.of(type) }, ...extra] });
  engine.dhcp.sniffer.ingest('capture', 'eth9', { srcIp: op === 1 ? '0.0.0.0' : '10.0.0.1', dstIp: '255.255.255.255', srcPort: op === 1 ? 68 : 67, dstPort: op === 1 ? 67 : 68, payload: bytes });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provkit-dhcp-engine-'));
  engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink });
  engine.onEvent((event, payload) => events.push({ event, payload }));
});
afterAll(async () => {
  await engine?.close();
});

describe('DHCP service', () => {
  it('correlates a transaction, decodes option 43 by the request vendor class, and lists the phone', async () => {
    const mac = '00:04:f2:00:51:50';
    feed(1, 1, mac, [{ code: 60, data: textBytes('TOSHIBA IPedge') }]);
    feed(2, 2, mac, [{ code: 54, data: Uint8Array.of(10, 0, 0, 1) }, { code: 43, data: encodeToshiba43({ serverIp: '10.0.0.7', vendorClass: 'omit', phoneVlan: 30 }) }], '10.0.0.60');
    const dhcp = events.filter((e) => e.event === 'dhcp').map((e) => e.payload as DhcpPacketEvent);
    expect(dhcp.map((e) => e.messageType)).toEqual(['DISCOVER', 'OFFER']);
    expect(dhcp[1]).toMatchObject({ mac: '0004f2005150', xid: '0x00005150', transaction: ['DISCOVER', 'OFFER'], serverId: '10.0.0.1', yiaddr: '10.0.0.60', offered: { option43: 'Toshiba IPedge server 10.0.0.7, phone VLAN 30', vlan: [{ option: 43, ids: [30] }] } });
    expect(dhcp[0]).toMatchObject({ vendorClass: 'TOSHIBA IPedge', phone: { vendor: 'Toshiba', model: 'IP5000' } });
    const phone = events.filter((e) => e.event === 'phone').map((e) => e.payload as PhoneSummary).pop();
    expect(phone).toMatchObject({ mac: '0004f2005150', requests: 0, vendor: 'Toshiba', lastAddress: '10.0.0.60' });
    expect((await engine.handlers.listPhones({})).map((p) => p.mac)).toContain('0004f2005150');
    expect((await engine.handlers.dhcpListPackets({ mac: '0004f2005150' })).map((p) => p.messageType)).toEqual(['DISCOVER', 'OFFER']);
    expect((await engine.handlers.dhcpListClients({}))[0]).toMatchObject({ mac: '0004f2005150', servers: ['10.0.0.1'], address: '10.0.0.60' });
  });

  it('attributes a request and syslog from an address by the lease an ACK gave it, before earlier requests', async () => {
    const mac = '00:04:f2:00:51:51';
    const lease = { code: 51, data: Uint8Array.of(0, 0, 0x0e, 0x10) };
    const ack = (xid: number) => encodePacket({ op: 2, xid, chaddr: mac, yiaddr: '10.0.0.61', options: [{ code: 53, data: Uint8Array.of(5) }, { code: 54, data: Uint8Array.of(10, 0, 0, 1) }, lease] });
    // An earlier request from that address by another phone (say, before the address changed hands).
    engine.requestLog.record({ time: Date.now(), protocol: 'http', client: '10.0.0.61', method: 'GET', path: '/0004f2aaaaaa.cfg', status: 200, bytesSent: 1, bytesReceived: 0, durationMs: 1 });
    engine.dhcp.sniffer.ingest('capture', 'eth9', { srcIp: '10.0.0.1', dstIp: '10.0.0.61', srcPort: 67, dstPort: 68, payload: ack(0x5151) });
    const ev = engine.requestLog.record({ time: Date.now(), protocol: 'http', client: '10.0.0.61', method: 'GET', path: '/phone1.cfg', status: 200, bytesSent: 10, bytesReceived: 0, durationMs: 1, userAgent: 'curl/8' });
    expect(ev.phone).toMatchObject({ mac: '0004f2005151', macSource: 'dhcp-lease' });
    expect(engine.requestLog.macForAddress('10.0.0.61')).toBe('0004f2005151');
    expect(engine.requestLog.macForAddress('10.0.0.62')).toBeUndefined();
  });

  it('one row per packet whichever view saw it; a renewal reusing the xid is a new exchange', async () => {
    const mac = '00:04:f2:00:51:52';
    const pkt = (op: 1 | 2, type: number, ciaddr?: string) => encodePacket({ op, xid: 0x5152, chaddr: mac, ...(ciaddr ? { ciaddr } : {}), ...(op === 2 ? { yiaddr: '10.0.0.62' } : {}), options: [{ code: 53, data: Uint8Array.of(type) }] });
    const both = (op: 1 | 2, type: number, ciaddr?: string) => {
      const d = { srcIp: op === 1 ? '0.0.0.0' : '10.0.0.1', dstIp: '255.255.255.255', srcPort: op === 1 ? 68 : 67, dstPort: op === 1 ? 67 : 68, payload: pkt(op, type, ciaddr) };
      engine.dhcp.sniffer.ingest('capture', 'eth9', d);
      engine.dhcp.sniffer.ingest('socket', 'eth9', d);
    };
    for (const [op, type] of [[1, 1], [2, 2], [1, 3], [2, 5]] as const) both(op, type);
    both(1, 3, '10.0.0.62');
    both(2, 5, '10.0.0.62');
    const rows = await engine.handlers.dhcpListPackets({ mac: '0004f2005152' });
    expect(rows.map((r) => r.messageType)).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'ACK', 'REQUEST', 'ACK']);
    expect(rows.every((r) => r.seenBy!.join() === 'capture,socket')).toBe(true);
    expect(rows[3]!.transaction).toEqual(['DISCOVER', 'OFFER', 'REQUEST', 'ACK']);
    expect(rows[5]!.transaction).toEqual(['REQUEST', 'ACK']);
    expect(rows[5]!.exchange).toBe(rows[3]!.exchange! + 1);
  });

  it('does not list laptops seen by DHCP as phones', async () => {
    feed(1, 1, '3c:22:fb:00:00:01', [{ code: 60, data: textBytes('MSFT 5.0') }]);
    expect((await engine.handlers.listPhones({})).map((p) => p.mac)).not.toContain('3c22fb000001');
  });

  it('persists settings and answers the builder', async () => {
    const st = await engine.handlers.dhcpConfigure({ polycomMode: '66', bench: { vlan: 20 } });
    expect(st.settings).toMatchObject({ polycomMode: '66', bench: { vlan: 20, allow: expect.arrayContaining(['0004f2', '00908f', '001565']) } });
    const again = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink });
    expect((await again.handlers.dhcpStatus({})).settings.polycomMode).toBe('66');
    expect((await again.handlers.dhcpStatus({})).bench.state).toBe('stopped');
    await again.close();
    const built = await engine.handlers.dhcpBuild({ bootUrl: 'http://10.0.0.5/', bootOptions: [160] });
    expect(built.options.map((o) => [o.code, o.value])).toEqual([[160, 'http://10.0.0.5/']]);
  });

  it('explains a probe without an interface', async () => {
    await expect(engine.handlers.dhcpProbe({ profile: 'vvx400', iface: 'pk-no-such-if' })).rejects.toThrow(/there is no interface named pk-no-such-if/);
  });
});
