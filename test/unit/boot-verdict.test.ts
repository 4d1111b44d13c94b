/**
 * Boot verdict rules (Polycom boot sequence): one request list per case, written out by hand with
 * each file's role, so the test does not borrow the classifier it checks against.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import type { FileKind } from '../../shared/phone-identity';
import { addToBoot, bootFileKey, bootVerdict, FLASH_QUIET_MS, openBoot, placeInBoot, QUIET_MS, type BootRecord, type MasterView } from '../../electron/engine/phones/boot-verdict';
import { BootTracker } from '../../electron/engine/phones/boot-tracker';

const MAC = '0004f2a00001';
const T0 = 1_750_000_000_000;
let id = 1;

type Row = [method: string, path: string, status: number, kind: FileKind, extra?: Partial<RequestEvent>];

function ev([method, path, status, kind, extra]: Row, i: number): RequestEvent {
  return {
    id: id++,
    time: T0 + i * 1000,
    protocol: 'http',
    client: '10.0.0.9',
    method,
    path,
    status,
    ok: status > 0 && status < 400,
    bytesSent: 10,
    bytesReceived: 0,
    durationMs: 1,
    fileKind: kind,
    phone: { mac: MAC },
    ...extra,
  };
}

function boot(rows: Row[]): BootRecord {
  const events = rows.map(ev);
  const b = openBoot(events[0]!);
  for (const e of events.slice(1)) addToBoot(b, e);
  return b;
}

const UPDATER: Partial<RequestEvent> = { phone: { mac: MAC, stage: 'Updater' } };
const APP: Partial<RequestEvent> = { phone: { mac: MAC, stage: 'Application' } };
const master = (configFiles: string[], appFilePath = 'sip.ld', name = `${MAC}.cfg`): MasterView => ({
  name,
  settings: { appFilePath, configFiles, logDir: '', overridesDir: '', contactsDir: '', licenseDir: '', callListsDir: '' },
});

/** A whole HTTP boot as the Polycom guide describes it, with `site.cfg` (CONFIG_FILES) answered `siteStatus`. */
function fullBoot(siteStatus = 200, site = 'site.cfg'): Row[] {
  return [
    ['GET', '/2345-12600-001.bootrom.ld', 404, 'bootrom', UPDATER],
    ['GET', '/bootrom.ld', 404, 'bootrom', UPDATER],
    ['GET', `/${MAC}.cfg`, 200, 'master-config', UPDATER],
    ['GET', '/sip.ld', 404, 'firmware', UPDATER],
    ['PUT', `/${MAC}-boot.log`, 201, 'log', UPDATER],
    ['GET', `/${MAC}.cfg`, 200, 'master-config', APP],
    ['GET', `/${site}`, siteStatus, 'config', APP],
    ['GET', `/${MAC}-phone.cfg`, 404, 'override', APP],
    ['GET', `/${MAC}-web.cfg`, 404, 'override', APP],
    ['GET', '/000000000000-license.cfg', 404, 'license', APP],
    ['GET', `/${MAC}-directory.xml`, 404, 'directory', APP],
    ['GET', '/000000000000-directory.xml', 404, 'directory', APP],
    ['GET', `/${MAC}-calls.xml`, 404, 'call-list', APP],
    ['HEAD', `/${MAC}-app.log`, 404, 'log', APP],
    ['PUT', `/${MAC}-app.log`, 201, 'log', APP],
  ];
}
const END = T0 + 20_000;

