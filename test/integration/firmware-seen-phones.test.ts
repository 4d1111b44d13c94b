/**
 * Adding phones to the upgrade queue from what ProvKit has seen: a phone that
 * booted against the HTTP server (User-Agent: model, version; its address) and a phone seen only
 * by DHCP (Polycom vendor class: model and version; the address in the ACK) are listed for the
 * picker and queued with what was seen; phones whose model or version is unknown are refused with
 * the reason; a queued phone is not queued twice. DHCP packets are fed to the sniffer as the
 * capture backend delivers them (no network needed); the boot is the simulator over loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPolycomModel } from '../../shared/models';
import { encodePacket } from '../../electron/engine/dhcp/codec/packet';
import { encodePolycomVendorClass } from '../../electron/engine/dhcp/codec/vendor-class';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { simulatePolycomBoot } from '../../electron/engine/simulator/polycom-boot';
import { writePackageFolder } from '../helpers/firmware';
import { startSimPhone, stopSimPhones } from '../helpers/sim-phones';

const BOOTED = '0004f2f30001';
const DHCP_ONLY = '0004f2f30002';
const UNKNOWN = '0004f2f30003';
let dir: string;
let engine: Engine;

function dhcp(type: 1 | 5, mac: string, vendorClass?: Uint8Array, yiaddr?: string): void {
  const op = type === 1 ? 1 : 2;
  const bytes = encodePacket({ op, xid: 0x6001, chaddr: mac, ...(yiaddr ? { yiaddr } : {}), options: [{ code: 53, data: Uint8Array.of(type) }, ...(vendorClass ? [{ code: 60, data: vendorClass }] : [])] });
  engine.dhcp.sniffer.ingest('capture', 'eth9', { srcIp: op === 1 ? '0.0.0.0' : '10.0.0.1', dstIp: '255.255.255.255', srcPort: op === 1 ? 68 : 67, dstPort: op === 1 ? 67 : 68, payload: bytes });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pk-fwseen-'));
  engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink, overrides: { http: { bind: '127.0.0.1', port: 0 } } });
  const port = (await engine.servers.http.start()).boundPort!;
  await simulatePolycomBoot({ server: `http://127.0.0.1:${port}/`, mac: BOOTED, model: 'VVX310', appVersion: '5.4.3.2036', tagSerialNo: true });
  const m = findPolycomModel('VVX400')!;
  dhcp(1, DHCP_ONLY, encodePolycomVendorClass({ model: `VVX-${m.uaToken}`, partNumber: `${m.partNumber},1`, appVersion: '5.2.2.0501', bootromVersion: '5.9.5.0614' }));
  dhcp(5, DHCP_ONLY, undefined, '10.0.0.42');
  dhcp(1, UNKNOWN); // a Polycom MAC prefix, no vendor class: model unknown
  await engine.handlers.firmwareImport({ path: await writePackageFolder(dir, 'pkg', '5.9.6.2327', ['VVX400', 'VVX310'], 4096) });
  await engine.handlers.firmwareQueueConfigure({ stepTimeoutMs: 600_000 });
}, 30_000);

afterAll(async () => {
  await stopSimPhones();
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('queue phones ProvKit has seen', () => {
  it('lists seen phones with model, firmware, address and where they were seen', async () => {
    const seen = await engine.handlers.firmwareSeenPhones({});
    expect(seen.find((p) => p.mac === BOOTED)).toMatchObject({ model: 'VVX310', firmware: '5.4.3.2036', address: '127.0.0.1', source: 'requests' });
    expect(seen.find((p) => p.mac === DHCP_ONLY)).toMatchObject({ model: 'VVX400', firmware: '5.2.2.0501', address: '10.0.0.42', source: 'dhcp' });
    const unknown = seen.find((p) => p.mac === UNKNOWN)!;
    expect(unknown.source).toBe('dhcp');
    expect(unknown.why).toMatch(/model is not known yet/);
    expect(seen.filter((p) => !p.why).every((p) => p.queued === undefined)).toBe(true);
  });

  it('queues them with what was seen, refuses the unknown one with the reason, never twice', async () => {
    const r = await engine.handlers.firmwareQueueAddSeen({ macs: [BOOTED, '00:04:F2:F3:00:02', UNKNOWN, 'nonsense'], control: 'manual' });
    expect(r.added.map((p) => [p.mac, p.model, p.from, p.to, p.host, p.control])).toEqual([
      [BOOTED, 'VVX310', '5.4.3.2036', '5.9.6.2327', '127.0.0.1', 'manual'],
      [DHCP_ONLY, 'VVX400', '5.2.2.0501', '5.9.6.2327', '10.0.0.42', 'manual'],
    ]);
    expect(r.refused).toEqual([
      { mac: 'nonsense', reason: expect.stringMatching(/MAC/i) },
      { mac: UNKNOWN, reason: expect.stringMatching(/model is not known yet.*add it with a CSV line/) },
    ]);
    const again = await engine.handlers.firmwareQueueAddSeen({ macs: [BOOTED] });
    expect(again.added).toEqual([]);
    expect(again.refused).toEqual([{ mac: BOOTED, reason: expect.stringMatching(/already in the queue/) }]);
    expect((await engine.handlers.firmwareSeenPhones({})).find((p) => p.mac === BOOTED)!.queued).toBeTruthy();
    expect(engine.firmware.queue.state.phones).toHaveLength(2);
  });

  it('a phone added by CSV line without an address gets the one it was seen at', async () => {
    await engine.handlers.firmwareQueueClear({});
    await engine.handlers.firmwareQueuePause({ paused: true });
    const r = await engine.handlers.firmwareQueueAdd({ phones: [{ mac: UNKNOWN, model: 'VVX400', current: '5.4.3.2036' }] });
    expect(r.added[0]).toMatchObject({ mac: UNKNOWN });
    expect(r.added[0]!.host).toBeUndefined(); // DHCP saw no address for it (no ACK)
  });

  it.skipIf(process.platform !== 'linux')('lists a phone found by the network scan (not seen otherwise) and queues it with the version it reports', async () => {
    const sim = await startSimPhone({ dialect: 'legacy', mac: '0004f2f3a077', model: 'VVX310', appVersion: '5.4.3.2036', password: 'Sc4nPw' }, { bind: '127.0.0.77' });
    await engine.handlers.addPhoneCredential({ site: 'default', password: 'Sc4nPw' });
    const found = await engine.handlers.discoverPhones({ known: false, scan: { cidr: '127.0.0.77/32', ports: [sim.port] } });
    expect(found.phones.map((p) => p.mac)).toEqual(['0004f2f3a077']);
    const seen = (await engine.handlers.firmwareSeenPhones({})).find((p) => p.mac === '0004f2f3a077');
    expect(seen).toMatchObject({ source: 'scan', model: 'VVX310', firmware: '5.4.3.2036', address: `127.0.0.77:${sim.port}` });
    expect(seen!.why).toBeUndefined();
    const r = await engine.handlers.firmwareQueueAddSeen({ macs: ['0004f2f3a077'], control: 'manual' });
    expect(r.refused).toEqual([]);
    expect(r.added[0]).toMatchObject({ mac: '0004f2f3a077', model: 'VVX310', from: '5.4.3.2036', host: `127.0.0.77:${sim.port}` });
  }, 30_000);
});
