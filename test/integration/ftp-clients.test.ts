/**
 * The FTP provisioning server with the clients phones and technicians use, each in every mode it
 * has: curl (EPSV, PASV, active EPRT and PORT, REST, STOR, LIST, NLST), lftp (passive, active,
 * resume, put, MLSD listing), busybox ftpget/ftpput (the FTP client of embedded Linux, PASV only),
 * the basic-ftp npm client (the simulated phones' client: it connects the data socket before RETR),
 * plus a raw control connection for path escapes and malformed lines. Active mode is RFC 959
 * §3.2 (PORT) and RFC 2428 §2 (EPRT); REST STREAM is RFC 3659 §5.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Client as BasicFtp, FTPError } from 'basic-ftp';
import { FtpProvisioningServer } from '../../electron/engine/provisioning/ftp/server';
import { RawFtp } from '../helpers/ftp-client';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';
import { run } from '../helpers/run';

const MAC = '0004f2ddeeff';
const CRED = 'PlcmSpIp:PlcmSpIp';
let fx: ProvisioningFixture;
let server: FtpProvisioningServer;
let port: number;
let img: Buffer;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const url = (path: string, cred = CRED) => `ftp://${cred}@127.0.0.1:${port}/${path}`;
const curl = (...args: string[]) => run('curl', ['-sS', '--max-time', '20', ...args], { timeoutMs: 25_000 });
const lftp = (settings: string, script: string) =>
  run('lftp', ['-u', 'PlcmSpIp,PlcmSpIp', '-e', `set net:max-retries 1; set net:timeout 5; set xfer:clobber on; ${settings}; ${script}; bye`, `ftp://127.0.0.1:${port}`], { timeoutMs: 25_000 });
const busybox = (applet: 'ftpget' | 'ftpput', local: string, remote: string, password = 'PlcmSpIp') =>
  run('busybox', [applet, '-u', 'PlcmSpIp', '-p', password, '-P', String(port), '127.0.0.1', local, remote], { timeoutMs: 25_000 });
const events = (pred: (e: RequestEvent) => boolean) => fx.log.recent(10_000).filter((e) => e.protocol === 'ftp' && pred(e));

/** Poll until `pred` holds. */
async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  fx = await provisioningFixture([{ mac: MAC, model: 'VVX400', label: 'Desk', user: '2002', sipServer: 'pbx.test' }]);
  img = randomBytes(1024 * 1024 + 77);
  await writeFile(join(fx.root, 'img.bin'), img);
  server = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
  port = await server.start({ bind: '127.0.0.1', port: 0, pasvMin: 0, pasvMax: 0, factoryAccount: true });
});

afterAll(async () => {
  await server?.stop();
  if (fx) await rm(fx.dir, { recursive: true, force: true });
});

describe('FTP with curl', () => {
  it.each([
    ['EPSV', []],
    ['PASV', ['--disable-epsv']],
    ['active EPRT', ['-P', '127.0.0.1']],
    ['active PORT', ['-P', '127.0.0.1', '--disable-eprt']],
  ])('downloads byte-identical over %s', async (_mode, args) => {
    const r = await curl(...args, url('img.bin'));
    expect(r.code, r.stderr).toBe(0);
    expect(sha(r.stdoutBytes)).toBe(sha(img));
  });

  it('resumes with REST (active and passive)', async () => {
    const p = await curl('-C', '4096', url('img.bin'));
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdoutBytes.equals(img.subarray(4096))).toBe(true);
    const a = await curl('-P', '127.0.0.1', '-C', '1000000', url('img.bin'));
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdoutBytes.equals(img.subarray(1000000))).toBe(true);
  });

  it('uploads a phone log in active mode and lists (LIST, NLST)', async () => {
    const local = join(fx.dir, 'curl-app.log');
    await writeFile(local, 'app log over active FTP\n');
    const up = await curl('-P', '127.0.0.1', '-T', local, url(`${MAC}-app.log`));
    expect(up.code, up.stderr).toBe(0);
    expect(await readFile(join(fx.uploadsDir, MAC, `${MAC}-app.log`), 'utf8')).toBe('app log over active FTP\n');
    const list = await curl(url(''));
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^-r--r--r-- .* img\.bin\r?$/m);
    const nlst = await curl('-P', '127.0.0.1', '--list-only', url(''));
    expect(nlst.stdout.split(/\r?\n/)).toContain('img.bin');
  });

  it('refuses a wrong password with 530 (curl exit 67)', async () => {
    const r = await curl(url('img.bin', 'PlcmSpIp:nope'));
    expect(r.code).toBe(67);
  });
});

