/**
 * The bench server's rules without a network: settings errors name the field (pool inside the
 * subnet, start ≤ end, not the server/router/DNS address, lease a positive number of seconds),
 * relay pools chosen by giaddr's subnet (RFC 2131 §4.3.1), reply destinations (RFC 2131 §4.1),
 * and the safety probes that look like the allow-listed phones.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DHCP_SETTINGS } from '../../electron/engine/dhcp/dhcp-settings';
import { benchPools, benchSettingsErrors, BenchSettingsError, poolFor } from '../../electron/engine/dhcp/bench-config';
import { replyDestination } from '../../electron/engine/dhcp/bench-server';
import { safetyProbes } from '../../electron/engine/dhcp/bench-guard';
import type { Ipv4Interface } from '../../electron/engine/dhcp/interfaces';

const IFACE: Ipv4Interface = { name: 'eth1', address: '10.9.0.1', netmask: '255.255.255.0', broadcast: '10.9.0.255', mac: '02:00:00:00:00:01' };
const bench = (patch: Partial<typeof DEFAULT_DHCP_SETTINGS.bench>) => ({ ...DEFAULT_DHCP_SETTINGS.bench, ...patch });
const fields = (patch: Partial<typeof DEFAULT_DHCP_SETTINGS.bench>) => benchSettingsErrors(bench(patch), IFACE).map((e) => `${e.field}: ${e.message}`);

describe('bench settings', () => {
  it('accepts the default pool and a good one', () => {
    expect(fields({})).toEqual([]);
    expect(fields({ poolStart: '10.9.0.50', poolEnd: '10.9.0.60', router: '10.9.0.254', dns: ['10.9.0.253'] })).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(fields({ poolStart: '10.9.0.1', poolEnd: '10.9.0.9' })).toEqual(["bench.poolStart: the pool 10.9.0.1-10.9.0.9 holds the server's own address 10.9.0.1: move the pool or exclude it"]);
    expect(fields({ poolStart: '10.9.1.10', poolEnd: '10.9.1.20' })).toEqual(['bench.poolStart: 10.9.1.10 is outside the subnet 10.9.0.0/255.255.255.0', 'bench.poolEnd: 10.9.1.20 is outside the subnet 10.9.0.0/255.255.255.0']);
    expect(fields({ poolStart: '10.9.0.50', poolEnd: '10.9.0.40' })).toEqual(['bench.poolEnd: the pool ends (10.9.0.40) before it starts (10.9.0.50)']);
    expect(fields({ poolStart: '10.9.0.50', poolEnd: '10.9.0.60', dns: ['10.9.0.55'] })).toEqual(['bench.poolStart: the pool 10.9.0.50-10.9.0.60 holds the DNS server 10.9.0.55: move the pool or exclude it']);
    expect(fields({ poolStart: '10.9.0.0', poolEnd: '10.9.0.255' })).toEqual(expect.arrayContaining(["bench.poolStart: 10.9.0.0 is the subnet's network or broadcast address"]));
    expect(fields({ leaseSeconds: Number('abc') })).toEqual(['bench.leaseSeconds: "NaN" is not a positive whole number of seconds (at most 4294967294)']);
    expect(fields({ leaseSeconds: 0 })[0]).toMatch(/^bench\.leaseSeconds: "0" is not a positive/);
    expect(fields({ relayPools: [{ poolStart: '10.9.0.10', poolEnd: '10.9.0.20', subnetMask: '255.255.255.0', router: '' }] })[0]).toBe("bench.relayPools[0].poolStart: 10.9.0.10 is on eth1's own subnet: a relay pool serves another subnet");
    expect(() => benchPools(bench({ leaseSeconds: -1 }), IFACE)).toThrow(BenchSettingsError);
  });

  it('serves a relayed request from the pool of giaddr\'s subnet, else ignores it', () => {
    const pools = benchPools(bench({ relayPools: [{ poolStart: '10.8.0.100', poolEnd: '10.8.0.150', subnetMask: '255.255.255.0', router: '' }] }), IFACE);
    expect(poolFor(pools, '0.0.0.0')).toMatchObject({ first: '10.9.0.100', local: true });
    expect(poolFor(pools, '10.8.0.1')).toMatchObject({ first: '10.8.0.100', local: false });
    expect(poolFor(pools, '10.7.0.1')).toBeUndefined();
  });
});

describe('reply destination (RFC 2131 §4.1)', () => {
  const req = { giaddr: '0.0.0.0', ciaddr: '0.0.0.0', broadcast: false, chaddr: '00:04:f2:00:00:01' };
  it('follows giaddr, NAK, ciaddr, the broadcast bit, else unicast to yiaddr at chaddr', () => {
    expect(replyDestination({ ...req, giaddr: '10.8.0.1' }, 2, '10.8.0.100')).toEqual({ ip: '10.8.0.1', port: 67 });
    expect(replyDestination({ ...req, giaddr: '10.8.0.1' }, 6, undefined)).toEqual({ ip: '10.8.0.1', port: 67, broadcastBit: true });
    expect(replyDestination({ ...req, ciaddr: '10.9.0.5' }, 6, undefined)).toEqual({ ip: '255.255.255.255', port: 68, mac: 'ff:ff:ff:ff:ff:ff' });
    expect(replyDestination({ ...req, ciaddr: '10.9.0.5' }, 5, '10.9.0.5')).toEqual({ ip: '10.9.0.5', port: 68 });
    expect(replyDestination({ ...req, broadcast: true }, 2, '10.9.0.100')).toEqual({ ip: '255.255.255.255', port: 68, mac: 'ff:ff:ff:ff:ff:ff' });
    expect(replyDestination(req, 2, '10.9.0.100')).toEqual({ ip: '10.9.0.100', port: 68, mac: '00:04:f2:00:00:01' });
  });
});

describe('safety probes', () => {
  it('one per vendor of the allow-list (and per full MAC), broadcast flag on and off', () => {
    const p = safetyProbes(['0004f2', '64167f', '00908f', '001565', '0004f2123456', 'aabbcc'], () => 'abcdef');
    expect(p.map((x) => `${x.label} ${x.broadcast ? 'on' : 'off'}`)).toEqual([
      'Polycom VVX 400 (0004f2abcdef) on',
      'Polycom VVX 400 (0004f2abcdef) off',
      'AudioCodes 420HD (00908fabcdef) on',
      'AudioCodes 420HD (00908fabcdef) off',
      'Yealink phone (001565abcdef) on',
      'Yealink phone (001565abcdef) off',
      'Polycom VVX 400 (0004f2123456) on',
      'Polycom VVX 400 (0004f2123456) off',
      'phone aabbcc (aabbccabcdef) on',
      'phone aabbcc (aabbccabcdef) off',
    ]);
    expect(p.find((x) => x.label.startsWith('Yealink'))!.vendorClass).toBe('yealink');
  });
});

describe('option overload (RFC 2131 §4.1, RFC 2132 §9.3)', () => {
  it('moves what does not fit 576 bytes into file, then sname, and decodes back to the same options in order', async () => {
    const { encodeFitting, decodePacket } = await import('../../electron/engine/dhcp/codec/packet');
    const url = new TextEncoder().encode(`http://10.0.0.5/${'x'.repeat(84)}`);
    const options = [{ code: 53, data: Uint8Array.of(2) }, { code: 66, data: url }, { code: 160, data: url }, { code: 43, data: new Uint8Array(110).fill(1) }, { code: 150, data: Uint8Array.of(10, 0, 0, 5) }, { code: 12, data: new Uint8Array(40).fill(65) }];
    const fit = encodeFitting({ op: 2, xid: 1, chaddr: '0004f2000001', sname: 'keep-me', options });
    expect(fit).toMatchObject({ overload: 3, dropped: [] });
    expect(fit.bytes.length).toBeLessThanOrEqual(548);
    const back = decodePacket(fit.bytes);
    expect(back.overload).toBe(3);
    expect(back.options.filter((o) => o.code !== 52).map((o) => o.code).sort()).toEqual([12, 150, 160, 43, 53, 66].sort());
    expect(Buffer.from(back.options.find((o) => o.code === 160)!.data).equals(Buffer.from(url))).toBe(true);
    const small = encodeFitting({ op: 2, xid: 1, chaddr: '0004f2000001', options: options.slice(0, 2) });
    expect(small.overload).toBeUndefined();
    const tooBig = encodeFitting({ op: 2, xid: 1, chaddr: '0004f2000001', options: [{ code: 53, data: Uint8Array.of(2) }, { code: 43, data: new Uint8Array(250) }, { code: 224, data: new Uint8Array(250) }] });
    expect(tooBig.dropped).toEqual([224]);
  });
});

describe('lease store with several pools', () => {
  it('offers from the pool asked for, skips addresses in use, and finds the lease on an address', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { LeaseStore } = await import('../../electron/engine/dhcp/leases');
    let now = 1_000_000;
    const store = new LeaseStore(join(mkdtempSync(join(tmpdir(), 'pk-leases-')), 'l.json'), [{ first: '10.9.0.100', last: '10.9.0.101' }, { first: '10.8.0.100', last: '10.8.0.150' }], () => now);
    store.markInUse('10.9.0.100');
    expect(store.offer('0004f2000001')).toBe('10.9.0.101');
    expect(store.offer('0004f2000002', undefined, { first: '10.8.0.100', last: '10.8.0.150' })).toBe('10.8.0.100');
    expect(store.offer('0004f2000003')).toBeUndefined();
    expect(await store.commit('0004f2000002', '10.8.0.100', 60, undefined, { first: '10.8.0.100', last: '10.8.0.150' })).toMatchObject({ ip: '10.8.0.100' });
    expect(await store.commit('0004f2000002', '10.9.0.101', 60, undefined, { first: '10.8.0.100', last: '10.8.0.150' })).toBeUndefined();
    expect(store.leaseAt('10.8.0.100')?.mac).toBe('0004f2000002');
    now += 61_000;
    expect(store.leaseAt('10.8.0.100')).toBeUndefined();
  });
});

describe('option order', () => {
  it('follows the parameter request list, unrequested options after in their own order', async () => {
    const { inRequestOrder } = await import('../../electron/engine/dhcp/bench-server');
    const opts = [1, 3, 6, 66, 160, 43].map((code) => ({ code }));
    expect(inRequestOrder(opts, [1, 2, 3, 6, 43, 66, 160]).map((o) => o.code)).toEqual([1, 3, 6, 43, 66, 160]);
    expect(inRequestOrder(opts, [160, 66]).map((o) => o.code)).toEqual([160, 66, 1, 3, 6, 43]);
    expect(inRequestOrder(opts, undefined).map((o) => o.code)).toEqual([1, 3, 6, 66, 160, 43]);
  });
});
