import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, silentSink } from '../../electron/engine/logger';
import { OuiTable } from '../../electron/engine/provisioning/oui';
import { RequestLog, type RequestRecord } from '../../electron/engine/provisioning/request-log';

const logger = createLogger('test', silentSink);
const oui = OuiTable.load(join(import.meta.dirname, '../../resources/oui.tsv'));
const rec = (over: Partial<RequestRecord>): RequestRecord => ({
  time: 1_700_000_000_000, protocol: 'http', client: '10.0.0.7', method: 'GET', path: '/x', status: 200, bytesSent: 10, bytesReceived: 0, durationMs: 3, ...over,
});

describe('RequestLog', () => {
  it('attributes requests by path, User-Agent and client address', () => {
    const log = new RequestLog({ oui, logger });
    const a = log.record(rec({ path: '/0004f2aabbcc.cfg', status: 404, userAgent: 'FileTransport PolycomVVX-VVX_400-UA/5.9.5.0614 Type/Updater' }));
    expect(a.phone).toMatchObject({ mac: '0004f2aabbcc', macSource: 'path', ouiVendor: 'Polycom', model: 'VVX400', stage: 'Updater' });
    expect(a.ok).toBe(false);
    expect(a.fileKind).toBe('master-config');
    const b = log.record(rec({ path: '/sip.ld', bytesSent: 1000 }));
    expect(b.phone).toMatchObject({ mac: '0004f2aabbcc', macSource: 'address' });
    const c = log.record(rec({ client: '10.0.0.8', path: '/sip.ld', userAgent: 'FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 (SN:0004f2000001) Type/Application' }));
    expect(c.phone).toMatchObject({ mac: '0004f2000001', macSource: 'user-agent', firmware: '5.9.6.2327' });
    const d = log.record(rec({ client: '10.0.0.9', path: '/000000000000.cfg' }));
    expect(d.phone.mac).toBeUndefined();
    const p = log.phone('0004f2aabbcc')!;
    expect(p).toMatchObject({ requests: 2, errors: 1, lastPath: '/sip.ld', model: 'VVX400' });
    expect(log.timeline('0004f2aabbcc').map((e) => e.path)).toEqual(['/0004f2aabbcc.cfg', '/sip.ld']);
  });

  it('a Yealink request for a model-wide file is the User-Agent MAC\u2019s phone, never a ghost', () => {
    const log = new RequestLog({ oui, logger });
    const e = log.record(rec({ path: '/y000000000028.cfg', userAgent: 'Yealink SIP-T46G 28.72.0.1 00:15:65:4a:a9:37' }));
    expect(e.phone).toMatchObject({ mac: '0015654aa937', macSource: 'user-agent', vendor: 'Yealink', model: 'SIP-T46G' });
    log.record(rec({ client: '10.0.0.99', path: '/y000000000028.cfg' }));
    expect(log.phones().map((p) => p.mac)).toEqual(['0015654aa937']);
  });

  it('the User-Agent MAC wins over a MAC-like file name', () => {
    const log = new RequestLog({ oui, logger });
    const e = log.record(rec({ path: '/0004f2000099.cfg', userAgent: 'FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 (SN:0004f2000001) Type/Application' }));
    expect(e.phone).toMatchObject({ mac: '0004f2000001', macSource: 'user-agent' });
  });

  it('an FTP/TFTP boot tells the model by the part-numbered image it asks for', () => {
    const log = new RequestLog({ oui, logger });
    log.record(rec({ protocol: 'tftp', method: 'RRQ', path: '/0004f2a00003.cfg', client: '10.0.0.50' }));
    const fw = log.record(rec({ protocol: 'tftp', method: 'RRQ', path: '/2345-12600-001.sip.ld', client: '10.0.0.50', status: 404 }));
    expect(fw.phone).toMatchObject({ mac: '0004f2a00003', model: 'SPIP650', vendor: 'Polycom' });
    expect(log.phone('0004f2a00003')).toMatchObject({ model: 'SPIP650' });
    // Over TFTP each transfer has its own port: the image asked for before the master still joins the phone.
    const tftp = new RequestLog({ oui, logger });
    tftp.record(rec({ protocol: 'tftp', method: 'RRQ', session: 'tftp:10.0.0.51:3001', client: '10.0.0.51', path: '/2345-12600-001.bootrom.ld', status: 404 }));
    tftp.record(rec({ protocol: 'tftp', method: 'RRQ', session: 'tftp:10.0.0.51:3002', client: '10.0.0.51', path: '/0004f2a00006.cfg' }));
    expect(tftp.timeline('0004f2a00006').map((e) => e.path)).toEqual(['/2345-12600-001.bootrom.ld', '/0004f2a00006.cfg']);
    expect(tftp.phone('0004f2a00006')).toMatchObject({ model: 'SPIP650' });
    // An earlier request given the MAC late still tells the model.
    const ftp = new RequestLog({ oui, logger });
    ftp.record(rec({ protocol: 'ftp', method: 'RETR', session: 'ftp:1', path: '/2345-12600-001.bootrom.ld', status: 550 }));
    ftp.record(rec({ protocol: 'ftp', method: 'RETR', session: 'ftp:1', path: '/0004f2a00004.cfg', status: 226 }));
    expect(ftp.phone('0004f2a00004')).toMatchObject({ model: 'SPIP650' });
  });

  it('tells the boot observer of every request counted and of a phone recounted', () => {
    const seen: string[] = [];
    const log = new RequestLog({ oui, logger, boots: { add: (mac, ev) => seen.push(`${mac} ${ev.path}`), forget: (mac) => seen.push(`forget ${mac}`) } });
    log.record(rec({ session: 's', path: '/bootrom.ld', status: 404 }));
    log.record(rec({ session: 's', path: '/0004f2aabbcc.cfg' }));
    expect(seen).toEqual(['0004f2aabbcc /bootrom.ld', '0004f2aabbcc /0004f2aabbcc.cfg']);
    seen.length = 0;
    // Another phone behind the same address: its first request is guessed to be the known phone's,
    // then moves to it when it names its MAC; the known phone is recounted.
    log.record(rec({ session: 't', path: '/sip.ld' }));
    log.record(rec({ session: 't', path: '/0004f2ddeeff.cfg' }));
    expect(seen).toEqual([
      '0004f2aabbcc /sip.ld',
      'forget 0004f2aabbcc',
      '0004f2aabbcc /bootrom.ld',
      '0004f2aabbcc /0004f2aabbcc.cfg',
      '0004f2ddeeff /sip.ld',
      '0004f2ddeeff /0004f2ddeeff.cfg',
    ]);
  });

  it('a phone\u2019s requests share what they repeat (identity, User-Agent, headers), never what differs', () => {
    const log = new RequestLog({ oui, logger });
    const ua = 'FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 (SN:0004f2aabbcc) Type/Application';
    const headers: Array<[string, string]> = [['Host', '10.0.0.1'], ['User-Agent', ua]];
    const a = log.record(rec({ path: '/0004f2aabbcc.cfg', userAgent: ua, session: `10.0.0.7|${ua}`, headers: headers.map(([n, v]): [string, string] => [n, v]) }));
    const b = log.record(rec({ path: '/0004f2aabbcc-phone.cfg', userAgent: ua, session: `10.0.0.7|${ua}`, headers: headers.map(([n, v]): [string, string] => [n, v]) }));
    expect(b.phone).toBe(a.phone);
    expect(b.headers).toBe(a.headers);
    expect(b.userAgent).toBe(ua);
    // New firmware after the upgrade: its own identity, and the one before is left as it was.
    const newer = ua.replace('5.9.6.2327', '6.4.0.1234');
    const c = log.record(rec({ path: '/0004f2aabbcc.cfg', userAgent: newer, headers: [['Host', '10.0.0.1'], ['User-Agent', newer]] }));
    expect(c.phone).not.toBe(a.phone);
    expect(c.phone.firmware).toBe('6.4.0.1234');
    expect(a.phone.firmware).toBe('5.9.6.2327');
    expect(c.headers).not.toBe(a.headers);
    expect(c.headers?.[1]).toEqual(['User-Agent', newer]);
    // Another phone never shares this one's identity.
    const d = log.record(rec({ client: '10.0.0.8', path: '/0004f2000001.cfg', userAgent: ua.replace('0004f2aabbcc', '0004f2000001') }));
    expect(d.phone).not.toBe(a.phone);
    expect(d.phone.mac).toBe('0004f2000001');
  });

  it('emits request and phone events', () => {
    const log = new RequestLog({ oui, logger });
    const seen: string[] = [];
    log.on('request', () => seen.push('request'));
    log.on('phone', (p) => seen.push(`phone:${p.mac}`));
    log.record(rec({ path: '/0004f2aabbcc.cfg' }));
    log.record(rec({ client: '1.2.3.4', path: '/000000000000.cfg' }));
    expect(seen).toEqual(['request', 'phone:0004f2aabbcc', 'request']);
  });

  it('persists across restarts, skips bad lines, stays bounded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-log-'));
    const file = join(dir, 'requests.jsonl');
    const log = new RequestLog({ file, maxEvents: 10, oui, logger });
    await log.load();
    for (let i = 0; i < 25; i++) log.record(rec({ path: `/0004f2aabbcc-${i}.cfg`, time: 1000 + i }));
    await log.close();
    await writeFile(file, `${await readFile(file, 'utf8')}{not json\n`);
    const again = new RequestLog({ file, maxEvents: 10, oui, logger });
    await again.load();
    const tl = again.timeline('0004f2aabbcc');
    expect(tl).toHaveLength(10);
    expect(tl.at(-1)!.path).toBe('/0004f2aabbcc-24.cfg');
    const next = again.record(rec({ path: '/0004f2aabbcc.cfg' }));
    expect(next.id).toBe(26);
    await again.close();
    // The previous and the current file together: bounded, the newest event last.
    const text = (await readFile(join(dir, 'requests.1.jsonl'), 'utf8')) + (await readFile(file, 'utf8'));
    const lines = text.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(JSON.parse(lines.at(-1)!).id).toBe(26);
  });

  it('rotates the file at maxEvents lines instead of rewriting it, and reads both files back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-log-'));
    const file = join(dir, 'requests.jsonl');
    const log = new RequestLog({ file, maxEvents: 10, oui, logger });
    await log.load();
    // Three requests without a MAC, then the MAC: the amendments land after a rotation.
    for (let i = 0; i < 8; i++) log.record(rec({ client: '10.0.0.8', path: `/0004f2000008-${i}.cfg`, time: 1000 + i }));
    for (let i = 0; i < 3; i++) log.record(rec({ client: '10.0.0.7', path: '/bootrom.ld', time: 2000 + i }));
    log.record(rec({ client: '10.0.0.7', path: '/0004f2000007.cfg', time: 2100 }));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    await log.close();
    const prev = (await readFile(join(dir, 'requests.1.jsonl'), 'utf8')).trim().split('\n');
    const cur = (await readFile(file, 'utf8')).trim().split('\n');
    expect(prev).toHaveLength(10);
    expect(JSON.parse(prev[0]!).id).toBe(1);
    // Event 12 and the three amendments of events 9-11 (two of them in the previous file).
    expect(cur.map((l) => JSON.parse(l) as { id?: number; amend?: number })).toEqual([
      expect.objectContaining({ id: 11 }),
      expect.objectContaining({ id: 12 }),
      { amend: 9, mac: '0004f2000007' },
      { amend: 10, mac: '0004f2000007' },
      { amend: 11, mac: '0004f2000007' },
    ]);
    const again = new RequestLog({ file, maxEvents: 10, oui, logger });
    await again.load();
    expect(again.recent().map((e) => e.id)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(again.timeline('0004f2000007').map((e) => e.path)).toEqual(['/bootrom.ld', '/bootrom.ld', '/bootrom.ld', '/0004f2000007.cfg']);
    await again.close();
  });

  it('gives the MAC to the earlier unattributed requests of the same address, also after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-log-'));
    const file = join(dir, 'requests.jsonl');
    const log = new RequestLog({ file, oui, logger });
    await log.load();
    const resent: number[] = [];
    log.on('request', (e) => resent.push(e.id));
    log.record(rec({ client: '10.0.0.9', path: '/other-phone-start', time: 1000 }));
    log.record(rec({ path: '/3111-46157-002.bootrom.ld', status: 404, time: 5000 }));
    log.record(rec({ path: '/bootrom.ld', status: 404, time: 5001 }));
    log.record(rec({ path: '/0004f2aabbcc.cfg', time: 5002 }));
    expect(log.timeline('0004f2aabbcc').map((e) => e.path)).toEqual(['/3111-46157-002.bootrom.ld', '/bootrom.ld', '/0004f2aabbcc.cfg']);
    expect(log.phone('0004f2aabbcc')).toMatchObject({ requests: 3, errors: 2, firstSeen: 5000, lastPath: '/0004f2aabbcc.cfg' });
    expect(resent).toEqual([1, 2, 3, 2, 3, 4]);
    expect(log.recent().find((e) => e.client === '10.0.0.9')!.phone.mac).toBeUndefined();
    // Too old: not attributed.
    log.record(rec({ client: '10.0.0.20', path: '/bootrom.ld', time: 10_000 }));
    log.record(rec({ client: '10.0.0.20', path: '/001122334455.cfg', time: 10_000 + RequestLog.ATTRIBUTE_BACK_MS + 1 }));
    expect(log.timeline('001122334455')).toHaveLength(1);
    await log.close();
    const again = new RequestLog({ file, oui, logger });
    await again.load();
    expect(again.timeline('0004f2aabbcc').map((e) => e.id)).toEqual([2, 3, 4]);
    await again.close();
  });

  it('keeps two phones apart behind one address by session (FTP connection, HTTP User-Agent)', () => {
    const log = new RequestLog({ oui, logger });
    const c = '127.0.0.1';
    log.record(rec({ client: c, session: 'http-A', path: '/0004f2aaaaaa.cfg', time: 1 }));
    // A second phone's first requests, on its own FTP connection: first guessed from the address...
    const boot = log.record(rec({ client: c, session: 'ftp-1', protocol: 'ftp', method: 'RETR', path: '/bootrom.ld', status: 550, time: 2 }));
    expect(boot.phone.mac).toBe('0004f2aaaaaa');
    // ...then moved to the right phone as soon as that connection names its MAC.
    log.record(rec({ client: c, session: 'ftp-1', protocol: 'ftp', method: 'RETR', path: '/0004f2bbbbbb.cfg', status: 550, time: 3 }));
    expect(log.timeline('0004f2bbbbbb').map((e) => e.path)).toEqual(['/bootrom.ld', '/0004f2bbbbbb.cfg']);
    expect(log.timeline('0004f2aaaaaa').map((e) => e.path)).toEqual(['/0004f2aaaaaa.cfg']);
    expect(log.phone('0004f2aaaaaa')).toMatchObject({ requests: 1, errors: 0, lastPath: '/0004f2aaaaaa.cfg' });
    // The address is now shared: no more guessing from it, but sessions still attribute.
    expect(log.record(rec({ client: c, session: 'other', path: '/sip.ld', time: 4 })).phone.mac).toBeUndefined();
    expect(log.record(rec({ client: c, session: 'ftp-1', path: '/sip.ld', time: 5 })).phone.mac).toBe('0004f2bbbbbb');
    expect(log.macForAddress(c)).toBeUndefined();
  });
});

