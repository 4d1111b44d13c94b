/**
 * Identity without ghosts through the engine: ProvKit's own DHCP probe MAC never becomes a phone;
 * every listed phone carries its boot verdict; a model reported by the phone that differs from the
 * inventory model is flagged; the network directory keeps one row per MAC.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneSummary } from '../../shared/dto';
import { probeMac } from '../../shared/phone-identity';
import { textBytes } from '../../electron/engine/dhcp/codec/bytes';
import { encodePacket } from '../../electron/engine/dhcp/codec/packet';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { WebDirectory } from '../../electron/engine/phones/web-directory';

let engine: Engine;
let dir: string;
const phoneEvents: PhoneSummary[] = [];

function discover(mac: string): void {
  const bytes = encodePacket({ op: 1, xid: 0x77, chaddr: mac, options: [{ code: 53, data: Uint8Array.of(1) }, { code: 60, data: textBytes('Polycom') }] });
  engine.dhcp.sniffer.ingest('capture', 'eth9', { srcIp: '0.0.0.0', dstIp: '255.255.255.255', srcPort: 68, dstPort: 67, payload: bytes });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provkit-identity-'));
  engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink });
  engine.onEvent((event, payload) => event === 'phone' && phoneEvents.push(payload as PhoneSummary));
});
afterAll(async () => {
  await engine?.close();
});

describe('phone identity in the engine', () => {
  it('a DHCP probe MAC never becomes a phone; a real phone seen by DHCP does, with a boot verdict', async () => {
    const probe = probeMac('0004f2', 0x42);
    discover(probe);
    discover('0004f2c0ffe1');
    const macs = (await engine.handlers.listPhones({})).map((p) => p.mac);
    expect(macs).toContain('0004f2c0ffe1');
    expect(macs).not.toContain(probe);
    expect(phoneEvents.map((p) => p.mac)).not.toContain(probe);
    const dhcpOnly = (await engine.handlers.listPhones({})).find((p) => p.mac === '0004f2c0ffe1')!;
    expect(dhcpOnly.boot).toEqual({ verdict: 'unseen', reasons: ['ProvKit has not seen this phone ask for a file.'] });
  });

  it('flags a reported model that differs from the inventory model, on the list and the live event', async () => {
    await engine.handlers.upsertPhone({ mac: '0004f2c0ffe2', model: 'VVX400' });
    const base = { time: Date.now(), protocol: 'ftp' as const, client: '10.9.9.9', session: 'ftp:9', bytesSent: 0, bytesReceived: 0, durationMs: 1 };
    engine.requestLog.record({ ...base, method: 'RETR', path: '/0004f2c0ffe2.cfg', status: 226 });
    engine.requestLog.record({ ...base, method: 'RETR', path: '/2345-12600-001.sip.ld', status: 550 });
    const p = (await engine.handlers.listPhones({})).find((x) => x.mac === '0004f2c0ffe2')!;
    expect(p).toMatchObject({ model: 'SPIP650', modelMismatch: { reported: 'SPIP650', inventory: 'VVX400' }, inInventory: true });
    expect(p.boot?.verdict).toMatch(/booting|booted/);
    // The live event goes out within 100 ms of the request.
    await expect.poll(() => phoneEvents.filter((e) => e.mac === '0004f2c0ffe2').pop()?.modelMismatch).toEqual({ reported: 'SPIP650', inventory: 'VVX400' });
    // Same model written another way: no flag.
    await engine.handlers.upsertPhone({ mac: '0004f2c0ffe2', model: 'SoundPoint IP 650' });
    expect((await engine.handlers.listPhones({})).find((x) => x.mac === '0004f2c0ffe2')!.modelMismatch).toBeUndefined();
  });
});

describe('network directory', () => {
  it('keeps one row per MAC: the endpoint that answered last', async () => {
    const d = new WebDirectory(join(dir, 'phone-web.json'));
    d.upsert({ host: '10.0.0.5', port: 80, https: false }, { source: 'requests', info: { mac: '0004f2c0ffe3', dialect: 'rest' } as never });
    d.upsert({ host: '10.0.0.5', port: 443, https: true }, { source: 'scan', info: { mac: '0004f2c0ffe3', dialect: 'rest' } as never });
    d.upsert({ host: '10.0.0.6', port: 80, https: false }, { source: 'scan', info: { mac: '0004f2c0ffe4', dialect: 'rest' } as never });
    expect(d.list().map((p) => [p.key, p.mac])).toEqual([
      ['10.0.0.6', '0004f2c0ffe4'],
      ['https://10.0.0.5', '0004f2c0ffe3'],
    ]);
    await d.flush();
  });
});
