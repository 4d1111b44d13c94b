/**
 * The headless API is locked (README "Security"): real curl without the token (401), with a foreign
 * Host (403), with the token file (200); a page of another origin in Chromium can neither call the
 * API nor open the events socket, even after the user opened the UI in the same browser; a DNS
 * rebinding name gets 403; a second engine on the same data folder is refused; a CLI import while
 * serve runs goes through the running engine, which then serves it (the served file has the lines
 * `config render` shows).
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { SHOTS } from '../helpers/ui-session';
import { writePackageFolder } from '../helpers/firmware';
import { run } from '../helpers/run';
import { REPO, startServe, type ServeProcess } from '../helpers/serve';

let serve: ServeProcess;
let browser: Browser;
let evil: Server;
let evilUrl: string;
const port = () => Number(new URL(serve.uiBase).port);

beforeAll(async () => {
  serve = await startServe();
  browser = await launchChromium(['--host-resolver-rules=MAP rebind.example 127.0.0.1']);
  // "Another origin": a page on another port of the same host (same site, so SameSite cookies go along).
  evil = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>evil</title>');
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  evil?.close();
  if (serve) expect(await serve.stop()).toBe(0);
});

const curl = (...args: string[]) => run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{}', ...args]);

describe('headless API access', () => {
  it('keeps the token in <data>/ui-token (0600) and prints it in the URL', async () => {
    const file = join(serve.dataDir, 'ui-token');
    expect((await readFile(file, 'utf8')).trim()).toBe(serve.token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(serve.ui).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('curl: 401 without the token, 403 with a foreign Host, 200 with the token file', async () => {
    const url = `${serve.uiBase}api/listPhones`;
    expect((await curl(url)).stdout).toBe('401');
    expect((await curl('-H', 'Authorization: Bearer 0000', url)).stdout).toBe('401');
    const token = (await readFile(join(serve.dataDir, 'ui-token'), 'utf8')).trim();
    expect((await curl('-H', `Authorization: Bearer ${token}`, '-H', `Host: evil.example:${port()}`, url)).stdout).toBe('403');
    expect((await curl('-H', `Authorization: Bearer ${token}`, url)).stdout).toBe('200');
    expect((await curl('-H', `Authorization: Bearer ${token}`, `http://localhost:${port()}/api/listPhones`)).stdout).toBe('200');
  });

  it('a page of another origin cannot call the API or open the event socket, even with the UI open in the same browser', async () => {
    const context = await browser.newContext();
    const ui = await context.newPage();
    await ui.goto(serve.ui);
    // The UI took the token and removed it from the address bar; its cookie is HttpOnly and SameSite=Strict.
    await expect.poll(() => ui.url()).not.toContain('token=');
    const cookies = await context.cookies(serve.uiBase);
    expect(cookies).toEqual([expect.objectContaining({ name: `provkit-token-${port()}`, httpOnly: true, sameSite: 'Strict' })]);
    await expect.poll(() => ui.locator('body').innerText(), { timeout: 20_000 }).toContain('Phones');

    const page = await context.newPage();
    await page.goto(evilUrl);
    const result = await page.evaluate(async (base) => {
      const out: Record<string, string> = {};
      try {
        const r = await fetch(`${base}api/stopServer`, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: '{"kind":"http"}' });
        out.json = `answered ${r.status}`;
      } catch (err) {
        out.json = `blocked: ${(err as Error).name}`;
      }
      // A "simple" request needs no preflight: it reaches the server, which refuses it.
      await fetch(`${base}api/stopServer`, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{"kind":"http"}' }).catch(() => undefined);
      out.ws = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${base.replace('http:', 'ws:')}api/events`);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
        setTimeout(() => resolve('timeout'), 5000);
      });
      return out;
    }, serve.uiBase);
    expect(result).toEqual({ json: 'blocked: TypeError', ws: 'refused' });
    const servers = (await (await serve.api('listServers', {})).json()) as Array<{ kind: string; state: string }>;
    expect(servers.find((s) => s.kind === 'http')?.state).toBe('listening');
    await context.close();
  });

  it('DNS rebinding: a page served under another name gets 403, for the page and the API', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`http://rebind.example:${port()}/`);
    expect(res?.status()).toBe(403);
    const status = await page.evaluate(async () => (await fetch('/api/listPhones', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);
    expect(status).toBe(403);
    await page.close();
  });

  it('refuses a second engine on the same data folder', async () => {
    const second = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'serve', '--data', serve.dataDir, '--http-port', '0', '--ftp-port', '0', '--tftp-port', '0', '--ui-port', '0'], { timeoutMs: 60_000 });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`is in use by \`provkit serve\` \\(pid ${serve.child.pid}\\)`));
    expect(second.stderr).toContain(`kill ${serve.child.pid}`);
  });

  it('a CLI inventory import while serve runs goes through it: the served -provkit.cfg has the provider lines at once', async () => {
    const saved = (await (await serve.api('saveProvider', { name: 'MegaPath', type: 'http', server: '72.245.184.168/mpv' })).json()) as { id: string };
    const csv = join(serve.dataDir, 'handoff.csv');
    await writeFile(csv, `mac,line1_extension,line1_password,provider\n00:04:F2:AB:CD:01,2101,Cli-Pw-2101,${saved.id}\n`);
    const cli = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'inventory', 'import', csv, '--format', 'provkit', '--data', serve.dataDir], { timeoutMs: 60_000 });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`through the running provkit serve, pid ${serve.child.pid}`);
    const served = await (await fetch(`${serve.http}0004f2abcd01-provkit.cfg`)).text();
    expect(served).toContain('device.prov.serverName="72.245.184.168/mpv"');
    const render = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'config', 'render', '--mac', '0004f2abcd01', '--data', serve.dataDir, '--json'], { timeoutMs: 60_000 });
    expect(render.stdout).toContain('72.245.184.168/mpv');
  });

  it('a CLI firmware import while serve runs goes through it (the running engine lists and serves the image)', async () => {
    const pkg = await writePackageFolder(serve.dataDir, 'pkg-cli', '6.4.5.1210', ['VVX400'], 64 * 1024);
    const cli = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'firmware', 'import', pkg, '--data', serve.dataDir], { timeoutMs: 60_000 });
    expect(cli.code, cli.stderr).toBe(0);
    const list = (await (await serve.api('firmwareList', {})).json()) as { images: Array<{ version: string }> };
    expect(list.images.map((i) => i.version)).toContain('6.4.5.1210');
    expect((await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `${serve.http}3111-46157-002.sip.ld`])).stdout).toBe('200');
  });

  it('says plainly that SIP passwords are open without an account; `provkit access set` (through serve) closes them', async () => {
    expect(serve.output()).toMatch(/WARNING: no provisioning account is set: SIP passwords in the phone files are served to anyone on the network/);
    const url = `${serve.http}0004f2abcd01-provkit.cfg`;
    expect((await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', url])).stdout).toBe('200');
    const set = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'access', 'set', '--user', 'phones', '--data', serve.dataDir], { input: 'Prov-Acct-2026!\n', timeoutMs: 60_000 });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('site default: user "phones"');
    expect((await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', url])).stdout).toBe('401');
    const ok = await run('curl', ['-s', '--digest', '-u', 'phones:Prov-Acct-2026!', url]);
    expect(ok.stdout).toContain('Cli-Pw-2101');
  });

  it('the Servers page shows the account, warns when none is set, and sets one', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    await page.goto(`${serve.ui}#/servers`);
    const card = page.locator('article.access-card');
    await expect.poll(() => card.innerText(), { timeout: 20_000 }).toMatch(/Site default: user phones/);
    await card.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => card.getByRole('alert').innerText()).toContain('SIP passwords in the phone files are served to anyone on the network');
    const url = `${serve.http}0004f2abcd01-provkit.cfg`;
    expect((await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', url])).stdout).toBe('200');
    await card.getByLabel('User name', { exact: true }).fill('desk-phones');
    await card.getByLabel('Password', { exact: true }).fill('An0ther-Secret');
    await card.getByRole('button', { name: 'Save account' }).click();
    await expect.poll(() => card.getByRole('status').innerText()).toBe('Account of site default saved: phones now need it.');
    await page.screenshot({ path: join(SHOTS, 'servers-access.png') });
    expect((await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', url])).stdout).toBe('401');
    expect((await run('curl', ['-s', '--digest', '-u', 'desk-phones:An0ther-Secret', url])).stdout).toContain('Cli-Pw-2101');
    await page.close();
  });
});