describe('RequestLog attribution behind one address (indexed)', () => {
  it('1,000 phones behind one address, interleaved: each early request goes to its own phone, across trims', () => {
    const log = new RequestLog({ oui, logger, maxEvents: 1500 });
    const mac = (i: number) => `0004f2${i.toString(16).padStart(6, '0')}`;
    const ua = (i: number) => `FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 Type/Updater phone-${i}`;
    const n = 1000;
    let t = 1_700_000_000_000;
    // Every phone asks bootrom.ld (no MAC) first; then, in another order, its own master config.
    for (let i = 0; i < n; i++) log.record(rec({ time: t++, client: '10.0.0.1', path: '/bootrom.ld', userAgent: ua(i), session: `10.0.0.1|${ua(i)}` }));
    for (let i = n - 1; i >= 0; i--) log.record(rec({ time: t++, client: '10.0.0.1', path: `/${mac(i)}.cfg`, userAgent: ua(i), session: `10.0.0.1|${ua(i)}` }));
    for (const i of [0, 1, 499, 998, 999]) {
      const paths = log.timeline(mac(i)).map((e) => e.path);
      // The oldest bootrom.ld requests were trimmed (1,500 kept of 2,000): those phones keep only their .cfg.
      expect(paths[paths.length - 1]).toBe(`/${mac(i)}.cfg`);
      if (i >= 500) expect(paths).toEqual(['/bootrom.ld', `/${mac(i)}.cfg`]);
    }
    expect(log.phones()).toHaveLength(n);
    expect(log.phone(mac(999))).toMatchObject({ requests: 2, lastPath: `/${mac(999)}.cfg` });
  });

  it('a request moved to its real phone leaves the address guess, and both summaries are right', () => {
    const log = new RequestLog({ oui, logger });
    log.record(rec({ path: '/0004f2aaaaaa.cfg', session: 's1' }));
    // Another phone behind the same address, same session key: guessed as aaaaaa, then corrected.
    const guessed = log.record(rec({ path: '/sip.ld', session: 's2' }));
    expect(guessed.phone).toMatchObject({ mac: '0004f2aaaaaa', macSource: 'address' });
    expect(log.phone('0004f2aaaaaa')).toMatchObject({ requests: 2 });
    log.record(rec({ path: '/0004f2bbbbbb.cfg', session: 's2' }));
    expect(log.timeline('0004f2bbbbbb').map((e) => e.path)).toEqual(['/sip.ld', '/0004f2bbbbbb.cfg']);
    expect(log.phone('0004f2aaaaaa')).toMatchObject({ requests: 1 });
    expect(log.phone('0004f2bbbbbb')).toMatchObject({ requests: 2 });
  });
});
