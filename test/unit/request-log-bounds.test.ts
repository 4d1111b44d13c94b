/**
 * What the request log keeps is bounded by its cap and by the phones it has seen, never by the
 * requests it was told of: old events are dropped with their index entries, and what repeats from
 * request to request (address, User-Agent, headers) is held once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, silentSink } from '../../electron/engine/logger';
import { InternPool } from '../../electron/engine/provisioning/intern-pool';
import { OuiTable } from '../../electron/engine/provisioning/oui';
import { RequestLog, type RequestRecord } from '../../electron/engine/provisioning/request-log';

const logger = createLogger('test', silentSink);
const oui = OuiTable.load(join(import.meta.dirname, '../../resources/oui.tsv'));
const mac = (i: number) => `0004f2${i.toString(16).padStart(6, '0')}`;
/** A fresh copy of a string (as a record from the worker thread carries). */
const copy = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

/** One HTTP request of phone `i` from `client`, as the front reports it (fresh strings each time). */
function request(i: number, client: string, path: string, time: number): RequestRecord {
  const ua = copy(`FileTransport PolycomVVX-VVX_400-UA/6.4.3.0001 (SN:${mac(i)}) Type/Application`);
  return {
    time, protocol: 'http', client: copy(client), method: 'GET', path, status: 200, bytesSent: 10, bytesReceived: 0, durationMs: 1,
    userAgent: ua, session: copy(`${client}|${ua}`), requestLine: `GET ${path} HTTP/1.1`,
    headers: [[copy('Host'), copy('10.0.0.1')], [copy('User-Agent'), ua], [copy('Accept'), copy('*/*')]],
  };
}

describe('RequestLog bounds', () => {
  it('keeps at most the cap of events; indexes and guesses shrink with them; summaries one per phone', () => {
    const cap = 200;
    const log = new RequestLog({ oui, logger, maxEvents: cap });
    let t = 1_700_000_000_000;
    // 50 phones, each from its own address, booting 20 times: 5,000 requests for a cap of 200.
    for (let boot = 0; boot < 20; boot++) {
      for (let i = 0; i < 50; i++) {
        for (const path of ['/bootrom.ld', `/${mac(i)}.cfg`, '/sip.ld', '/site.cfg', `/${mac(i)}-boot.log`]) {
          log.record(request(i, `10.0.${boot}.${i}`, path, t++));
        }
      }
      const s = log.size;
      expect(s.events).toBeLessThanOrEqual(cap + (cap >> 4));
      expect(s.phones).toBe(50);
      // Only addresses and sessions with kept events are remembered (each phone moved address every boot).
      expect(s.clients).toBeLessThanOrEqual(s.events);
      expect(s.sessions).toBeLessThanOrEqual(s.events);
      expect(s.sessionMacs).toBeLessThanOrEqual(s.sessions);
      expect(s.addressMacs).toBeLessThanOrEqual(s.clients);
      expect(s.macs).toBeLessThanOrEqual(50);
    }
    expect(log.size.clients).toBeLessThan(200);
    // The newest boot is whole, each phone's timeline its newest requests, oldest first.
    expect(log.timeline(mac(49)).map((e) => e.path)).toEqual(['/bootrom.ld', `/${mac(49)}.cfg`, '/sip.ld', '/site.cfg', `/${mac(49)}-boot.log`]);
    // (The summary counts every request the phone made, kept or not.)
    expect(log.phone(mac(49))).toMatchObject({ requests: 100, lastAddress: '10.0.19.49' });
    // An address whose requests were all dropped guesses no MAC any more.
    expect(log.macForAddress('10.0.0.7')).toBeUndefined();
    expect(log.macForAddress('10.0.19.40')).toBe(mac(40));
  });

  it('remembers where each phone fetched files from after its requests are dropped (a few addresses per phone)', () => {
    const log = new RequestLog({ oui, logger, maxEvents: 50 });
    let t = 1;
    log.record(request(1, '10.0.0.1', `/${mac(1)}.cfg`, t++));
    log.record({ ...request(1, '10.0.0.9', `/${mac(1)}-app.log`, t++), method: 'PUT' });
    for (let i = 2; i < 100; i++) log.record(request(i, '10.0.1.1', `/${mac(i)}.cfg`, t++));
    expect(log.timeline(mac(1))).toEqual([]);
    expect(log.fetchedFrom(mac(1), '10.0.0.1')).toBe(true);
    // An upload is no fetch.
    expect(log.fetchedFrom(mac(1), '10.0.0.9')).toBe(false);
    for (let a = 2; a <= 10; a++) log.record(request(1, `10.0.0.${a}`, '/sip.ld', t++));
    expect(log.fetchedFrom(mac(1), '10.0.0.10')).toBe(true);
    expect(log.fetchedFrom(mac(1), `10.0.0.${10 - RequestLog.FETCHED_FROM_MAX}`)).toBe(false);
  });

  it('the events of one phone share its address, User-Agent, session and header list', () => {
    const log = new RequestLog({ oui, logger });
    const a = log.record(request(1, '10.0.0.1', '/0004f2000001.cfg', 1));
    const b = log.record(request(1, '10.0.0.1', '/sip.ld', 2));
    expect(b.userAgent).toBe(a.userAgent);
    expect(b.session).toBe(a.session);
    expect(b.headers).toBe(a.headers);
    expect(b.phone.firmware).toBe('6.4.3.0001');
    // Another phone: its own User-Agent and header list, the same header names and Accept value.
    const c = log.record(request(2, '10.0.0.1', '/sip.ld', 3));
    expect(c.headers).not.toBe(a.headers);
    expect(c.headers![2]).toEqual(['Accept', '*/*']);
    expect(c.headers![0]![0]).toBe(a.headers![0]![0]);
  });
});

describe('InternPool', () => {
  it('gives one copy per content, and holds at most max entries of each kind', () => {
    const pool = new InternPool(4, 4);
    const x = pool.str(copy('127.0.0.1:12345'));
    expect(pool.str(copy('127.0.0.1:12345'))).toBe(x);
    expect(pool.str(undefined)).toBeUndefined();
    for (let i = 0; i < 10; i++) pool.str(`s${i}`);
    expect(pool.size.strings).toBeLessThanOrEqual(4);
    const h = pool.headers([['Host', 'a'], ['Accept', '*/*']])!;
    expect(pool.headers([[copy('Host'), copy('a')], ['Accept', copy('*/*')]])).toBe(h);
    expect(pool.headers([['Host', 'b'], ['Accept', '*/*']])).not.toBe(h);
    expect(pool.headers([['Host', 'a\u0000'], ['Accept', '*/*']])).not.toBe(h);
    for (let i = 0; i < 10; i++) pool.headers([['Host', `h${i}`]]);
    expect(pool.size.lists).toBeLessThanOrEqual(4);
    expect(pool.headers([['Host', 'h9']])).toEqual([['Host', 'h9']]);
  });

  it('keeps sharing what is in use however many other strings come (two generations)', () => {
    const pool = new InternPool(4, 4);
    const ua = pool.str(copy('FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 (SN:0004f2a00001)'));
    for (let i = 0; i < 100; i++) {
      pool.str(`other string number ${i}`);
      expect(pool.str(copy('FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 (SN:0004f2a00001)'))).toBe(ua);
    }
    expect(pool.size.strings).toBeLessThanOrEqual(4);
  });
});