describe('boot verdict', () => {
  it('a healthy boot is booted: expected misses (optional files, image probes, HEAD) are never problems', () => {
    const v = bootVerdict(boot(fullBoot()), master(['site.cfg']), END);
    expect(v.verdict).toBe('booted');
    expect(v.stage).toBe('logs');
    expect(v.since).toBe(T0);
    expect(v.reasons[0]).toBe(`${MAC}.cfg served; its CONFIG_FILES entry served.`);
    expect(v.reasons).toContain('sip.ld (named in APP_FILE_PATH) is not on the server: the phone keeps the application it has.');
    expect(v.reasons.join(' ')).not.toMatch(/phone\.cfg|directory|license|calls/);
  });

  it('a CONFIG_FILES entry the phone asked for and did not get fails the boot, naming the file', () => {
    const v = bootVerdict(boot(fullBoot(404, 'site-missing.cfg')), master(['site-missing.cfg']), END);
    expect(v).toMatchObject({ verdict: 'failed', stage: 'configs' });
    expect(v.reasons).toEqual([`${MAC}.cfg lists site-missing.cfg in CONFIG_FILES; the phone asked for it and got 404.`]);
  });

  it('an entry in a folder and in another case is matched; an entry given as a URL is not checked', () => {
    const rows: Row[] = [['GET', '/000000000000.cfg', 200, 'default-master-config', APP], ['GET', '/Sites/Site.CFG', 200, 'config', APP]];
    const v = bootVerdict(boot(rows), master(['sites/site.cfg', 'http://other/x.cfg'], '', '000000000000.cfg'), T0 + 5000);
    expect(v.verdict).toBe('booted');
  });

  it('no master configuration: <mac>.cfg and 000000000000.cfg both not found', () => {
    const rows: Row[] = [
      ['GET', `/${MAC}.cfg`, 404, 'master-config', UPDATER],
      ['GET', '/000000000000.cfg', 404, 'default-master-config', UPDATER],
    ];
    const v = bootVerdict(boot(rows), undefined, T0 + 5000);
    expect(v).toMatchObject({ verdict: 'failed', stage: 'master' });
    expect(v.reasons[0]).toBe(`No master configuration: the phone asked for ${MAC}.cfg and 000000000000.cfg and got 404 (not found).`);
  });

  it('<mac>.cfg not found is no problem while the phone goes on to the default master', () => {
    const v = bootVerdict(boot([['GET', `/${MAC}.cfg`, 404, 'master-config', UPDATER]]), undefined, T0 + 1000);
    expect(v.verdict).toBe('booting');
  });

  it('a master that is not well-formed XML fails at the master stage', () => {
    const v = bootVerdict(boot([['GET', `/${MAC}.cfg`, 200, 'master-config', UPDATER]]), { name: `${MAC}.cfg`, error: 'not well-formed XML: unclosed tag (line 3)' }, T0 + 1000);
    expect(v).toMatchObject({ verdict: 'failed', stage: 'master', reasons: [`${MAC}.cfg cannot be read: not well-formed XML: unclosed tag (line 3).`] });
  });

  it('firmware named by APP_FILE_PATH: refused fails, not found is legitimate, another image probe is ignored', () => {
    const rows = (status: number): Row[] => [
      ['GET', `/${MAC}.cfg`, 200, 'master-config', UPDATER],
      ['GET', '/3111-46157-002.sip.ld', 404, 'firmware', UPDATER],
      ['GET', '/sip.ld', status, 'firmware', UPDATER],
      ['GET', `/${MAC}.cfg`, 200, 'master-config', APP],
    ];
    const refused = bootVerdict(boot(rows(403)), master([]), END);
    expect(refused).toMatchObject({ verdict: 'failed', stage: 'firmware', reasons: [`${MAC}.cfg names sip.ld in APP_FILE_PATH; the phone asked for it and got 403.`] });
    expect(bootVerdict(boot(rows(404)), master([]), END).verdict).toBe('booted');
    expect(bootVerdict(boot(rows(200)), master([]), END)).toMatchObject({ verdict: 'booted', reasons: [`${MAC}.cfg served.`] });
  });

  it('a firmware download the phone stops itself (FTP 426) is no problem', () => {
    const rows: Row[] = [
      ['RETR', `/${MAC}.cfg`, 226, 'master-config', { protocol: 'ftp' }],
      ['RETR', '/sip.ld', 426, 'firmware', { protocol: 'ftp' }],
      ['RETR', `/${MAC}.cfg`, 226, 'master-config', { protocol: 'ftp' }],
    ];
    expect(bootVerdict(boot(rows), master([]), END).verdict).toBe('booted');
  });

  it('a refused upload fails the boot at the log stage', () => {
    const rows = fullBoot().map((r): Row => (r[0] === 'PUT' && r[1].endsWith('-app.log') ? ['PUT', r[1], 403, 'log', APP] : r));
    const v = bootVerdict(boot(rows), master(['site.cfg']), END);
    expect(v).toMatchObject({ verdict: 'failed', stage: 'logs', reasons: [`The phone's upload of ${MAC}-app.log was refused: 403.`] });
  });

  it('a refused or broken optional file is a problem; a missing one is not', () => {
    const rows = fullBoot().map((r): Row => (r[1].endsWith('-directory.xml') && r[1].startsWith(`/${MAC}`) ? ['GET', r[1], 500, 'directory', { ...APP, error: 'read error' }] : r));
    const v = bootVerdict(boot(rows), master(['site.cfg']), END);
    expect(v).toMatchObject({ verdict: 'failed', stage: 'configs', reasons: [`The phone asked for ${MAC}-directory.xml and got 500 (read error).`] });
  });

  it('a refused login is named as such; a failed listing command is no step of the boot', () => {
    const rows: Row[] = [
      ['LIST', '/', 550, 'other', { protocol: 'ftp', status: 450 } as Partial<RequestEvent>],
      ['PASS', '/', 530, 'other', { protocol: 'ftp' }],
    ];
    const v = bootVerdict(boot(rows), undefined, T0 + 5000);
    expect(v).toMatchObject({ verdict: 'failed', stage: 'master', reasons: ["The server refused the phone's login (530): check the boot server user name and password set on the phone."] });
    const http = bootVerdict(boot([['GET', `/${MAC}.cfg`, 401, 'master-config']]), undefined, T0 + 5000);
    expect(http.reasons).toEqual([`The phone asked for its master configuration ${MAC}.cfg and its login was refused (401): check the boot server user name and password set on the phone.`]);
    const forbidden = bootVerdict(boot([['GET', `/${MAC}.cfg`, 403, 'master-config']]), undefined, T0 + 5000);
    expect(forbidden.reasons).toEqual([`The phone asked for its master configuration ${MAC}.cfg and got 403.`]);
  });

  it('booting while the phone is still asking; incomplete once it went quiet, naming what it never asked for', () => {
    const rows = fullBoot().slice(0, 6); // stopped after the application asked for the master again
    const m = master(['site.cfg', 'phone1.cfg']);
    const soon = bootVerdict(boot(rows), m, T0 + 60_000);
    expect(soon).toMatchObject({ verdict: 'booting', stage: 'master' });
    const later = bootVerdict(boot(rows), m, T0 + 5000 + QUIET_MS + 60_000);
    expect(later.verdict).toBe('incomplete');
    expect(later.stage).toBe('master');
    expect(later.reasons[0]).toMatch(new RegExp(`^${MAC}\\.cfg lists site\\.cfg and phone1\\.cfg in CONFIG_FILES; the phone has not asked for them; nothing heard from it for \\d+ min\\.$`));
  });

  it('the Updater stage alone is not a finished boot, even with no CONFIG_FILES', () => {
    const rows = fullBoot().slice(0, 5);
    expect(bootVerdict(boot(rows), master([]), T0 + 10_000).verdict).toBe('booting');
    expect(bootVerdict(boot(rows), master([]), T0 + 10_000 + QUIET_MS + 1).verdict).toBe('incomplete');
  });

  it('after a firmware download the phone may be flashing: booting for longer, then incomplete', () => {
    const rows: Row[] = [
      ['GET', `/${MAC}.cfg`, 200, 'master-config', UPDATER],
      ['GET', '/sip.ld', 200, 'firmware', UPDATER],
    ];
    const during = bootVerdict(boot(rows), master(['site.cfg']), T0 + QUIET_MS + 60_000);
    expect(during).toMatchObject({ verdict: 'booting', stage: 'firmware' });
    expect(during.reasons[0]).toBe('The phone downloaded sip.ld and has not asked for anything since: it may be writing the image to flash, which takes several minutes.');
    expect(bootVerdict(boot(rows), master(['site.cfg']), T0 + FLASH_QUIET_MS + 60_000).verdict).toBe('incomplete');
  });

  it('a master still being read keeps the phone booting', () => {
    const v = bootVerdict(boot(fullBoot()), { name: `${MAC}.cfg`, pending: true }, END);
    expect(v).toMatchObject({ verdict: 'booting', reasons: [`Reading ${MAC}.cfg to check the files it names.`] });
  });

  it('a master that cannot be read back is said to be unchecked', () => {
    const v = bootVerdict(boot(fullBoot()), { name: `${MAC}.cfg`, unreadable: 'it is no longer on the server' }, END);
    expect(v.verdict).toBe('booted');
    expect(v.reasons).toContain(`${MAC}.cfg could not be read back (it is no longer on the server): its CONFIG_FILES and firmware were not checked.`);
  });

  it('another vendor (no Polycom master): booted when a configuration was served, failed when none was', () => {
    const yealink = (status: number): Row[] => [
      ['GET', '/y000000000028.cfg', status, 'config'],
      ['GET', '/001565aabbcc.cfg', status, 'master-config'],
    ];
    expect(bootVerdict(boot(yealink(200)), undefined, T0 + 3000)).toMatchObject({ verdict: 'booted', reasons: ['Configuration served: y000000000028.cfg and 001565aabbcc.cfg.'] });
    expect(bootVerdict(boot(yealink(404)), undefined, T0 + 3000).verdict).toBe('booting');
    const none = bootVerdict(boot(yealink(404)), undefined, T0 + QUIET_MS + 10_000);
    expect(none).toMatchObject({ verdict: 'failed', stage: 'master' });
    expect(none.reasons[0]).toContain('y000000000028.cfg');
  });

  it('a phone that never asked for a file has no boot to judge (unseen, not incomplete)', () => {
    expect(bootVerdict(undefined, undefined, T0)).toEqual({ verdict: 'unseen', reasons: ['ProvKit has not seen this phone ask for a file.'] });
  });
});