describe('FTP with lftp', () => {
  it.each([
    ['passive EPSV', 'set ftp:passive-mode on; set ftp:prefer-epsv yes'],
    ['passive PASV', 'set ftp:passive-mode on; set ftp:prefer-epsv no'],
    ['active', 'set ftp:passive-mode off'],
  ])('lists (MLSD or LIST), downloads, resumes and uploads in %s mode', async (mode, settings) => {
    const tag = mode.replace(/\W/g, '');
    const out = join(fx.dir, `lftp-${tag}.bin`);
    await writeFile(out, img.subarray(0, 300_000)); // a partial download to resume (`get -c`: REST)
    const up = join(fx.dir, `lftp-${tag}.log`);
    await writeFile(up, `boot log ${mode}\n`);
    const r = await lftp(settings, `cls -l; get -c img.bin -o ${out}; put ${up} -o ${MAC}-boot.log`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/img\.bin/);
    expect(sha(await readFile(out))).toBe(sha(img));
    expect(await readFile(join(fx.uploadsDir, MAC, `${MAC}-boot.log`), 'utf8')).toBe(`boot log ${mode}\n`);
    await until(() => events((e) => e.method === 'RETR' && e.path === '/img.bin' && e.bytesSent === img.length - 300_000).length > 0);
    expect(events((e) => e.method === 'MLSD' && e.status === 226).length).toBeGreaterThan(0); // lftp lists with MLSD
  });
});

describe('FTP with busybox ftpget/ftpput', () => {
  it('downloads and uploads (PASV), and fails on a wrong password', async () => {
    const out = join(fx.dir, 'bb.bin');
    const get = await busybox('ftpget', out, 'img.bin');
    expect(get.code, get.stderr).toBe(0);
    expect(sha(await readFile(out))).toBe(sha(img));
    const local = join(fx.dir, 'bb.log');
    await writeFile(local, 'busybox upload\n');
    const put = await busybox('ftpput', `${MAC}-calls.xml`, local);
    expect(put.code, put.stderr).toBe(0);
    expect(await readFile(join(fx.uploadsDir, MAC, `${MAC}-calls.xml`), 'utf8')).toBe('busybox upload\n');
    const bad = await busybox('ftpget', join(fx.dir, 'bb-bad.bin'), 'img.bin', 'wrong');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/530/);
    const refused = await busybox('ftpput', 'evil.cfg', local);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/553/);
    expect(await readdir(fx.root)).not.toContain('evil.cfg');
  });
});

describe('FTP with basic-ftp (connects the data socket before RETR)', () => {
  it('a missing file is a 550 on the control connection, never a reset data connection, and the next download works', async () => {
    const client = new BasicFtp(10_000);
    try {
      await client.access({ host: '127.0.0.1', port, user: 'PlcmSpIp', password: 'PlcmSpIp' });
      const sink = () => {
        const parts: Buffer[] = [];
        return { parts, w: new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }) };
      };
      for (let i = 0; i < 5; i++) {
        const err = await client.downloadTo(sink().w, `missing-${i}.ld`).then(() => undefined, (e: unknown) => e);
        expect(err, String(err)).toBeInstanceOf(FTPError);
        expect((err as FTPError).code).toBe(550);
      }
      const ok = sink();
      await client.downloadTo(ok.w, 'img.bin');
      expect(sha(Buffer.concat(ok.parts))).toBe(sha(img));
    } finally {
      client.close();
    }
  });
});

