/**
 * The Phones list from cached rows (phones/phone-rows.ts): after every change — a request, a
 * request moved to another phone, a boot verdict that changed without a request, an inventory
 * edit, an upload flag — the next `listPhones` / `listPhonesJson` shows exactly what decorating
 * every summary afresh shows, and rows of phones that did not change are not rebuilt.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InventoryPhone, PhoneSummary, UploadFlag } from '../../shared/dto';
import { createLogger, silentSink } from '../../electron/engine/logger';
import { BootTracker } from '../../electron/engine/phones/boot-tracker';
import { listPhones, listPhonesJson, type PhoneListSources } from '../../electron/engine/phones/phone-list';
import { decoratePhone, PhoneRows, type Decoration } from '../../electron/engine/phones/phone-rows';
import { OuiTable } from '../../electron/engine/provisioning/oui';
import { RequestLog, type RequestRecord } from '../../electron/engine/provisioning/request-log';

const logger = createLogger('test', silentSink);
const oui = OuiTable.load(join(import.meta.dirname, '../../resources/oui.tsv'));
const T0 = 1_800_000_000_000;
const A = '0004f2aaaaaa';
const B = '0004f2bbbbbb';
const UA = 'FileTransport PolycomVVX-VVX_400-UA/5.9.5.0614 Type/Application';

function world(dhcpOnly: PhoneSummary[] = []) {
  let now = T0;
  let release: (text: string) => void = () => {};
  const master = new Promise<string>((r) => (release = r));
  const inv = new Map<string, InventoryPhone>();
  const flags = new Map<string, UploadFlag>();
  const boots = new BootTracker({ readMaster: () => master, onChange: () => {}, now: () => now });
  const log = new RequestLog({ oui, logger, boots });
  const decoration = (mac: string): Decoration => ({ inv: inv.get(mac), flag: flags.get(mac), boot: boots.verdict(mac) });
  const rows = new PhoneRows({ revision: (mac) => log.revision(mac), decoration });
  const decorate = (p: PhoneSummary) => decoratePhone(p, decoration(p.mac));
  const src: PhoneListSources = { requestLog: log, phoneRows: rows, dhcp: { dhcpOnlyPhones: () => dhcpOnly }, phones: { webPhones: () => [] }, decorate };
  let t = 0;
  const record = (over: Partial<RequestRecord>) =>
    log.record({ time: T0 + ++t, protocol: 'http', client: '10.0.0.7', method: 'GET', path: '/x', status: 200, bytesSent: 10, bytesReceived: 0, durationMs: 3, userAgent: UA, ...over });
  /** The list as decorating every summary now gives it, without the cache. */
  const fresh = () => [...log.phones().map(decorate), ...dhcpOnly.map(decorate)];
  /** listPhones and listPhonesJson agree with {@link fresh}. */
  const same = () => {
    const list = listPhones(src);
    expect(list).toEqual(fresh());
    const bytes = listPhonesJson(src);
    expect(bytes.toString('utf8')).toBe(JSON.stringify(fresh()));
    expect(bytes.length).toBe(Buffer.byteLength(JSON.stringify(fresh())));
    return list;
  };
  const row = (mac: string) => listPhones(src).find((p) => p.mac === mac)!;
  return { src, log, rows, inv, flags, boots, record, same, row, release, tick: (ms: number) => (now += ms) };
}