describe('boot boundaries', () => {
  const b = () => boot([['GET', `/${MAC}.cfg`, 200, 'master-config', APP]]);
  const at = (dt: number, stage?: 'Updater' | 'Application') => ({ time: T0 + dt, phone: stage ? { mac: MAC, stage } : { mac: MAC } });
  it('a long silence or a return to the Updater starts a new boot', () => {
    expect(placeInBoot(b(), at(60_000))).toBe('same');
    expect(placeInBoot(b(), at(6 * 60_000))).toBe('new');
    expect(placeInBoot(b(), at(1000, 'Updater'))).toBe('new');
  });
  it('a request attributed late joins the boot when it is just before it, else it is older', () => {
    expect(placeInBoot(b(), at(-30_000))).toBe('same');
    expect(placeInBoot(b(), at(-10 * 60_000))).toBe('older');
  });
  it('the latest outcome of a file wins; a late earlier one only counts', () => {
    const rec = boot([['GET', '/site.cfg', 404, 'config'], ['GET', '/site.cfg', 200, 'config']]);
    addToBoot(rec, ev(['GET', '/site.cfg', 500, 'config'], -1));
    expect(rec.files.get(bootFileKey('get', 'site.cfg'))).toMatchObject({ status: 200, ok: true, count: 3 });
  });
  it('one entry per file and direction however often it is asked for (GET, HEAD and upload of one name apart)', () => {
    const rows: Row[] = [];
    for (let i = 0; i < 300; i++) rows.push(['GET', '//site.cfg', 200, 'config'], ['HEAD', '/site.cfg', 200, 'config'], ['PUT', '/site.cfg', 204, 'config']);
    const rec = boot(rows);
    expect(rec.files.size).toBe(3);
    expect(rec.files.get(bootFileKey('get', 'site.cfg'))).toMatchObject({ path: 'site.cfg', direction: 'get', count: 300 });
    expect(rec.files.get(bootFileKey('head', 'site.cfg'))).toMatchObject({ path: 'site.cfg', direction: 'head', count: 300 });
    expect(rec.files.get(bootFileKey('upload', 'site.cfg'))).toMatchObject({ path: 'site.cfg', direction: 'upload', count: 300 });
  });
});

