import { parse } from 'csv-parse/sync';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { SyslogLine } from '../../shared/api-phones';
import type { DhcpPacketEvent } from '../../shared/dhcp-dto';
import { createConnectionSource } from '../../renderer/src/api/transport';
import { AppHeader } from '../../renderer/src/components/AppHeader';
import { logCsv } from '../../renderer/src/log/log-csv';
import { fromDhcp, fromRequest, fromSyslog, matcher, NO_FILTER, type LogFilter } from '../../renderer/src/log/log-entry';
import { StoresProvider } from '../../renderer/src/store/context';
import { createConnectionStore } from '../../renderer/src/store/connection';
import { createEngineStore } from '../../renderer/src/store/engine';
import type { AppStores } from '../../renderer/src/store/index';
import { createLogStore, mergeLog } from '../../renderer/src/store/log';
import { createServersStore } from '../../renderer/src/store/servers';
import { FakeClient, request, server } from './renderer-fake-client';

const dhcp = (extra: Partial<DhcpPacketEvent> = {}): DhcpPacketEvent => ({
  id: 1, time: 1_700_000_000_500, source: 'socket', src: '0.0.0.0:68', dst: '255.255.255.255:67', op: 1, xid: '0x1234', mac: '0004f2a00001',
  messageType: 'DISCOVER', vendorClass: 'Polycom-VVX400', transaction: ['DISCOVER'], options: [], ...extra,
});
const syslog = (extra: Partial<SyslogLine> = {}): SyslogLine => ({ id: 1, time: 1_700_000_000_700, address: '10.0.0.23', format: 'rfc3164', severity: 6, app: 'sip', message: 'registered', ...extra });

const failedLogin = request(undefined, { protocol: 'ftp', method: 'PASS', path: '/', status: 530, ok: false, client: '10.0.0.9', error: 'login refused for user "PlcmSpIp"', time: 1_700_000_000_100 });
const notFound = request(undefined, { path: '/nothing.cfg', status: 404, ok: false, client: '10.0.0.9', userAgent: 'curl/8.5', time: 1_700_000_000_200 });
const phoneOk = request('0004f2a00001', { time: 1_700_000_000_300 });
const tftpMiss = request(undefined, { protocol: 'tftp', method: 'RRQ', path: '/x.cfg', status: 404, ok: false, time: 1_700_000_000_400 });
const rows = [failedLogin, notFound, phoneOk, tftpMiss].map(fromRequest).concat(fromDhcp(dhcp()), fromSyslog(syslog()), fromSyslog(syslog({ id: 2, severity: 3, message: 'TFTP boot failed' })));
const keys = (f: Partial<LogFilter>) => rows.filter(matcher({ ...NO_FILTER, ...f })).map((r) => `${r.source} ${r.method} ${r.status ?? '-'}`);

describe('log rows and filters', () => {
  it('turns requests, DHCP packets and syslog lines into rows', () => {
    expect(rows[0]).toMatchObject({ source: 'ftp', method: 'PASS', status: 530, ok: false, client: '10.0.0.9' });
    expect(rows[0]!.mac).toBeUndefined();
    expect(rows[4]).toMatchObject({ source: 'dhcp', method: 'DISCOVER', mac: '0004f2a00001', client: '0.0.0.0', ok: true });
    expect(rows[4]!.what).toBe('Polycom-VVX400');
    expect(fromDhcp(dhcp({ phone: { vendor: 'Polycom', model: 'VVX400' }, messageType: 'ACK', yiaddr: '10.0.0.55', serverId: '10.0.0.1', offered: { option66: 'http://10.0.0.1/' } })).what).toBe(
      'Polycom VVX400, address 10.0.0.55, from server 10.0.0.1, option 66 http://10.0.0.1/',
    );
    expect(rows[6]).toMatchObject({ source: 'syslog', ok: false, error: 'severity error' });
  });
  it('filters by protocol, status class, address, MAC (any notation) and text', () => {
    expect(keys({ sources: ['ftp', 'tftp'] })).toEqual(['ftp PASS 530', 'tftp RRQ 404']);
    expect(keys({ status: '5xx' })).toEqual(['ftp PASS 530']);
    expect(keys({ status: '4xx' })).toEqual(['http GET 404', 'tftp RRQ 404']);
    expect(keys({ status: 'failed' })).toEqual(['ftp PASS 530', 'http GET 404', 'tftp RRQ 404', 'syslog sip -']);
    expect(keys({ status: '2xx' })).toEqual(['http GET 200']);
    expect(keys({ address: '10.0.0.9' })).toEqual(['ftp PASS 530', 'http GET 404']);
    expect(keys({ mac: '00:04:F2:A0:00:01' })).toEqual(['http GET 200', 'dhcp DISCOVER -']);
    expect(keys({ text: 'CURL/' })).toEqual(['http GET 404']);
    expect(keys({ text: 'plcmspip' })).toEqual(['ftp PASS 530']);
  });
});

