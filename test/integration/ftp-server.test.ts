/**
 * FTP provisioning server against real clients (curl, lftp) over passive FTP, plus a raw control
 * connection for malformed commands and aborted transfers. Accounts and start/stop: ftp-accounts.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import type { FtpServerOptions } from '../../electron/engine/provisioning/ftp/options';
import { FtpProvisioningServer } from '../../electron/engine/provisioning/ftp/server';
import { RawFtp } from '../helpers/ftp-client';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';
import { curlFtp, lftpAt, until } from '../helpers/ftp-peers';

const MAC = '0004f2aabbcc';
const SECRET = 'TOP-SECRET-OUTSIDE-ROOT';
const BASE_OPTS: FtpServerOptions = { bind: '127.0.0.1', port: 0, pasvMin: 0, pasvMax: 0, factoryAccount: true };

let fx: ProvisioningFixture;
let server: FtpProvisioningServer;
let port: number;
let big: Buffer;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const url = (path: string, cred = 'PlcmSpIp:PlcmSpIp') => `ftp://${cred}@127.0.0.1:${port}/${path}`;
const curl = curlFtp;
const lftp = (script: string, p = port, user?: string) => lftpAt(p, script, user);
const events = (pred: (e: RequestEvent) => boolean) => fx.log.recent(10_000).filter((e) => e.protocol === 'ftp' && pred(e));

/**
 * Control connections the server still holds. A session is dropped when its socket closes, and
 * whatever that connection still had to record is recorded then: 0 means no late event can come.
 */
const openSessions = () => (server as unknown as { sessions: Map<string, unknown> }).sessions.size;

const stdoutWrites: string[] = [];
const realStdoutWrite = process.stdout.write.bind(process.stdout);
let signalListenersBefore = 0;