describe('BootTracker', () => {
  const XML = (files: string) => `<?xml version="1.0"?><!-- CONFIG_FILES="ignored.cfg" --><APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="${files}"/>`;

  it('reads the served master once per path for many phones, then tells the engine the verdict changed', async () => {
    let reads = 0;
    const changed: string[] = [];
    let now = T0;
    const tracker = new BootTracker({
      readMaster: async (path) => {
        reads++;
        return path === '/000000000000.cfg' ? XML('site-missing.cfg') : undefined;
      },
      onChange: (mac) => changed.push(mac),
      now: () => now,
    });
    const macs = ['0004f2a00001', '0004f2a00002'];
    for (const mac of macs) {
      const rows: Row[] = [
        ['GET', '/000000000000.cfg', 200, 'default-master-config', { phone: { mac, stage: 'Application' } }],
        ['GET', '/site-missing.cfg', 404, 'config', { phone: { mac, stage: 'Application' } }],
      ];
      rows.map(ev).forEach((e) => tracker.add(mac, e));
    }
    now = T0 + 5000;
    expect(macs.map((m) => tracker.verdict(m).verdict)).toEqual(['booting', 'booting']);
    await expect.poll(() => changed.length).toBe(2);
    expect(reads).toBe(1);
    const v = tracker.verdict(macs[0]!);
    expect(v).toMatchObject({ verdict: 'failed', reasons: ['000000000000.cfg lists site-missing.cfg in CONFIG_FILES; the phone asked for it and got 404.'] });
    tracker.forget(macs[0]!);
    expect(tracker.verdict(macs[0]!).verdict).toBe('unseen');
    tracker.close();
  });

  it('a boot counted again (a request moved to another phone) keeps its master read: no "Reading" again, no second read', async () => {
    let reads = 0;
    const now = T0 + 5000;
    const tracker = new BootTracker({ readMaster: async () => (reads++, XML('site-missing.cfg')), onChange: () => {}, now: () => now });
    const mac = '0004f2a00001';
    const rows = ([
      ['GET', `/${mac}.cfg`, 200, 'master-config', { phone: { mac, stage: 'Application' } }],
      ['GET', '/site-missing.cfg', 404, 'config', { phone: { mac, stage: 'Application' } }],
    ] as Row[]).map(ev);
    rows.forEach((e) => tracker.add(mac, e));
    expect(tracker.verdict(mac).verdict).toBe('booting');
    await expect.poll(() => tracker.verdict(mac).verdict).toBe('failed');
    tracker.forget(mac);
    rows.forEach((e) => tracker.add(mac, e));
    expect(tracker.verdict(mac)).toMatchObject({ verdict: 'failed', stage: 'configs' });
    expect(reads).toBe(1);
    // Another request for the master (a new one, a later time) is read again.
    tracker.forget(mac);
    rows.forEach((e) => tracker.add(mac, { ...e, time: e.time + 1 }));
    expect(tracker.verdict(mac).verdict).toBe('booting');
    await expect.poll(() => tracker.verdict(mac).verdict).toBe('failed');
    tracker.close();
  });

  it('does not read a master for a phone that is not a Polycom', () => {
    let reads = 0;
    const tracker = new BootTracker({ readMaster: async () => (reads++, undefined), onChange: () => {}, now: () => T0 + 3000 });
    const mac = '001565aabbcc';
    tracker.add(mac, ev(['GET', `/${mac}.cfg`, 200, 'master-config', { phone: { mac, vendor: 'Yealink' } }], 0));
    expect(tracker.verdict(mac)).toMatchObject({ verdict: 'booted' });
    expect(reads).toBe(0);
    tracker.close();
  });
});