describe('log CSV', () => {
  it('quotes what needs quoting, escapes formulas, and reads back with a CSV parser', () => {
    const nasty = fromRequest(request(undefined, { path: '/a,"b"\nc.cfg', userAgent: '=HYPERLINK("http://x")', status: 404, ok: false, error: 'no such file' }));
    const text = logCsv([rows[0]!, nasty]);
    expect(text.split('\r\n')[0]).toBe('time,protocol,client,mac,method,path_or_message,status,ok,bytes_sent,bytes_received,duration_ms,user_agent,error');
    const back = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(back).toHaveLength(2);
    expect(back[0]).toMatchObject({ protocol: 'ftp', method: 'PASS', status: '530', ok: 'no', error: 'login refused for user "PlcmSpIp"', time: '2023-11-14T22:13:20.100Z' });
    expect(back[1]!.path_or_message).toBe('/a,"b"\nc.cfg');
    expect(back[1]!.user_agent).toBe('\'=HYPERLINK("http://x")');
  });
});

describe('log store', () => {
  it('loads the three sources in time order, adds live events, replaces an amended request', async () => {
    const fake = new FakeClient()
      .handle('listRequests', () => [notFound, failedLogin])
      .handle('dhcpListPackets', () => [dhcp()])
      .handle('listSyslog', () => {
        throw new Error('syslog receiver not available');
      });
    const store = createLogStore(fake);
    const off = store.getState().attach();
    await store.getState().load();
    expect(store.getState().rows.map((r) => r.key)).toEqual([`req:${failedLogin.id}`, `req:${notFound.id}`, 'dhcp:1']);
    fake.emit('syslog', syslog({ id: 9, time: 1_700_000_001_000 }));
    fake.emit('request', { ...notFound, phone: { mac: '0004f2a00001', macSource: 'address' } });
    await vi.waitFor(() => expect(store.getState().rows).toHaveLength(4));
    const s = store.getState().rows;
    expect(s.map((r) => r.key)).toEqual([`req:${failedLogin.id}`, `req:${notFound.id}`, 'dhcp:1', 'syslog:9']);
    expect(s[1]!.mac).toBe('0004f2a00001');
    off();
  });
  it('keeps the newest rows only', () => {
    const many = Array.from({ length: 12 }, (_, i) => fromRequest(request(undefined, { time: 1_000 + i })));
    expect(mergeLog([], many, 10).map((r) => r.time)).toEqual(many.slice(2).map((r) => r.time));
  });
});

describe('header pills', () => {
  it('turn grey with "engine not connected" while the engine is gone', async () => {
    const fake = new FakeClient().handle('listServers', () => [server('http', { state: 'listening', boundPort: 80 })]);
    const servers = createServersStore(fake);
    await servers.getState().load();
    const source = createConnectionSource('open');
    const conn = createConnectionStore(source);
    const stores = { servers, engine: createEngineStore(fake), connection: conn.store } as unknown as AppStores;
    // Server rendering reads zustand's initial state: make it follow the current one.
    for (const st of [servers, conn.store] as Array<{ getInitialState: () => unknown; getState: () => unknown }>) st.getInitialState = st.getState;
    const html = () => renderToStaticMarkup(<StoresProvider stores={stores}><AppHeader /></StoresProvider>);
    expect(html()).toContain('server-chip state-listening');
    expect(html()).not.toContain('engine not connected');
    source.set('down');
    expect(html()).toContain('server-chip state-unknown');
    expect(html()).toContain('HTTP server: unknown, the engine is not connected');
    expect(html()).not.toContain('state-listening');
  });
});

describe('mergeLog', () => {
  it('appends newer rows, replaces a row with the same key (same time), and sorts older ones in', () => {
    const a = fromRequest(request(undefined, { id: 501, time: 10 }));
    const b = fromRequest(request(undefined, { id: 502, time: 20 }));
    const c = fromRequest(request(undefined, { id: 503, time: 20 }));
    const base = mergeLog([], [a, b]);
    expect(mergeLog(base, [c]).map((r) => r.key)).toEqual(['req:501', 'req:502', 'req:503']);
    const amended = { ...b, mac: '0004f2a00001' };
    const out = mergeLog(mergeLog(base, [c]), [amended]);
    expect(out.map((r) => r.key)).toEqual(['req:501', 'req:502', 'req:503']);
    expect(out[1]!.mac).toBe('0004f2a00001');
    const older = fromRequest(request(undefined, { id: 500, time: 5 }));
    expect(mergeLog(out, [older]).map((r) => r.key)).toEqual(['req:500', 'req:501', 'req:502', 'req:503']);
  });
});
