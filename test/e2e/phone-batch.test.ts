/**
 * End to end (acceptance): `provkit serve` and `provkit simulate-web` with 20 simulated
 * UC 6 phones on loopback addresses 127.0.0.41-60 (two of them with another admin password), driven
 * from the web UI in Chromium: find them with a subnet scan, select all, reboot all 20 — each
 * followed until it went away and came back — and read the summary (18 verified, 2 failed with the
 * fix); add the missing password, retry the failed, all 20 verified. Then, on one phone's page, set
 * its boot server to this ProvKit and watch its boot arrive in the timeline. Screenshots go to
 * test/e2e/screenshots/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMac } from '../../shared/mac';
import { launchChromium } from '../helpers/browser';
import { REPO, startServe, type ServeProcess } from '../helpers/serve';

const SHOTS = join(import.meta.dirname, 'screenshots');
const linux = process.platform === 'linux';
let serve: ServeProcess;
let sim: ChildProcess;
let simPort = 0;
let browser: Browser;
let page: Page;

/** Screenshot the whole page: the main area scrolls, so grow the window to its content first. */
async function shoot(name: string): Promise<void> {
  const height = await page.evaluate(() => {
    const main = document.querySelector('main')!;
    main.scrollTo(0, 0);
    return main.scrollHeight + main.getBoundingClientRect().top + 16;
  });
  await page.setViewportSize({ width: 1360, height: Math.min(Math.max(1000, Math.ceil(height)), 6000) });
  await page.screenshot({ path: join(SHOTS, name) });
  await page.setViewportSize({ width: 1360, height: 1000 });
}