describe('Phones list from cached rows', () => {
  it('a phone that made a request shows it on the next call; the others keep their row', () => {
    const w = world();
    w.record({ path: `/${A}.cfg`, session: 'a' });
    w.record({ path: `/${B}.cfg`, session: 'b' });
    const first = w.same();
    const rowB = first.find((p) => p.mac === B)!;
    w.record({ path: '/site.cfg', status: 404, session: 'a' });
    const second = w.same();
    expect(second[0]).toMatchObject({ mac: A, requests: 2, errors: 1, lastPath: '/site.cfg', lastStatus: 404 });
    expect(second.find((p) => p.mac === B)).toBe(rowB);
    // Nothing changed: the same rows, the same text.
    expect(listPhones(w.src)).toEqual(second);
    expect(listPhones(w.src)[0]).toBe(second[0]);
  });

  it('a boot verdict that changes without a request (the master read back) shows on the next call', async () => {
    const w = world();
    w.record({ path: `/${A}.cfg` });
    w.tick(1000);
    expect(w.same()[0]!.boot!.reasons[0]).toMatch(/^Reading/);
    w.release('<?xml version="1.0"?><APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="site.cfg"/>');
    await expect.poll(() => w.boots.verdict(A).reasons[0]).not.toMatch(/^Reading/);
    expect(w.same()[0]!.boot!.reasons[0]).not.toMatch(/^Reading/);
    w.boots.close();
  });

  it('an inventory edit or an upload flag shows on the next call', () => {
    const w = world();
    w.record({ path: `/${A}.cfg` });
    w.same();
    w.inv.set(A, { mac: A, label: 'Lobby', model: 'VVX500', lines: [] });
    expect(w.same()[0]).toMatchObject({ inInventory: true, label: 'Lobby', modelMismatch: { reported: 'VVX400', inventory: 'VVX500' } });
    // A label outside ASCII: the list's bytes are UTF-8, counted per row.
    w.inv.set(A, { mac: A, label: 'Réception – 2ᵉ étage 📞', model: 'VVX400', lines: [] });
    const edited = w.same()[0]!;
    expect(edited.label).toBe('Réception – 2ᵉ étage 📞');
    expect(edited.modelMismatch).toBeUndefined();
    w.flags.set(A, { file: `${A}-phone.cfg`, params: ['device.prov.serverName=x'], at: T0 });
    expect(w.same()[0]!.uploadFlag).toMatchObject({ file: `${A}-phone.cfg` });
    w.inv.delete(A);
    expect(w.same()[0]).toMatchObject({ inInventory: false });
  });

  it('a request moved to its real phone changes both rows', () => {
    const w = world();
    w.record({ path: `/${A}.cfg`, session: 's1', userAgent: undefined });
    // Another phone behind the same address: guessed to be A, then it names its MAC.
    w.record({ path: '/sip.ld', session: 's2', userAgent: undefined });
    expect(w.same().find((p) => p.mac === A)).toMatchObject({ requests: 2 });
    const revA = w.log.revision(A);
    w.record({ path: `/${B}.cfg`, session: 's2', userAgent: undefined });
    expect(w.log.revision(A)).not.toBe(revA);
    const list = w.same();
    expect(list.find((p) => p.mac === A)).toMatchObject({ requests: 1 });
    expect(list.find((p) => p.mac === B)).toMatchObject({ requests: 2 });
  });

  it('phones seen only by DHCP are in the JSON as in the list', () => {
    const w = world([{ mac: '0004f2cccccc', requests: 0, errors: 0, inInventory: false }]);
    w.record({ path: `/${A}.cfg` });
    expect(w.same().map((p) => p.mac)).toEqual([A, '0004f2cccccc']);
  });
});

describe('PhoneRows', () => {
  const summary = (mac: string, requests = 1): PhoneSummary => ({ mac, requests, errors: 0, inInventory: false });

  it('builds a row again when the revision or any part of the decoration is replaced, and forgets phones no longer listed', () => {
    const revs = new Map<string, number>([
      [A, 1],
      [B, 1],
    ]);
    let d: Decoration = { inv: undefined, flag: undefined, boot: { verdict: 'booting', reasons: ['x'] } };
    const rows = new PhoneRows({ revision: (mac) => revs.get(mac) ?? 0, decoration: () => d });
    const a1 = rows.row(summary(A));
    expect(rows.row(summary(A))).toBe(a1);
    expect(rows.json(summary(A))).toMatchObject({ json: JSON.stringify(a1), bytes: Buffer.byteLength(JSON.stringify(a1)) });
    revs.set(A, 2);
    const a2 = rows.row(summary(A, 2));
    expect(a2).not.toBe(a1);
    expect(a2.requests).toBe(2);
    d = { ...d, boot: { verdict: 'booted', reasons: [] } };
    const a3 = rows.row(summary(A, 2));
    expect(a3.boot?.verdict).toBe('booted');
    expect(rows.json(summary(A, 2)).json).toBe(JSON.stringify(a3));
    d = { ...d, inv: { mac: A, label: 'L', lines: [] } };
    expect(rows.row(summary(A, 2)).label).toBe('L');
    d = { ...d, flag: { file: 'f', params: [], at: 1 } };
    expect(rows.row(summary(A, 2)).uploadFlag).toEqual({ file: 'f', params: [], at: 1 });
    rows.row(summary(B));
    expect(rows.size).toBe(2);
    rows.prune(new Set([B]));
    expect(rows.size).toBe(1);
  });
});
