/**
 * Secrets only to the phone that owns them, checked with real clients (curl, lftp, tftp-hpa):
 * without an account, `<mac>-provkit.cfg` is served to anyone (the UI says so) and an upload is
 * taken only from the address the phone booted from; with an account, the file and every upload
 * need it over HTTP (Basic and Digest) and FTP, the factory FTP account no longer gets it, the
 * password is sealed on disk; TFTP never serves it unless the user allows it.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { run } from '../helpers/run';
import { REPO } from '../helpers/serve';

const MAC = '0004f2a1b2c3';
const OTHER = '0004f2a1b2c4';
const SIP_PW = 'Sip-Secret-4711';
const ACCOUNT = { user: 'phones', password: 'Prov-Acct-2026!' };
let engine: Engine;
let dir: string;
let http: string;
let ftpPort: number;
let tftpPort: number;

const curl = (...args: string[]) => run('curl', ['-sS', '--max-time', '15', ...args], { timeoutMs: 20_000 });
const status = async (...args: string[]) => (await curl('-o', '/dev/null', '-w', '%{http_code}', ...args)).stdout;
const tftpGet = async (name: string) => {
  const out = join(dir, `tftp-${Date.now()}-${name}`);
  const r = await run('tftp', ['-m', 'binary', '127.0.0.1', String(tftpPort), '-c', 'get', name, out]);
  const got = await readFile(out, 'utf8').catch(() => '');
  return { ...r, got };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provkit-accounts-'));
  engine = await Engine.create({
    dataDir: dir,
    mode: 'headless',
    logSink: silentSink,
    overrides: { http: { bind: '127.0.0.1', port: 0 }, ftp: { bind: '127.0.0.1', port: 0 }, tftp: { bind: '127.0.0.1', port: 0 } },
  });
  const [h, f, t] = await engine.startEnabledServers();
  http = h!.url!;
  ftpPort = Number(new URL(f!.url!).port);
  tftpPort = Number(new URL(t!.url!.replace('tftp:', 'http:')).port);
  for (const mac of [MAC, OTHER]) await engine.handlers.upsertPhone({ mac, model: 'VVX400', lines: [{ extension: '2001', password: SIP_PW }] });
}, 60_000);
afterAll(async () => engine?.close());

describe('provisioning accounts', () => {
  it('without an account: the secret file goes to anyone (and the API says so); uploads only from the boot address', async () => {
    expect((await engine.handlers.getProvisioningAccess({})).exposed).toBe(true);
    expect((await curl(`${http}${MAC}-provkit.cfg`)).stdout).toContain(SIP_PW);
    const log = join(dir, 'boot.log');
    await writeFile(log, 'boot log\n');
    // OTHER never fetched anything: its upload is refused, even from loopback.
    expect(await status('-T', log, `${http}${OTHER}-app.log`)).toBe('403');
    expect(engine.requestLog.recent(5).at(-1)?.error).toMatch(/uploads are taken only from the address the phone booted from/);
    expect(await status('-T', log, `${http}${MAC}-app.log`)).toBe('201'); // MAC fetched its file from 127.0.0.1
  });

  it('flags an upload that moves the phone to another provisioning or SIP server', async () => {
    const cfg = join(dir, 'phone.cfg');
    await writeFile(cfg, '<PHONE_CONFIG><ALL device.prov.serverName="evil.example" device.prov.password="x" reg.1.server.1.address="sip.evil.example" up.backlight.idleIntensity="1"/></PHONE_CONFIG>\n');
    expect(await status('-T', cfg, `${http}${MAC}-phone.cfg`)).toBe('201');
    await expect.poll(async () => (await engine.handlers.listPhones({})).find((p) => p.mac === MAC)?.uploadFlag).toMatchObject({
      file: `${MAC}-phone.cfg`,
      client: '127.0.0.1',
      params: ['device.prov.serverName=evil.example', 'device.prov.password=(set)', 'reg.1.server.1.address=sip.evil.example'],
    });
  });

  it('TFTP never serves a file carrying passwords unless allowed; the master is served', async () => {
    const refused = await tftpGet(`${MAC}-provkit.cfg`);
    expect(refused.got).not.toContain(SIP_PW);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/TFTP has no authentication/);
    expect((await tftpGet(`${MAC}.cfg`)).got).toContain('<APPLICATION');
    await engine.handlers.setTftpSecrets({ allow: true });
    expect((await tftpGet(`${MAC}-provkit.cfg`)).got).toContain(SIP_PW);
    await engine.handlers.setTftpSecrets({ allow: false });
  });

  it('with an account: HTTP needs it (curl Basic and Digest), wrong or missing credentials get 401 with both challenges', async () => {
    const view = await engine.handlers.setProvisioningAccount({ site: 'default', ...ACCOUNT });
    expect(view).toMatchObject({ exposed: false, accounts: [{ site: 'default', user: 'phones' }] });
    const stored = await readFile(join(dir, 'provisioning-access.json'), 'utf8');
    expect(stored).not.toContain(ACCOUNT.password);
    expect(stored).toMatch(/"password": "v1:file:/);

    const url = `${http}${MAC}-provkit.cfg`;
    const head = await curl('-D', '-', '-o', '/dev/null', url);
    expect(head.stdout).toMatch(/^HTTP\/1\.1 401/);
    expect(head.stdout).toMatch(/^WWW-Authenticate: Digest realm="ProvKit provisioning", qop="auth", algorithm=MD5, nonce="/im);
    expect(head.stdout).toMatch(/^WWW-Authenticate: Basic realm="ProvKit provisioning"/im);
    expect(await status('--basic', '-u', `${ACCOUNT.user}:wrong-password`, url)).toBe('401');
    expect((await curl('--basic', '-u', `${ACCOUNT.user}:${ACCOUNT.password}`, url)).stdout).toContain(SIP_PW);
    expect((await curl('--digest', '-u', `${ACCOUNT.user}:${ACCOUNT.password}`, url)).stdout).toContain(SIP_PW);
    expect(await status('--digest', '-u', `${ACCOUNT.user}:wrong-password`, url)).toBe('401');
    // Files without secrets stay open: the phone's master configuration.
    expect(await status(`${http}${MAC}.cfg`)).toBe('200');
    // Uploads need it too.
    const log = join(dir, 'boot2.log');
    await writeFile(log, 'boot log 2\n');
    expect(await status('-T', log, `${http}${MAC}-app.log`)).toBe('401');
    expect(await status('--digest', '-u', `${ACCOUNT.user}:${ACCOUNT.password}`, '-T', log, `${http}${MAC}-app.log`)).toBe('204');
  });

  it('with an account: a simulated phone boots with it (HTTP Basic) and is refused without it', async () => {
    const sim = (server: string) => run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', server, '--mac', OTHER, '--model', 'VVX400', '--json'], { timeoutMs: 60_000 });
    const without = await sim(http);
    expect(without.code).not.toBe(0);
    expect(`${without.stdout}${without.stderr}`).toMatch(/access refused \(401\)/);
    const withAccount = await sim(http.replace('http://', `http://${ACCOUNT.user}:${encodeURIComponent(ACCOUNT.password)}@`));
    expect(withAccount.code, withAccount.stderr).toBe(0);
  });

  it('with an account: FTP gives the file to that account only (curl and lftp), not to the factory account', async () => {
    const ftp = (cred: string, path: string) => `ftp://${cred}@127.0.0.1:${ftpPort}/${path}`;
    const factory = await curl(ftp('PlcmSpIp:PlcmSpIp', `${MAC}-provkit.cfg`));
    expect(factory.code).not.toBe(0);
    expect(factory.stdout).not.toContain(SIP_PW);
    expect(factory.stderr).toMatch(/550/);
    const own = await curl(ftp(`${ACCOUNT.user}:${encodeURIComponent(ACCOUNT.password)}`, `${MAC}-provkit.cfg`));
    expect(own.stdout).toContain(SIP_PW);
    const out = join(dir, 'lftp.cfg');
    const l = await run('lftp', ['-u', `${ACCOUNT.user},${ACCOUNT.password}`, '-e', `set net:max-retries 1; set net:timeout 5; set ftp:passive-mode on; get ${MAC}-provkit.cfg -o ${out}; bye`, `ftp://127.0.0.1:${ftpPort}`], { timeoutMs: 20_000 });
    expect(l.code, l.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toContain(SIP_PW);
    const log = join(dir, 'boot3.log');
    await writeFile(log, 'boot log 3\n');
    expect((await curl('-T', log, ftp('PlcmSpIp:PlcmSpIp', `${MAC}-app.log`))).stderr).toMatch(/550/);
    expect((await curl('-T', log, ftp(`${ACCOUNT.user}:${encodeURIComponent(ACCOUNT.password)}`, `${MAC}-app.log`))).code).toBe(0);
  });

  it('TFTP stays closed for the secret file and uploads while an account is set', async () => {
    expect((await tftpGet(`${MAC}-provkit.cfg`)).got).not.toContain(SIP_PW);
    const log = join(dir, 'boot4.log');
    await writeFile(log, 'boot log 4\n');
    const put = await run('tftp', ['-m', 'binary', '127.0.0.1', String(tftpPort), '-c', 'put', log, `${MAC}-app.log`]);
    expect(`${put.stdout}${put.stderr}`).toMatch(/TFTP has no authentication/);
  });
});

describe('plain-text HTTP user of older settings', () => {
  it('becomes the sealed provisioning account and leaves settings.json', async () => {
    const old = await mkdtemp(join(tmpdir(), 'provkit-accounts-old-'));
    await writeFile(join(old, 'settings.json'), JSON.stringify({ http: { enabled: true, bind: '127.0.0.1', port: 0, pathPrefix: '', authUser: 'legacy', authPassword: 'Legacy-Pass-1' } }));
    const e = await Engine.create({ dataDir: old, mode: 'headless', logSink: silentSink });
    try {
      expect((await e.handlers.getProvisioningAccess({})).accounts).toEqual([expect.objectContaining({ site: 'default', user: 'legacy' })]);
      expect(e.provisioningAccounts.accounts()[0]!.password).toBe('Legacy-Pass-1');
    } finally {
      await e.close();
    }
    const settings = await readFile(join(old, 'settings.json'), 'utf8');
    expect(settings).not.toContain('Legacy-Pass-1');
    expect(await readFile(join(old, 'provisioning-access.json'), 'utf8')).not.toContain('Legacy-Pass-1');
  });
});