beforeAll(async () => {
  fx = await provisioningFixture([{ mac: MAC, model: 'VVX400', label: 'Desk', user: '2001', sipServer: 'pbx.test' }]);
  big = randomBytes(5 * 1024 * 1024 + 321);
  await writeFile(join(fx.root, 'sip.ld'), big);
  await mkdir(join(fx.root, 'sub'));
  await writeFile(join(fx.root, 'sub', 'site.cfg'), '<site/>\n');
  await writeFile(join(fx.outside, 'secret.txt'), SECRET);
  await symlink(join(fx.outside, 'secret.txt'), join(fx.root, 'link-out.cfg'));
  await symlink(fx.outside, join(fx.root, 'outdir'));
  // The server logs through our logger only: nothing may appear on stdout.
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    stdoutWrites.push(String(chunk));
    return (realStdoutWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  signalListenersBefore = process.listenerCount('SIGINT') + process.listenerCount('SIGTERM') + process.listenerCount('SIGQUIT');
  server = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
  port = await server.start(BASE_OPTS);
});

afterAll(async () => {
  process.stdout.write = realStdoutWrite;
  await server?.stop();
  if (fx) await rm(fx.dir, { recursive: true, force: true });
});

describe('FTP provisioning server with curl and lftp', () => {
  it('listens on an ephemeral port without taking over process signals or stdout', () => {
    expect(port).toBeGreaterThan(0);
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM') + process.listenerCount('SIGQUIT')).toBe(signalListenersBefore);
  });

  it('serves rendered configurations (EPSV and PASV) and logs RETR with bytes and source', async () => {
    const expected = (await fx.resolver.resolve(`${MAC}.cfg`))!;
    expect(expected.source).toBe('rendered');
    const own = await curl(url(`${MAC}.cfg`));
    expect(own.code).toBe(0);
    expect(own.stdoutBytes.equals((expected as { content: Buffer }).content)).toBe(true);
    expect(own.stdout).toContain(`CONFIG_FILES="${MAC}-provkit.cfg"`);

    const def = await curl('--disable-epsv', url('000000000000.cfg'));
    expect(def.code).toBe(0);
    expect(def.stdout).toContain('<APPLICATION');
    expect(def.stdout).toContain('[PHONE_MAC_ADDRESS]-provkit.cfg');

    const missing = await curl(url('001122334455.cfg'));
    expect(missing.code).toBe(78); // SIZE answered 550: "remote file not found"
    const missingLftp = await lftp(`get 001122334455.cfg -o ${join(fx.dir, 'missing.cfg')}`);
    expect(missingLftp.code).not.toBe(0);

    // One event per miss: curl stops after SIZE; lftp's SIZE + MDTM + RETR of one file log once.
    await until(() => events((e) => e.path === '/001122334455.cfg').length === 2);
    const [ev] = events((e) => e.method === 'RETR' && e.path === `/${MAC}.cfg`);
    expect(ev).toMatchObject({ status: 226, ok: true, source: 'rendered', bytesSent: expected.size, bytesReceived: 0, client: '127.0.0.1' });
    expect(ev!.phone.mac).toBe(MAC);
    expect(events((e) => e.method === 'RETR' && e.path === '/000000000000.cfg')[0]).toMatchObject({ status: 226, source: 'rendered' });
    await until(() => openSessions() === 0); // curl and lftp are gone: nothing more to log
    const misses = events((e) => e.path === '/001122334455.cfg');
    expect(misses.map((e) => [e.method, e.status, e.ok, e.bytesSent])).toEqual([
      ['SIZE', 550, false, 0],
      ['SIZE', 550, false, 0],
    ]);
    expect(misses[0]!.error).toMatch(/no such file/);
  });

  it('streams a 5 MB file byte-identical over EPSV and PASV, and honours REST', async () => {
    const epsv = await curl(url('sip.ld'));
    expect(epsv.code).toBe(0);
    expect(sha(epsv.stdoutBytes)).toBe(sha(big));
    const pasv = await curl('--disable-epsv', url('sip.ld'));
    expect(sha(pasv.stdoutBytes)).toBe(sha(big));
    const rest = await curl('-C', '1000', url('sip.ld'));
    expect(rest.code).toBe(0);
    expect(rest.stdoutBytes.equals(big.subarray(1000))).toBe(true);
    await until(() => events((e) => e.method === 'RETR' && e.path === '/sip.ld').length === 3);
    const sizes = events((e) => e.method === 'RETR' && e.path === '/sip.ld').map((e) => [e.status, e.bytesSent, e.source]);
    expect(sizes).toEqual([
      [226, big.length, 'file'],
      [226, big.length, 'file'],
      [226, big.length - 1000, 'file'],
    ]);
    expect(server.activeTransfers).toBe(0);
  });

  it('accepts STOR only for phone upload names, keeps history, and serves the upload back', async () => {
    const local = join(fx.dir, 'boot.log');
    await writeFile(local, 'first boot\n');
    const first = await curl('-T', local, url(`${MAC}-boot.log`));
    expect(first.code).toBe(0);
    await writeFile(local, 'second boot, longer\n');
    // A LOG_FILE_DIRECTORY path is accepted too (the upload is stored per phone either way).
    const second = await curl('--ftp-method', 'nocwd', '-T', local, url(`logs/${MAC}-boot.log`));
    expect(second.code).toBe(0);
    expect(await readFile(join(fx.uploadsDir, MAC, `${MAC}-boot.log`), 'utf8')).toBe('second boot, longer\n');
    const history = await readdir(join(fx.uploadsDir, MAC, 'history'));
    expect(history).toHaveLength(1);
    expect(await readFile(join(fx.uploadsDir, MAC, 'history', history[0]!), 'utf8')).toBe('first boot\n');
    expect((await readdir(join(fx.uploadsDir, MAC))).filter((n) => n.endsWith('.part'))).toEqual([]);

    const back = await curl(url(`${MAC}-boot.log`));
    expect(back.stdout).toBe('second boot, longer\n');

    const evil = await curl('-T', local, url('evil.cfg'));
    expect(evil.code).toBe(25); // "failed FTP upload"
    expect(evil.stderr).toContain('553');
    const over = await curl('-T', local, url(`${MAC}.cfg`));
    expect(over.code).toBe(25);
    await expect(readFile(join(fx.root, 'evil.cfg'))).rejects.toThrow();

    await until(() => events((e) => e.method === 'STOR').length === 4);
    const stors = events((e) => e.method === 'STOR');
    expect(stors.map((e) => [e.path, e.status, e.bytesReceived])).toEqual([
      [`/${MAC}-boot.log`, 226, 11],
      [`/logs/${MAC}-boot.log`, 226, 20],
      ['/evil.cfg', 553, 0],
      [`/${MAC}.cfg`, 553, 0],
    ]);
    expect(stors[0]).toMatchObject({ source: 'upload', ok: true });
    expect(stors[0]!.phone.mac).toBe(MAC);
    expect(stors[2]!.error).toMatch(/phone files/);
  });

  it('lists and fetches over passive FTP with lftp (PASV), including a sub-folder and cd ..', async () => {
    const out = join(fx.dir, 'lftp-default.cfg');
    const site = join(fx.dir, 'lftp-site.cfg');
    const r = await lftp(`cls -1; get 000000000000.cfg -o ${out}; cd sub; get site.cfg -o ${site}; cd ..; pwd`);
    expect(r.code, r.stderr).toBe(0);
    const names = r.stdout.split('\n').map((l) => l.trim());
    expect(names).toEqual(expect.arrayContaining(['000000000000.cfg', 'sip.ld', 'sub/']));
    expect(names).not.toContain(`${MAC}-boot.log`); // uploads are not in the root listing
    expect(r.stdout).toMatch(/ftp:\/\/[^\s]*127\.0\.0\.1:\d+\/?\s*$/m); // pwd back at the root
    expect(await readFile(out, 'utf8')).toContain('<APPLICATION');
    expect(await readFile(site, 'utf8')).toBe('<site/>\n');
    await until(() => events((e) => e.method === 'RETR' && e.path === '/sub/site.cfg').length === 1);
    // lftp lists with MLSD when FEAT offers MLST (RFC 3659 §7), with LIST otherwise.
    const list = events((e) => e.method === 'LIST' || e.method === 'MLSD').at(-1);
    expect(list).toMatchObject({ status: 226, path: '/' });
    expect(list!.bytesSent).toBeGreaterThan(30);
  });

  it('tags each request with its control connection, so MAC-less fetches join the phone', async () => {
    const r = await lftp(`get sip.ld -o ${join(fx.dir, 'sess-sip.ld')}; get ${MAC}.cfg -o ${join(fx.dir, 'sess.cfg')}`);
    expect(r.code, r.stderr).toBe(0);
    await until(() => events((e) => e.method === 'RETR' && e.path === `/${MAC}.cfg`).length === 2);
    const own = events((e) => e.method === 'RETR' && e.path === `/${MAC}.cfg`).at(-1)!;
    const sip = events((e) => e.method === 'RETR' && e.path === '/sip.ld').at(-1)!;
    expect(own.session).toBeTruthy();
    expect(sip.session).toBe(own.session);
    expect(sip.phone.mac).toBe(MAC); // attributed once the same connection named the MAC
    const earlier = events((e) => e.method === 'RETR' && e.path === `/${MAC}.cfg`)[0]!;
    expect(earlier.session).not.toBe(own.session); // another curl, another connection
  });

  it('LIST never describes a link leading outside the root (name, size or time); links inside are listed', async () => {
    await symlink(join(fx.root, 'sub', 'site.cfg'), join(fx.root, 'link-in.cfg'));
    try {
      const list = await curl(url(''));
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('link-in.cfg');
      expect(list.stdout).toContain('sip.ld');
      expect(list.stdout).not.toContain('link-out.cfg');
      expect(list.stdout).not.toContain('outdir');
      const names = await curl('--list-only', url(''));
      expect(names.stdout).not.toMatch(/link-out|outdir/);
      const l = await lftp('cls -l /');
      expect(l.stdout).not.toMatch(/link-out|outdir/);
    } finally {
      await rm(join(fx.root, 'link-in.cfg'));
    }
  });

  it('never serves anything outside the root and logs each refusal', async () => {
    const before = fx.log.recent(10_000).length;
    const attempts = [
      await curl(url('../outside/secret.txt')),
      await curl('--path-as-is', url('../outside/secret.txt')),
      await curl('--path-as-is', url('sub/../../outside/secret.txt')),
      await curl(url('%2e%2e/%2e%2e/outside/secret.txt')),
      await curl('--path-as-is', '--ftp-method', 'nocwd', url('../outside/secret.txt')),
      await curl('--ftp-method', 'nocwd', url('..\\outside\\secret.txt')),
      await curl('--ftp-method', 'nocwd', url('%2Fetc/passwd')),
      await curl('-Q', 'CWD /..', url('000000000000.cfg')),
      await curl('-Q', 'SIZE ../outside/secret.txt', url('000000000000.cfg')),
      await curl(url('link-out.cfg')),
      await curl(url('outdir/secret.txt')),
    ];
    for (const a of attempts) {
      expect(a.code).not.toBe(0);
      expect(a.stdout).not.toContain(SECRET);
      expect(a.stdout).not.toMatch(/root:.*:0:0:/);
    }
    const l = await lftp(`get /etc/passwd -o ${join(fx.dir, 'pw')}; get ../outside/secret.txt -o ${join(fx.dir, 's1')}; get %2e%2e/outside/secret.txt -o ${join(fx.dir, 's2')}; cd ..; cat ..\\\\outside\\\\secret.txt`);
    expect(l.code).not.toBe(0);
    expect(l.stdout).not.toContain(SECRET);
    for (const f of ['pw', 's1', 's2']) await expect(readFile(join(fx.dir, f))).rejects.toThrow();

    await until(() => openSessions() === 0); // every client is gone: all refusals are logged
    const refused = fx.log.recent(10_000).slice(before).filter((e) => e.protocol === 'ftp' && !e.ok);
    const traversal = refused.filter((e) => /leave the provisioning root/.test(e.error ?? ''));
    const backslash = refused.filter((e) => /backslash/.test(e.error ?? ''));
    expect(traversal.length).toBeGreaterThanOrEqual(6);
    expect([...new Set(traversal.map((e) => e.method))]).toEqual(expect.arrayContaining(['CWD', 'RETR', 'SIZE']));
    expect(backslash.length).toBeGreaterThanOrEqual(2);
    for (const e of [...traversal, ...backslash]) expect(e.status).toBe(550);
    // Absolute and literal-%2e%2e paths are plain root-relative names: simply not found.
    expect(refused.some((e) => e.path === '/etc/passwd' && e.status === 550 && /no such file/.test(e.error ?? ''))).toBe(true);
    expect(refused.some((e) => e.path === '/%2e%2e/outside/secret.txt' && e.status === 550 && /no such file/.test(e.error ?? ''))).toBe(true);
  });

  it('refuses wrong credentials (530, curl exit 67) and logs the attempt', async () => {
    const wrong = await curl(url('000000000000.cfg', 'PlcmSpIp:wrong'));
    expect(wrong.code).toBe(67);
    const lower = await curl(url('000000000000.cfg', 'plcmspip:plcmspip'));
    expect(lower.code).toBe(67); // case-sensitive
    const anon = await curl(`ftp://127.0.0.1:${port}/000000000000.cfg`);
    expect(anon.code).toBe(67);
    await until(() => events((e) => e.method === 'PASS').length >= 3);
    const pass = events((e) => e.method === 'PASS');
    expect(pass.map((e) => e.status)).toEqual([530, 530, 530]);
    expect(pass[0]!.error).toContain('"PlcmSpIp"');
  });

  it('survives malformed commands, split lines and Telnet bytes', async () => {
    const { ftp, greeting } = await RawFtp.connect(port);
    expect(greeting.code).toBe(220);
    expect((await ftp.send('SITE CHMOD 777 x')).code).toBe(530); // not logged in yet
    ftp.write('US');
    await new Promise((r) => setTimeout(r, 20));
    ftp.write('ER PlcmSpIp\r');
    await new Promise((r) => setTimeout(r, 20));
    ftp.write('\n');
    expect((await ftp.next()).code).toBe(331); // a line split over three TCP writes
    expect((await ftp.send('PASS PlcmSpIp')).code).toBe(230);
    for (const bad of ['SITE', 'PORT', 'PORT 1,2,3', 'EPRT |9|x|1|', 'EPRT', 'RETR', 'STOR', 'SIZE', 'MDTM', 'CWD', 'REST abc', 'TYPE Z', 'XYZZY', 'DELE sip.ld', 'RNFR sip.ld', 'MKD x', 'STOU', 'APPE x']) {
      const r = await ftp.send(bad);
      expect(r.code, bad).toBeGreaterThanOrEqual(400);
    }
    const iac = Buffer.concat([Buffer.from([0xff, 0xf4, 0xff, 0xf2]), Buffer.from('NOOP\r\n')]);
    ftp.write(iac);
    expect((await ftp.next()).code).toBe(200);
    expect((await ftp.send('RETR sip.ld')).code).toBe(425); // no PASV/PORT first
    expect((await ftp.send('ABOR')).code).toBe(225);
    expect((await ftp.send('PWD')).text).toContain('"/"');
    expect((await ftp.send('CDUP')).code).toBe(550);
    expect((await ftp.send('CWD sub')).code).toBe(250);
    expect((await ftp.send('CDUP')).code).toBe(250);
    expect((await ftp.send('SIZE sip.ld')).text).toBe(`213 ${big.length}`);
    expect((await ftp.send('MDTM 000000000000.cfg')).text).toMatch(/^213 \d{14}$/);
    expect((await ftp.send('FEAT')).text).not.toContain('AUTH TLS');
    ftp.close();
    // An over-long line closes that connection only.
    const { ftp: long } = await RawFtp.connect(port);
    long.write('NOOP ' + 'x'.repeat(20_000));
    const r = await long.next();
    expect(r.code).toBe(500);
    await until(() => long.isClosed);
    const ok = await curl(url('000000000000.cfg'));
    expect(ok.code).toBe(0);
    const refusedWrites = events((e) => ['DELE', 'RNFR', 'MKD', 'SITE'].includes(e.method));
    expect(refusedWrites.every((e) => e.status === 550 && /read-only/i.test(e.error ?? ''))).toBe(true);
    expect(refusedWrites.map((e) => e.method)).toEqual(expect.arrayContaining(['DELE', 'RNFR', 'MKD']));
  });

  it('logs a download cut by the client as 426 with the bytes actually sent', async () => {
    const { ftp } = await RawFtp.connect(port);
    await ftp.login('PlcmSpIp', 'PlcmSpIp');
    const data = await ftp.openData();
    let got = 0;
    const firstChunk = new Promise<void>((resolve) => data.once('data', () => resolve()));
    data.on('data', (b: Buffer) => {
      got += b.length;
    });
    data.on('error', () => {});
    expect((await ftp.send('RETR sip.ld')).code).toBe(150);
    await firstChunk;
    data.pause();
    data.resetAndDestroy();
    const end = await ftp.next(10_000);
    expect(end.code).toBe(426);
    await until(() => events((e) => e.method === 'RETR' && e.status === 426).length === 1);
    const ev = events((e) => e.method === 'RETR' && e.status === 426)[0]!;
    expect(ev.path).toBe('/sip.ld');
    expect(ev.bytesSent).toBeGreaterThanOrEqual(got);
    expect(ev.bytesSent).toBeLessThan(big.length);
    expect(ev.error).toMatch(/data connection/);
    expect(server.activeTransfers).toBe(0);
    expect((await ftp.send('NOOP')).code).toBe(200); // the control connection still works
    ftp.close();
  });

  it('never keeps a broken upload, and aborts an upload when the control connection drops', async () => {
    const name = `${MAC}-app.log`;
    const { ftp } = await RawFtp.connect(port);
    await ftp.login('PlcmSpIp', 'PlcmSpIp');
    const data = await ftp.openData();
    data.on('error', () => {});
    expect((await ftp.send(`STOR ${name}`)).code).toBe(150);
    data.write(Buffer.alloc(100_000, 0x41));
    await new Promise((r) => setTimeout(r, 100));
    data.resetAndDestroy();
    expect((await ftp.next(10_000)).code).toBe(426);
    await until(() => events((e) => e.method === 'STOR' && e.status === 426).length === 1);

    const data2 = await ftp.openData();
    data2.on('error', () => {});
    expect((await ftp.send(`STOR ${name}`)).code).toBe(150);
    data2.write(Buffer.alloc(50_000, 0x42));
    // Drop the control connection once the server has received part of the upload.
    await until(() => server.tracker.list().some((t) => t.method === 'STOR' && t.bytes > 0));
    ftp.socket.resetAndDestroy();
    data2.resetAndDestroy();
    await until(() => events((e) => e.method === 'STOR' && e.status === 426).length === 2);
    await until(() => server.activeTransfers === 0);
    await until(() => openSessions() === 0);
    // The partial file is removed once the upload is recorded broken; poll the folder until it is.
    let files: string[];
    for (const end = Date.now() + 10_000; ; ) {
      files = await readdir(join(fx.uploadsDir, MAC));
      if (!files.includes(name) && !files.some((n) => n.endsWith('.part'))) break;
      if (Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(files).not.toContain(name);
    expect(files.filter((n) => n.endsWith('.part'))).toEqual([]);
    const broken = events((e) => e.method === 'STOR' && e.status === 426);
    expect(broken[0]!.bytesReceived).toBeGreaterThan(0);
    expect(broken[0]!.bytesReceived).toBeLessThanOrEqual(100_000);
  });

  it('wrote nothing to stdout (diagnostics go to our logger)', () => {
    expect(stdoutWrites.filter((w) => /"hostname"|"msg"/.test(w))).toEqual([]);
  });
});
