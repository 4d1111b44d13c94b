/**
 * Finding phones: a subnet scan of loopback addresses (simulated phones of each dialect on
 * 127.0.0.21-23, a non-phone web server on .24, nothing elsewhere) identifies each phone with
 * getInfo and skips the rest; the sources (request log, neighbour table), the OUI filter and the
 * de-duplication by MAC are checked with injected tables.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneDiscoveryProgress, WebPhone } from '../../shared/api-phones';
import type { PhoneEndpoint } from '../../shared/phone-web';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { discover } from '../../electron/engine/phones/discovery/discover';
import { NotAPolycomError, UnreachableError } from '../../electron/engine/phones/phone-errors';
import { startSimPhone, stopSimPhones } from '../helpers/sim-phones';

const linux = process.platform === 'linux';
let engine: Engine;
let other: Server | undefined;
let port = 0;

beforeAll(async () => {
  engine = await Engine.create({ dataDir: await mkdtemp(join(tmpdir(), 'provkit-disc-')), mode: 'headless', logSink: silentSink });
  if (!linux) return;
  const first = await startSimPhone({ dialect: 'legacy', mac: '0004f2f00021' }, { bind: '127.0.0.21' });
  port = first.port;
  await startSimPhone({ dialect: 'ucs6', mac: '0004f2f00022' }, { bind: '127.0.0.22', port });
  await startSimPhone({ dialect: 'rest', mac: '0004f2f00023', password: 'R3st!' }, { bind: '127.0.0.23', port });
  other = createServer((_q, r) => r.end('<title>Router</title>'));
  await new Promise<void>((r) => other!.listen(port, '127.0.0.24', r));
});

afterAll(async () => {
  await stopSimPhones();
  await new Promise((r) => (other ? other.close(r) : r(undefined)));
  await engine?.close();
});

describe.skipIf(!linux)('subnet scan (loopback addresses 127.0.0.16/28; Linux routes all of 127/8 to lo)', () => {
  it('finds and identifies the three phones, skips the router and empty addresses', async () => {
    await engine.handlers.addPhoneCredential({ site: 'default', password: 'R3st!' });
    const progress: PhoneDiscoveryProgress[] = [];
    engine.onEvent((e, p) => e === 'phoneDiscovery' && progress.push(p as PhoneDiscoveryProgress));
    const started = Date.now();
    const res = await engine.handlers.discoverPhones({ known: false, scan: { cidr: '127.0.0.16/28', ports: [port] } });
    const elapsed = Date.now() - started;
    expect(res.phones.map((p) => [p.host, p.mac, p.dialect, p.info?.model])).toEqual([
      ['127.0.0.21', '0004f2f00021', 'legacy', 'VVX 400'],
      ['127.0.0.22', '0004f2f00022', 'ucs6', 'VVX 400'],
      ['127.0.0.23', '0004f2f00023', 'rest', 'VVX 400'],
    ]);
    expect(res.phones.every((p) => p.sources.includes('scan') && p.vendor === 'Polycom' && !p.error)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ scanId: res.scanId, state: 'done', scanned: 14, total: 14, found: 3 });
    expect(elapsed).toBeLessThan(15_000);
    // Remembered: a MAC now resolves to its web endpoint.
    const info = await engine.handlers.phoneInfo({ target: { mac: '0004f2f00022' } });
    expect(info).toMatchObject({ host: '127.0.0.22', port, dialect: 'ucs6' });
    expect((await engine.handlers.listWebPhones({})).length).toBe(3);
  });

  it('refuses a subnet too large to scan, before contacting anything', async () => {
    await expect(engine.handlers.discoverPhones({ known: false, scan: { cidr: '10.0.0.0/8' } })).rejects.toMatchObject({ code: 'BAD_CIDR' });
  });
});

describe('DHCP as a source', () => {
  it('a phone DHCP gave an address to is tried there (nothing answers on 127.0.0.9: listed as unreachable)', async () => {
    engine.phones.neighbourSource = async () => []; // this test contacts loopback only, whatever the real ARP table holds
    engine.phones.noteDhcp({ mac: '0004f2f00099', yiaddr: '127.0.0.9', messageType: 'DHCPACK' });
    engine.phones.noteDhcp({ mac: '0004f2f00098', yiaddr: '0.0.0.0', messageType: 'DHCPACK' }); // no address: ignored
    engine.phones.noteDhcp({ nonsense: true });
    const res = await engine.handlers.discoverPhones({ known: true });
    const row = res.phones.find((p) => p.host === '127.0.0.9');
    expect(row).toMatchObject({ sources: ['dhcp'], mac: '0004f2f00099', error: { code: 'UNREACHABLE' } });
    expect(res.phones.some((p) => p.mac === '0004f2f00098')).toBe(false);
  });
});

describe('discovery sources, OUI filter, de-duplication', () => {
  it('takes request-log and neighbour-table phones with a Polycom OUI, once per MAC', async () => {
    const tried: PhoneEndpoint[] = [];
    const stored: WebPhone[] = [];
    const res = await discover(
      {
        seenPhones: () => [
          { mac: '0004f2000001', address: '10.9.0.1' },
          { mac: '00908f000002', address: '10.9.0.2' }, // AudioCodes: not this client's phones
          { mac: '0004f2000003' }, // no address known
        ],
        neighbours: async () => [
          { address: '10.9.0.1', mac: '0004f2000001' }, // the same phone again
          { address: '10.9.0.4', mac: '64167f000004' },
          { address: '10.9.0.5', mac: '001122334455' },
          { address: '10.9.0.6', mac: '482567000006' },
        ],
        identify: async (e) => {
          tried.push(e);
          if (e.host === '10.9.0.6') throw new UnreachableError(e.host, 'connection refused');
          return { endpoint: { host: e.host, port: 80, https: false }, info: { mac: e.host === '10.9.0.1' ? '0004f2000001' : '64167f000004', dialect: 'legacy', host: e.host, port: 80, https: false, checkedAt: 0 } };
        },
        store: (e, patch) => {
          const row = { key: e.host, host: e.host, port: e.port, https: e.https, sources: [patch.source], seenAt: 0, ...patch } as WebPhone;
          stored.push(row);
          return row;
        },
        vendorOf: () => undefined,
        progress: () => {},
      },
      { known: true },
    );
    expect(tried.map((e) => e.host)).toEqual(['10.9.0.1', '10.9.0.4', '10.9.0.6']);
    expect(res.phones.map((p) => [p.host, p.sources[0], p.error?.code ?? 'ok'])).toEqual([
      ['10.9.0.1', 'requests', 'ok'],
      ['10.9.0.4', 'neighbours', 'ok'],
      ['10.9.0.6', 'neighbours', 'UNREACHABLE'],
    ]);
  });

  it('a scan hit whose MAC has another vendor\u2019s OUI is not probed (OUI filter), unless the filter is off; non-phone pages are dropped', async () => {
    const hitsFor = async (ouiFilter: boolean) => {
      const tried: string[] = [];
      const srv = createServer((_q, r) => r.end('x'));
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const p = (srv.address() as { port: number }).port;
      try {
        const res = await discover(
          {
            seenPhones: () => [],
            neighbours: async () => [{ address: '127.0.0.1', mac: '001122334455' }],
            identify: async (e) => {
              tried.push(e.host);
              throw new NotAPolycomError(e.host, 'its web server is "x"');
            },
            store: () => {
              throw new Error('a non-phone must not be stored');
            },
            vendorOf: () => undefined,
            progress: () => {},
          },
          { known: false, scan: { cidr: '127.0.0.1/32', ports: [p], ouiFilter } },
        );
        return { tried, found: res.phones.length };
      } finally {
        srv.close();
      }
    };
    expect(await hitsFor(true)).toEqual({ tried: [], found: 0 });
    expect(await hitsFor(false)).toEqual({ tried: ['127.0.0.1'], found: 0 });
  });
});