describe('FTP control connection edge cases', () => {
  it('refuses path escapes with 550, answers a malformed line with 500, and the connection survives', async () => {
    const { ftp } = await RawFtp.connect(port);
    await ftp.login('PlcmSpIp', 'PlcmSpIp');
    for (const bad of ['RETR ../../etc/passwd', 'RETR /../etc/passwd', 'SIZE ../../etc/passwd', 'CWD ../..', 'RETR sub\\..\\..\\etc\\passwd']) {
      expect((await ftp.send(bad)).code, bad).toBe(550);
    }
    ftp.write(Buffer.from([0x01, 0x02, 0x7f, 0x0d, 0x0a]));
    expect((await ftp.next()).code).toBe(500);
    expect((await ftp.send('!!!')).code).toBe(500);
    expect((await ftp.send('NOOP')).code).toBe(200);
    expect((await ftp.send('SYST')).text).toMatch(/^215 UNIX/);
    expect((await ftp.send('TYPE I')).code).toBe(200);
    expect((await ftp.send('OPTS UTF8 ON')).code).toBe(200);
    const feat = (await ftp.send('FEAT')).text;
    for (const f of ['EPSV', 'EPRT', 'MDTM', 'MLST', 'REST STREAM', 'SIZE', 'UTF8']) expect(feat).toContain(f);
    expect((await ftp.send('QUIT')).code).toBe(221);
    await until(() => ftp.isClosed);
    await until(() => events((e) => e.method === 'RETR' && /leave the provisioning root/.test(e.error ?? '')).length >= 2);
  });

  it('ABOR during a download: 426 for the transfer, then 226, and the connection goes on', async () => {
    const { ftp } = await RawFtp.connect(port);
    await ftp.login('PlcmSpIp', 'PlcmSpIp');
    const data = await ftp.openData();
    data.on('error', () => {});
    data.pause(); // read nothing: the server blocks once the socket buffers (a few MiB) are full
    await writeFile(join(fx.root, 'big-zero.bin'), Buffer.alloc(48 * 1024 * 1024));
    expect((await ftp.send('RETR big-zero.bin')).code).toBe(150);
    ftp.write('ABOR\r\n');
    expect((await ftp.next()).code).toBe(426);
    expect((await ftp.next()).code).toBe(226);
    expect((await ftp.send('NOOP')).code).toBe(200);
    data.destroy();
    ftp.close();
    await until(() => events((e) => e.method === 'RETR' && /ABOR/.test(e.error ?? '')).length === 1);
    expect(server.activeTransfers).toBe(0);
  });

  it('a passive port takes only the control connection\'s peer; PORT/EPRT to another host is refused', async () => {
    const { ftp } = await RawFtp.connect(port);
    await ftp.login('PlcmSpIp', 'PlcmSpIp');
    const epsv = await ftp.send('EPSV');
    const dataPort = Number(/\(\|\|\|(\d+)\|\)/.exec(epsv.text)![1]);
    const stranger = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ port: dataPort, host: '127.0.0.1', localAddress: '127.0.0.2' }, () => resolve(s));
      s.once('error', reject);
    });
    await new Promise<void>((resolve) => {
      stranger.on('error', () => {});
      stranger.once('close', () => resolve()); // the server drops it at once
    });
    const own = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ port: dataPort, host: '127.0.0.1' }, () => resolve(s));
      s.once('error', reject);
    });
    const chunks: Buffer[] = [];
    own.on('data', (b: Buffer) => chunks.push(b));
    const closed = new Promise((r) => own.once('close', r));
    expect((await ftp.send('NLST')).code).toBe(150);
    expect((await ftp.next()).code).toBe(226);
    await closed;
    expect(Buffer.concat(chunks).toString()).toContain('img.bin');
    expect((await ftp.send('PORT 192,0,2,1,200,10')).code).toBe(504);
    expect((await ftp.send('EPRT |1|192.0.2.1|51210|')).code).toBe(504);
    expect((await ftp.send('PORT 127,0,0,1,0,22')).code).toBe(504); // a port below 1024
    expect((await ftp.send('EPSV ALL')).code).toBe(200);
    expect((await ftp.send('PASV')).code).toBe(503);
    ftp.close();
  });

  it('closes a control connection idle for longer than the idle timeout (421)', async () => {
    const s = new FtpProvisioningServer(fx.resolver, fx.log, fx.logger);
    const p = await s.start({ bind: '127.0.0.1', port: 0, pasvMin: 0, pasvMax: 0, factoryAccount: true, idleTimeoutMs: 300 });
    try {
      const { ftp } = await RawFtp.connect(p);
      await ftp.login('PlcmSpIp', 'PlcmSpIp');
      expect((await ftp.next(5000)).code).toBe(421);
      await until(() => ftp.isClosed);
    } finally {
      await s.stop();
    }
  });
});
