/**
 * e2e: a first run as a normal user on Linux, in Chromium. Inside a network namespace made by the
 * test (with one network card, a veth end at 10.77.0.1, and `ip_unprivileged_port_start` at
 * the default 1024 — per namespace, the host is untouched), `provkit serve` runs as nobody on the
 * standard ports and is refused on all three. The Servers page's "Serve on this network card" step
 * lists the card, shows ONE command for all the refused ports (the lowest, 21) and says which
 * phones cannot use another TFTP port. The test runs exactly that command's setting in the
 * namespace, refreshes, serves on the card: HTTP, FTP and TFTP listen on 10.77.0.1:80/21/69 (curl
 * gets an answer there). When the engine is killed, the header pills and the server cards turn grey. Chromium runs in
 * the namespace too (through a wrapper). Needs root, `ip netns` and setpriv; skipped otherwise.
 * Screenshots: test/e2e/screenshots/first-run-refused.png, first-run-serving.png, header-engine-gone.png,
 * servers-engine-gone.png.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../helpers/browser';
import { REPO } from '../helpers/serve';
import { SHOTS } from '../helpers/ui-session';

const ns = `logfr${process.pid}`;
const CARD = '10.77.0.1';
const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
const inNs = (cmd: string, args: string[]) => sh('ip', ['netns', 'exec', ns, cmd, ...args]);

function skipReason(): string {
  if (process.platform !== 'linux') return 'first-run e2e skipped: Linux only';
  if (process.getuid?.() !== 0) return 'first-run e2e skipped: needs root (ip netns, setpriv)';
  if (sh('ip', ['netns', 'list']).status !== 0) return 'first-run e2e skipped: `ip netns` is unavailable';
  if (sh('setpriv', ['--version']).status !== 0) return 'first-run e2e skipped: setpriv (util-linux) is missing';
  return '';
}
const reason = skipReason();
if (reason) {
  process.stderr.write(`${reason}\n`);
  it('first run on a network card', (ctx) => ctx.skip(reason));
}

describe.skipIf(Boolean(reason))('first run: serve on this network card', () => {
  let dir = '';
  let serve: ChildProcess | undefined;
  let out = '';
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    expect(sh('ip', ['netns', 'add', ns]).status).toBe(0);
    expect(inNs('ip', ['link', 'set', 'lo', 'up']).status).toBe(0);
    // A veth pair, both ends in the namespace: one network card with an address.
    expect(inNs('ip', ['link', 'add', 'logcard0', 'type', 'veth', 'peer', 'name', 'logcard0p']).status).toBe(0);
    expect(inNs('ip', ['addr', 'add', `${CARD}/24`, 'dev', 'logcard0']).status).toBe(0);
    expect(inNs('ip', ['link', 'set', 'logcard0', 'up']).status).toBe(0);
    expect(inNs('ip', ['link', 'set', 'logcard0p', 'up']).status).toBe(0);
    expect(inNs('sysctl', ['-w', 'net.ipv4.ip_unprivileged_port_start=1024']).status).toBe(0);
    dir = mkdtempSync(join(tmpdir(), 'log-firstrun-'));
    const data = join(dir, 'data');
    mkdirSync(data);
    chmodSync(dir, 0o755);
    chmodSync(data, 0o777);
    // The saved defaults: HTTP 80, FTP 21, TFTP 69 (no port flags), bound to loopback.
    serve = spawn('ip', ['netns', 'exec', ns, 'setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', process.execPath, join(REPO, 'bin', 'provkit.mjs'), 'serve', '--data', data, '--bind', '127.0.0.1', '--ui-port', '0'], {
      cwd: REPO,
      env: { ...process.env, PROVKIT_LOG_LEVEL: 'warn', HOME: data },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serve.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    serve.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const started = Date.now();
    while (!/Web UI\s+http:\/\/\S+/.test(out)) {
      if (serve.exitCode !== null || Date.now() - started > 60_000) throw new Error(`provkit serve did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const wrapper = join(dir, 'chromium-in-netns.sh');
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} ${CHROMIUM} "$@"\n`, { mode: 0o755 });
    browser = await chromium.launch({
      executablePath: wrapper,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (serve && serve.exitCode === null) serve.kill('SIGKILL');
    sh('ip', ['netns', 'del', ns]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the console says one command for all three refused ports', () => {
    const fixes = [...out.matchAll(/Fix: .*`(sudo sysctl [^`]+)`/g)].map((m) => m[1]);
    expect(fixes, out).toEqual(Array(3).fill('sudo sysctl net.ipv4.ip_unprivileged_port_start=21'));
  });

  it('lists the card, shows one command and the TFTP port-69 note; that command lets all three serve on the card', async () => {
    const ui = /Web UI\s+(http:\/\/\S+)/.exec(out)![1]!;
    await page.goto(`${ui}#/servers`);
    const card = page.locator('.serve-on-card');
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => card.locator('select').innerText()).toContain(`logcard0 — ${CARD}`);
    await expect.poll(() => card.innerText(), { timeout: 10_000 }).toContain('sudo sysctl net.ipv4.ip_unprivileged_port_start=21');
    const text = await card.innerText();
    expect(text).toContain('ports 80, 21, 69 are refused');
    expect(text).toMatch(/only ever ask TFTP on port 69/);
    expect(text).toMatch(/AudioCodes phones and Cisco phones/);
    // Every command on the page (first-run card and the three server cards) is the same one.
    const page69 = await page.locator('main').innerText();
    expect([...page69.matchAll(/ip_unprivileged_port_start=(\d+)/g)].map((m) => m[1])).toEqual(expect.arrayContaining(['21']));
    expect(page69).not.toMatch(/ip_unprivileged_port_start=(80|69)\b/);
    await page.screenshot({ path: join(SHOTS, 'first-run-refused.png'), fullPage: true });

    // Run the one command shown (its setting, in the namespace), refresh, serve on the card.
    const command = (await card.locator('code').first().innerText()).trim();
    expect(command).toBe('sudo sysctl net.ipv4.ip_unprivileged_port_start=21');
    expect(inNs('sysctl', ['-w', command.replace(/^sudo sysctl /, '')]).status).toBe(0);
    await card.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => card.innerText()).not.toContain('are refused');
    await card.getByRole('button', { name: `Serve on ${CARD} (ports 80, 21, 69)` }).click();
    const chips = page.locator('.server-chip');
    await expect.poll(() => chips.evaluateAll((els) => els.map((e) => e.className)), { timeout: 20_000 }).toEqual([
      'server-chip state-listening',
      'server-chip state-listening',
      'server-chip state-listening',
    ]);
    await expect.poll(() => card.innerText()).toContain(`Serving on ${CARD}`);
    expect(await page.locator('main').innerText()).toContain(`http://${CARD}/`);
    const got = inNs('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', `http://${CARD}/nothing.cfg`]);
    expect(got.stdout).toBe('404');
    await page.screenshot({ path: join(SHOTS, 'first-run-serving.png'), fullPage: true });
  }, 90_000);

  it('turns the header pills grey when the engine is gone', async () => {
    serve!.kill('SIGKILL');
    const chips = page.locator('.server-chip');
    await expect.poll(() => chips.evaluateAll((els) => els.map((e) => e.className)), { timeout: 20_000 }).toEqual([
      'server-chip state-unknown',
      'server-chip state-unknown',
      'server-chip state-unknown',
    ]);
    expect(await page.locator('.app-header').innerText()).toContain('engine not connected');
    // The server cards do not claim "Listening" either, and offer no action.
    const states = await page.locator('article.server-card .server-state').allInnerTexts();
    expect(states.map((t) => t.replace(/\s+/g, ' '))).toEqual(Array(3).fill('? Unknown'));
    expect(await page.locator('.serve-on-card').innerText()).not.toContain('Serving on');
    expect(await page.locator('article.server-card .card-head button').evaluateAll((bs) => bs.map((b) => (b as HTMLButtonElement).disabled))).toEqual([true, true, true]);
    expect(await chips.first().getAttribute('title')).toBe('HTTP server: unknown, the engine is not connected');
    await page.locator('.app-header').screenshot({ path: join(SHOTS, 'header-engine-gone.png') });
    await page.screenshot({ path: join(SHOTS, 'servers-engine-gone.png') });
  }, 60_000);
});