describe('BootTracker verdicts given again', () => {
  it('the same verdict object until a request, the master read or the time makes another', async () => {
    let now = T0;
    let release: (t: string) => void = () => {};
    const text = new Promise<string>((r) => (release = r));
    const tracker = new BootTracker({ readMaster: () => text, onChange: () => {}, now: () => now });
    const rows = fullBoot(200).slice(0, 4).map(ev);
    for (const e of rows) tracker.add(MAC, e);
    now = rows[rows.length - 1]!.time + 1000;
    const reading = tracker.verdict(MAC);
    expect(reading).toMatchObject({ verdict: 'booting', reasons: [`Reading ${MAC}.cfg to check the files it names.`] });
    expect(tracker.verdict(MAC)).toBe(reading);
    // The master read back: a new verdict, though no request came.
    release('<?xml version="1.0"?><APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="site.cfg"/>');
    await expect.poll(() => tracker.verdict(MAC).reasons[0]).not.toMatch(/^Reading/);
    const waiting = tracker.verdict(MAC);
    expect(waiting.verdict).toBe('booting');
    now += 60_000;
    expect(tracker.verdict(MAC)).toBe(waiting);
    // A request: a new verdict.
    const more = fullBoot(200).slice(4).map((e, i) => ev(e, i + 4));
    for (const e of more) tracker.add(MAC, e);
    now = more[more.length - 1]!.time + 1000;
    // (The master asked for again is read again.)
    await expect.poll(() => tracker.verdict(MAC).verdict).toBe('booted');
    // Quiet long enough: booted stays booted (the same answer, given again).
    now += FLASH_QUIET_MS + 60_000;
    expect(tracker.verdict(MAC)).toMatchObject({ verdict: 'booted' });
    expect(tracker.verdict(MAC)).toBe(tracker.verdict(MAC));
    tracker.close();
  });

  it('a booting verdict turns incomplete once quiet, and its minutes of silence move on', () => {
    let now = T0;
    const tracker = new BootTracker({ readMaster: async () => undefined, onChange: () => {}, now: () => now });
    tracker.add(MAC, ev(['GET', '/bootrom.ld', 404, 'bootrom'], 0));
    expect(tracker.verdict(MAC).verdict).toBe('booting');
    now = T0 + QUIET_MS + 1;
    expect(tracker.verdict(MAC).verdict).toBe('incomplete');
    now = T0 + QUIET_MS + 5 * 60_000;
    const later = tracker.verdict(MAC);
    now += 10 * 60_000;
    expect(tracker.verdict(MAC).reasons).not.toEqual(later.reasons);
    tracker.close();
  });
});

describe('BootTracker timer', () => {
  it('turns a live boot incomplete without a new request, and does not watch boots replayed from the log', async () => {
    vi.useFakeTimers();
    try {
      let now = T0;
      const changed: string[] = [];
      const tracker = new BootTracker({ readMaster: async () => undefined, onChange: (m) => changed.push(m), now: () => now });
      const old = '0004f2a00009';
      tracker.add(old, ev(['GET', '/bootrom.ld', 404, 'bootrom', { time: T0 - 60 * 60_000, phone: { mac: old } }], 0));
      tracker.add(MAC, ev(['GET', '/bootrom.ld', 404, 'bootrom', { time: T0 }], 0));
      expect(tracker.verdict(MAC).verdict).toBe('booting');
      now = T0 + QUIET_MS + BootTracker.CHECK_MS;
      await vi.advanceTimersByTimeAsync(QUIET_MS + 2 * BootTracker.CHECK_MS);
      expect(changed).toEqual([MAC]);
      expect(tracker.verdict(MAC).verdict).toBe('incomplete');
      tracker.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
