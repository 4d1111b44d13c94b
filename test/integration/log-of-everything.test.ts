/**
 * One log of everything: requests that fail before any phone is known — a wrong FTP login (lftp),
 * a missing or wrong HTTP password (curl), a path outside the root, a missing file, a refused TFTP
 * upload and a missing TFTP file (tftp-hpa) — all appear in `listRequests` with their real status
 * and the detail the Log page shows (HTTP request line and headers without the password, FTP
 * session commands without the password, TFTP options agreed with atftp).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { run } from '../helpers/run';

let dir: string;
let engine: Engine;
let http = '';
let ftpPort = 0;
let tftpPort = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'log-everything-'));
  engine = await Engine.create({
    dataDir: dir,
    mode: 'headless',
    logSink: silentSink,
    overrides: {
      http: { bind: '127.0.0.1', port: 0, authUser: 'tech', authPassword: 'right-pass' },
      ftp: { bind: '127.0.0.1', port: 0 },
      tftp: { bind: '127.0.0.1', port: 0 },
    },
  });
  await writeFile(join(engine.provisioningRoot, 'here.cfg'), '<x/>\n');
  const st = await engine.startEnabledServers();
  for (const s of st) expect(s.state, JSON.stringify(s.error)).toBe('listening');
  http = `http://127.0.0.1:${st[0]!.boundPort}`;
  ftpPort = st[1]!.boundPort!;
  tftpPort = st[2]!.boundPort!;
}, 60_000);
afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Poll listRequests until one event matches. */
async function find(pred: (e: RequestEvent) => boolean, timeoutMs = 10_000): Promise<RequestEvent> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const hit = (await engine.handlers.listRequests({})).find(pred);
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`no such request in the log: ${JSON.stringify(await engine.handlers.listRequests({}), null, 1).slice(0, 3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const curl = (...args: string[]) => run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '15', ...args]);

describe('the log records what went wrong, with no phone known', () => {
  it('an FTP login with a wrong password (lftp) appears with status 530 and the session commands', async () => {
    const r = await run('lftp', ['-u', 'PlcmSpIp,wrong-pass', '-e', 'set net:max-retries 1; set net:timeout 5; set net:reconnect-interval-base 1; ls; bye', `ftp://127.0.0.1:${ftpPort}`], { timeoutMs: 30_000 });
    expect(r.code).not.toBe(0);
    const ev = await find((e) => e.protocol === 'ftp' && e.status === 530);
    expect(ev).toMatchObject({ method: 'PASS', client: '127.0.0.1', ok: false, phone: {} });
    expect(ev.error).toContain('"PlcmSpIp"');
    expect(ev.commands).toEqual(expect.arrayContaining(['USER PlcmSpIp → 331', 'PASS *** → 530']));
    expect(JSON.stringify(ev)).not.toContain('wrong-pass');
  }, 40_000);

  it('HTTP 401 for a missing and for a wrong password; the password is never kept', async () => {
    expect((await curl(`${http}/here.cfg`)).stdout).toBe('401');
    expect((await curl('-u', 'tech:not-it', `${http}/here.cfg`)).stdout).toBe('401');
    const wrong = await find((e) => e.protocol === 'http' && e.status === 401 && (e.headers ?? []).some(([n]) => n.toLowerCase() === 'authorization'));
    expect(wrong.headers).toContainEqual(['Authorization', 'Basic (user "tech", password hidden)']);
    expect(wrong.requestLine).toBe('GET /here.cfg HTTP/1.1');
    expect(wrong.userAgent).toMatch(/^curl\//);
    expect(JSON.stringify(await engine.handlers.listRequests({}))).not.toContain('not-it');
  });

  it('HTTP 403 (outside the root, refused upload) and 404 without a MAC', async () => {
    expect((await curl('-u', 'tech:right-pass', '--path-as-is', `${http}/../../etc/passwd`)).stdout).toBe('403');
    expect((await curl('-u', 'tech:right-pass', '-X', 'PUT', '--data-binary', 'x', `${http}/evil.txt`)).stdout).toBe('403');
    expect((await curl('-u', 'tech:right-pass', '-A', 'NoMacHere/1.0', `${http}/nothing-here.cfg`)).stdout).toBe('404');
    const out = await find((e) => e.status === 403 && e.method === 'GET');
    expect(out.error).toMatch(/leave the provisioning root/);
    const put = await find((e) => e.status === 403 && e.method === 'PUT');
    expect(put.path).toBe('/evil.txt');
    const missing = await find((e) => e.status === 404 && e.path === '/nothing-here.cfg');
    expect(missing.phone.mac).toBeUndefined();
    expect(missing.headers).toContainEqual(['User-Agent', 'NoMacHere/1.0']);
  });

  it('TFTP errors from tftp-hpa: a missing file (404) and a refused upload (403)', async () => {
    const tmp = join(dir, 'got.cfg');
    await run('tftp', ['127.0.0.1', String(tftpPort), '-m', 'octet', '-c', 'get', 'missing.cfg', tmp]);
    await writeFile(join(dir, 'up.txt'), 'x');
    await run('tftp', ['127.0.0.1', String(tftpPort), '-m', 'octet', '-c', 'put', join(dir, 'up.txt'), 'up.txt']);
    const miss = await find((e) => e.protocol === 'tftp' && e.status === 404);
    expect(miss).toMatchObject({ method: 'RRQ', path: '/missing.cfg', ok: false });
    const up = await find((e) => e.protocol === 'tftp' && e.method === 'WRQ');
    expect(up.status).toBe(403);
  });

  it('TFTP options agreed with atftp (RFC 2347/2348/2349) are in the request', async () => {
    const r = await run('atftp', ['--option', 'blksize 1428', '--option', 'tsize 0', '-g', '-r', 'here.cfg', '-l', join(dir, 'here.got'), '127.0.0.1', String(tftpPort)]);
    expect(r.code, r.stderr).toBe(0);
    const ev = await find((e) => e.protocol === 'tftp' && e.path === '/here.cfg' && e.status === 200);
    expect(ev.options).toMatchObject({ blksize: 1428, tsize: 5 });
  });
});