async function startSimulator(): Promise<Array<{ mac: string; url: string; password: string }>> {
  // Down 4 s after a reboot: the reboot check polls about once a second, and on a loaded machine a
  // shorter window can fall between two polls (the phone would look as if it never restarted).
  sim = spawn(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate-web', '--dialect', 'ucs6', '--count', '20', '--layout', 'addresses', '--bind', '127.0.0.41', '--mac', '0004f2b10001', '--wrong-password-every', '10', '--reboot-down-ms', '4000', '--json'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  sim.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  sim.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 60_000;
  const lines = () => out.split('\n').filter((l) => l.startsWith('{'));
  while (lines().length < 20) {
    if (sim.exitCode !== null || Date.now() > end) throw new Error(`simulate-web did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return lines().map((l) => JSON.parse(l));
}

beforeAll(async () => {
  if (!linux) return;
  mkdirSync(SHOTS, { recursive: true });
  const [s, phones] = await Promise.all([startServe(), startSimulator()]);
  serve = s;
  simPort = Number(new URL(phones[0]!.url).port);
  expect(phones.filter((p) => p.password !== 'as given').map((p) => p.mac)).toEqual(['0004f2b1000a', '0004f2b10014']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  if (sim && sim.exitCode === null) {
    const exited = new Promise((r) => sim.once('exit', r));
    sim.kill('SIGTERM');
    await exited;
  }
  if (serve) expect(await serve.stop()).toBe(0);
});

describe.skipIf(!linux)('batch actions on 20 simulated phones in the web UI', () => {
  it('finds them, reboots all, shows 18 verified and 2 failed with the fix, then retries the failed', async () => {
    await page.goto(serve.ui);
    const panel = page.locator('section.web-phones');
    // Only the loopback subnet: never the phones of this computer's real ARP table.
    await panel.getByLabel('Phones ProvKit has seen and this computer’s ARP table').uncheck();
    await panel.getByLabel('Scan subnet (optional)').fill('127.0.0.32/27');
    await panel.getByLabel('Web ports').fill(String(simPort));
    await panel.getByRole('button', { name: 'Find phones' }).click();
    const rows = page.locator('table.web-phones-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(20);
    await expect.poll(() => page.locator('.discover-progress').innerText(), { timeout: 90_000 }).toMatch(/Done: 20 phone\(s\) found/);
    // The two phones with another password are listed, with the problem named.
    await expect.poll(() => page.locator('table.web-phones-table').innerText()).toMatch(/password refused[\s\S]*password refused/);

    await page.getByLabel('Select all phones').check();
    await expect.poll(() => page.locator('.batch-bar').innerText()).toContain('20 phones selected');
    await page.getByRole('button', { name: 'Reboot 20' }).click();
    const summary = page.locator('.batch-summary');
    await expect.poll(() => page.locator('#batch-title').innerText(), { timeout: 120_000, interval: 500 }).toMatch(/Reboot: 20 phone\(s\) — finished/);
    // On a mismatch, the rows say which phone failed and why.
    expect(await summary.innerText(), await page.locator('table.batch-table').innerText()).toMatch(/✓ 18 verified · ✕ 2 failed · 0 working · 0 queued/);
    const failed = page.locator('table.batch-table tr.row-failed');
    expect(await failed.count()).toBe(2);
    expect(await failed.first().innerText()).toMatch(/refused the admin password[\s\S]*Fix: Add the phone’s admin password under Phones › Admin passwords/);
    expect(await page.locator('table.batch-table tr.row-ok').first().innerText()).toMatch(/went away and answered again/);
    await shoot('phone-batch-summary.png');

    // Add the site's other password, retry only the two failed.
    await page.getByText('Admin passwords', { exact: true }).click();
    await page.getByLabel('Admin password').fill('456-other');
    await page.getByRole('button', { name: 'Add password' }).click();
    await expect.poll(() => page.locator('.passwords-panel').innerText()).toMatch(/Password 2/);
    expect(await page.locator('.passwords-panel').innerText()).not.toContain('456-other');
    await page.getByRole('button', { name: 'Retry 2 failed' }).click();
    await expect.poll(() => summary.innerText(), { timeout: 60_000, interval: 500 }).toMatch(/✓ 20 verified · ✕ 0 failed/);
    // The list follows: the two phones are now read (MAC, model), no problem left.
    await expect.poll(() => page.locator('table.web-phones-table').innerText(), { timeout: 10_000 }).not.toContain('password refused');
    expect(await page.locator('table.web-phones-table').innerText()).toContain(formatMac('0004f2b10014'));
    await shoot('phone-batch-retried.png');
  }, 400_000);

  it('on a phone\u2019s page: sets its boot server to this ProvKit, verified down to its boot in the timeline', async () => {
    const mac = '0004f2b10003';
    await page.getByRole('link', { name: formatMac(mac) }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toContain(formatMac(mac));
    const web = page.locator('section.phone-web');
    await web.getByRole('button', { name: 'Set boot server…' }).click();
    await web.getByRole('button', { name: /^Use HTTP / }).click();
    await web.getByRole('button', { name: 'Set boot server', exact: true }).click();
    const last = page.locator('.last-action');
    // This phone's last action was the batch reboot (also "Verified"): wait for this action's own result.
    await expect.poll(() => last.innerText(), { timeout: 60_000, interval: 500 }).toMatch(/^Set boot server[\s\S]*Verified/);
    const text = await last.innerText();
    expect(text).toMatch(/read back: HTTP 127\.0\.0\.1:\d+, boot server static/);
    expect(text).toMatch(/booted against ProvKit: \d+ request\(s\), GET \/(0004f2b10003|000000000000)\.cfg 200/);
    await expect.poll(() => page.locator('table.timeline-table tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(10);
    expect(await page.locator('table.timeline-table').innerText()).toContain(`/${mac}-boot.log`);
    await shoot('phone-page-set-boot-server.png');

    // Factory reset asks for a confirmation that names the phone.
    await web.getByRole('button', { name: 'Factory reset…' }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.innerText()).toMatch(new RegExp(`Reset VVX 400 ${formatMac(mac)} at 127\\.0\\.0\\.43:${simPort} to factory settings\\?`));
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  }, 120_000);
});
