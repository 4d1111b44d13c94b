/**
 * End to end: the enrollment wizard in Chromium against `provkit serve`.
 * - Boot path, from the keyboard: two phones pasted (one bad line reported), ProvKit's HTTP server
 *   as target, the seed's Boot steps with the keys for the address, "start watching"; a page reload
 *   resumes at the watch; when the test says "done" a simulated phone (`provkit simulate`) boots
 *   against ProvKit and the watch reaches done.
 * - Firmware downloading: the second phone is played by curl (Polycom User-Agent, rate-limited
 *   firmware download): the watch shows the download with bytes and ETA.
 * - Automatic path: a simulated phone web UI; ProvKit sets its boot server, reads it back and
 *   reboots it; its boot reaches ProvKit and the watch reaches done.
 * - Past twenty minutes on a provider's server: troubleshooting and the support summary; the
 *   technician's "it works" is shown as theirs, never as "Done".
 * The automatic path's failures are in enroll-automatic-errors.test.ts.
 * Screenshots go to test/e2e/screenshots/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { tabTo } from '../helpers/keyboard';
import { run } from '../helpers/run';
import { REPO, startServe, type ServeProcess } from '../helpers/serve';
import { startSimPhone, stopSimPhones } from '../helpers/sim-phones';

const SHOTS = join(import.meta.dirname, 'screenshots');
const BOOT_PHONE = '0004f2e5e201';
const CURL_PHONE = '0004f2e5e202';
const AUTO_PHONE = '0004f2e5e203';
const STUCK_PHONE = '0004f2e5e204';
const FIRMWARE = '2345-12600-001.sip.ld';
const FIRMWARE_BYTES = 20 * 1024 * 1024;
const BOOTROM = '2345-12600-001.bootrom.ld';
let serve: ServeProcess;
let browser: Browser;
let page: Page;

const api = async <T>(name: string, args: unknown): Promise<T> => {
  const r = await serve.api(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};
const stage = (id: string) => page.locator('.watch-stage').nth(['contact', 'config', 'firmware', 'reboot', 'done'].indexOf(id));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  const root = join(serve.dataDir, 'provisioning');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, FIRMWARE), Buffer.alloc(FIRMWARE_BYTES, 0x5a));
  writeFileSync(join(root, BOOTROM), Buffer.alloc(16 * 1024 * 1024, 0xa5));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
  await stopSimPhones();
  expect(await serve?.stop()).toBe(0);
});

describe('enrollment wizard', () => {
  it('Boot path from the keyboard; resumes after a reload; a simulated phone boots and the watch reaches done', async () => {
    await page.goto(`${serve.ui}#/enroll`);
    await expect.poll(() => page.getByRole('heading', { name: 'Which phones are you enrolling?' }).isVisible()).toBe(true);
    await tabTo(page, 'textarea');
    await page.keyboard.type(`00:04:f2:e5:e2:01 Reception SPIP650\n0004.f2e5.e202 Back office\n0004f2e5e20`);
    await expect.poll(() => page.locator('.add-rejected').innerText()).toContain('Line 3: 0004f2e5e20 — it has 11 hex digits, a MAC has 12');
    await tabTo(page, '.add-phones .btn-primary');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Enroll 2 phones');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#wizard-title').innerText()).toContain('00:04:f2:e5:e2:01');

    // 1. Target: ProvKit's HTTP server.
    await tabTo(page, 'input[type="radio"]');
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator('.wiz-entry').innerText()).toMatch(/Server Type HTTP, Server Address 127\.0\.0\.1:\d+/);
    expect(await page.locator('.wiz-problem').innerText()).toContain('only this computer can reach');
    await tabTo(page, '.wiz-nav .btn-primary');
    await page.keyboard.press('Enter');
    // 2. Phone: focus lands on the step heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('2. Phone');
    expect(await page.locator('.wiz-identify select').nth(1).inputValue()).toBe('SPIP650');
    await tabTo(page, 'input[type="radio"]');
    await page.keyboard.press(' '); // new, from the provider
    await page.keyboard.press('Tab'); // the password group
    await page.keyboard.press(' '); // known
    await tabTo(page, '.wiz-nav .btn-primary');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Next: Path →');
    await page.keyboard.press('Enter');
    // 3. Path: Boot (third radio).
    await tabTo(page, 'input[type="radio"]');
    await page.keyboard.press('ArrowDown'); // Normal
    await page.keyboard.press('ArrowDown'); // Boot
    await expect.poll(() => page.getByLabel(/Boot path/).isChecked()).toBe(true);
    await tabTo(page, '.wiz-nav .btn-primary');
    await page.keyboard.press('Enter');
    // 4. Enter settings: the seed's Boot steps and the keys for the address.
    await expect.poll(() => page.locator('.address-keys-head').innerText()).toMatch(/Keys for 127\.0\.0\.1:\d+ \(Server Address field \(boot Setup menu, Boot path\); MegaPath IP650\/IP670 Enrollment Guide\)/);
    const steps = page.locator('.checklist-item');
    expect(await steps.count()).toBe(13);
    expect(await steps.nth(8).innerText()).toContain('until you see HTTP');
    await tabTo(page, '.checklist input[type="checkbox"]');
    await page.keyboard.press(' ');
    await page.keyboard.press('Tab');
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator('.checklist-done').count()).toBe(2);
    await page.setViewportSize({ width: 1280, height: 1900 });
    await page.screenshot({ path: join(SHOTS, 'enroll-boot-steps.png') });
    await page.setViewportSize({ width: 1280, height: 1100 });
    await tabTo(page, '.wiz-start .btn-primary');
    await page.keyboard.press('Enter');
    await expect.poll(() => stage('contact').innerText()).toContain('waiting for the phone’s first request');

    // Closing the app mid-enrollment resumes where it was (once the engine holds the watch state).
    await expect.poll(async () => (await api<Array<{ mac: string; step: string; watchStartedAt?: number }>>('listEnrollments', {})).find((e) => e.mac === BOOT_PHONE), { timeout: 10_000 }).toMatchObject({ step: 'watch', watchStartedAt: expect.any(Number) });
    await page.reload();
    await expect.poll(() => page.locator('.wiz-step-title').innerText()).toBe('5. Watch');
    expect(await page.locator('#wizard-title').innerText()).toContain('00:04:f2:e5:e2:01');
    expect(await page.locator('.watch-budget label').innerText()).toMatch(/of up to 20 min/);
    await page.screenshot({ path: join(SHOTS, 'enroll-watch-waiting.png') });

    // "Done" on the phone: it boots against ProvKit.
    const sim = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', serve.http, '--mac', BOOT_PHONE, '--model', 'SPIP650', '--json'], { timeoutMs: 60_000 });
    expect(sim.code, sim.stderr).toBe(0);
    await expect.poll(() => page.locator('.watch-done').innerText(), { timeout: 15_000 }).toMatch(/✓ Done — the phone fetched its configuration/);
    expect(await stage('firmware').innerText()).toContain(`${FIRMWARE} downloaded`);
    expect(await page.locator('.watch-fw').innerText()).toContain('20 MiB');
    await expect.poll(() => page.locator('.enroll-table tbody tr').first().innerText()).toContain('Done');
    await page.screenshot({ path: join(SHOTS, 'enroll-watch-done.png') });
    const saved = await api<Array<{ mac: string; doneAt?: number }>>('listEnrollments', {});
    await expect.poll(async () => (await api<Array<{ mac: string; doneAt?: number }>>('listEnrollments', {})).find((e) => e.mac === BOOT_PHONE)?.doneAt).toBeGreaterThan(0);
    expect(saved.map((e) => e.mac)).toEqual([BOOT_PHONE, CURL_PHONE]);
  });

  it('shows a firmware download in progress with bytes and ETA', async () => {
    await page.getByRole('button', { name: 'Open the wizard of 00:04:f2:e5:e2:02' }).click();
    await expect.poll(() => page.locator('#wizard-title').innerText()).toContain('00:04:f2:e5:e2:02');
    await page.getByLabel('ProvKit on this computer').check();
    await page.getByRole('button', { name: 'Next: Phone →' }).click();
    await page.getByLabel('New, from the provider').check();
    await page.getByLabel(/Known — the provider/).check();
    await page.getByRole('button', { name: 'Next: Path →' }).click();
    await page.getByLabel(/Normal path/).check();
    await page.getByRole('button', { name: 'Next: Enter settings →' }).click();
    expect(await page.locator('.address-keys-head').innerText()).toContain('Server Address field (phone menus, Normal path)');
    // The guide's step 12 comes first: switch the field to 1/Ascii before the first digit.
    expect(await page.locator('.address-keys-list li').first().innerText()).toContain('mode until the screen shows 1/Ascii');
    // The CIC guide types the colon differently: the wizard says so and switches in one click.
    expect(await page.locator('.address-keys-disagree').innerText()).toContain('The Genesys CIC Managed IP Phones guide gives other keys for this address: “:” = # twice');
    await page.getByRole('button', { name: 'Use the CIC guide’s keys' }).click();
    await expect.poll(() => page.locator('.address-keys-head').innerText()).toContain('Genesys CIC Managed IP Phones guide');
    expect(await page.locator('.address-keys-list').innerText()).toMatch(/#\s*×2\s*:/);
    await page.locator('.address-keys').screenshot({ path: join(SHOTS, 'enroll-keys-cic-procedure.png') });
    await page.getByRole('button', { name: 'MegaPath guide', exact: true }).click();
    await page.getByRole('button', { name: /I chose Save Config — start watching/ }).click();
    // The phone, played by curl: Updater requests, then a slow firmware download.
    const ua = `FileTransport PolycomSoundPointIP-SPIP_650-UA/4.0.15.1047 (SN:${CURL_PHONE}) Type/Updater`;
    // The BootROM at the same pace: it gives the watch this phone's transfer rate for its estimate.
    await run('curl', ['-s', '-o', '/dev/null', '--limit-rate', '2M', '-A', ua, `${serve.http}${BOOTROM}`], { timeoutMs: 30_000 });
    for (const f of [`${CURL_PHONE}.cfg`, '000000000000.cfg']) await run('curl', ['-s', '-o', '/dev/null', '-A', ua, `${serve.http}${f}`]);
    // 2 MB/s: the 20 MiB download lasts about 10 s, long enough to be seen in progress on a loaded machine.
    const curl = spawn('curl', ['-s', '-o', '/dev/null', '--limit-rate', '2M', '-A', ua, `${serve.http}${FIRMWARE}`], { stdio: 'ignore' });
    const finished = new Promise((resolve) => curl.once('exit', resolve));
    try {
      await expect.poll(() => stage('firmware').innerText(), { timeout: 20_000 }).toMatch(/downloading/);
      await expect.poll(() => page.locator('.watch-fw label').innerText(), { timeout: 20_000 }).toMatch(/: [1-9][\d.]* MiB of 20 MiB at .* left/);
      expect(await page.locator('#watch-fw-bar').getAttribute('max')).toBe(String(FIRMWARE_BYTES));
      await page.screenshot({ path: join(SHOTS, 'enroll-watch-firmware.png') });
      await expect.poll(() => page.locator('.enroll-table tbody tr').nth(1).innerText()).toMatch(/Firmware \d+%/);
    } finally {
      await finished;
    }
    // curl's exit code tells a cut transfer (18: partial file) from a whole one; the engine's
    // warnings and errors say why it was cut.
    expect(await finished, `curl's exit code; provkit serve said:\n${serve.output()}`).toBe(0);
    await expect.poll(() => stage('firmware').innerText(), { timeout: 15_000 }).toContain('downloaded');
  });

  it('automatic path: ProvKit sets the boot server through the phone’s web UI and watches it boot', async () => {
    const phone = await startSimPhone({ dialect: 'ucs6', mac: AUTO_PHONE });
    await page.getByRole('button', { name: '+ Add phones' }).click();
    await page.locator('.add-phones textarea').fill(`${AUTO_PHONE} Conference VVX400`);
    await page.getByRole('button', { name: 'Enroll 00:04:f2:e5:e2:03' }).click();
    await page.getByRole('button', { name: 'Open the wizard of 00:04:f2:e5:e2:03' }).click();
    await expect.poll(() => page.locator('.wiz-step-title').innerText()).toBe('2. Phone'); // took the selected phone's target
    await page.getByLabel('New, from the provider').check();
    await page.getByLabel(/Known — the provider/).check();
    await page.getByRole('button', { name: 'Next: Path →' }).click();
    await page.getByLabel(/set it automatically/).check();
    await page.getByLabel('Phone address (its web UI)').fill(`127.0.0.1:${phone.port}`);
    await page.getByRole('button', { name: 'Next: Enter settings →' }).click();
    await page.getByRole('button', { name: 'Set the boot server and reboot' }).click();
    await expect.poll(() => page.locator('.wiz-step-title').innerText(), { timeout: 20_000 }).toBe('5. Watch');
    expect(await page.locator('.watch-restarted').innerText()).toMatch(/accepted the change, read back HTTP 127\.0\.0\.1:\d+, boot server static and accepted the reboot/);
    await expect.poll(() => page.locator('.watch-done').innerText(), { timeout: 20_000 }).toMatch(/✓ Done/);
    expect(await stage('contact').innerText()).toMatch(/from 127\.0\.0\.1 \(HTTP\)/);
    await page.screenshot({ path: join(SHOTS, 'enroll-automatic-done.png') });
  });

  it('past twenty minutes: troubleshooting and a support summary to copy or save', async () => {
    const target = { kind: 'provider', name: 'MegaPath Voice', type: 'http', server: '72.245.184.168/mpv' };
    await api('saveEnrollment', {
      enrollment: { mac: STUCK_PHONE, vendor: 'polycom', model: 'SPIP650', label: 'Front desk', step: 'watch', path: 'boot', ticks: [], thirdParty: true, resetDone: true, target, watchStartedAt: Date.now() - 21 * 60_000 },
    });
    await expect.poll(() => page.getByRole('button', { name: 'Open the wizard of 00:04:f2:e5:e2:04' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Open the wizard of 00:04:f2:e5:e2:04' }).click();
    await expect.poll(() => page.locator('.watch-budget label').innerText()).toBe('Over twenty minutes: time to troubleshoot');
    expect(await page.locator('.watch-blind').innerText()).toContain('ProvKit cannot see requests to HTTP 72.245.184.168/mpv');
    expect(await page.locator('.watch-help').getAttribute('open')).not.toBeNull();
    await page.getByLabel('LAN Port (Status → Network → Ethernet)').selectOption('active');
    await page.getByLabel('IP (Status → Network → TCP/IP)').fill('10.0.0.44');
    await page.getByLabel('Messages seen on the screen').fill('Unable to contact boot server');
    const summary = page.locator('.support-text');
    await expect.poll(() => summary.innerText()).toContain('LAN port status:   Active');
    const text = await summary.innerText();
    for (const want of ['Phone model:       SPIP650', 'MAC address:       00:04:f2:e5:e2:04', 'IP address:        10.0.0.44', 'Unable to contact boot server', 'HTTP 72.245.184.168/mpv', '21 min since the restart'])
      expect(text).toContain(want);
    expect(await page.getByRole('link', { name: 'Save as a file' }).getAttribute('download')).toBe(`provkit-support-${STUCK_PHONE}.txt`);
    // A provider's server: ProvKit has no evidence, and says so.
    expect(await page.locator('.enroll-table tbody tr').nth(3).innerText()).toContain('Not verified: look at the phone');
    expect(await page.locator('.enroll-table').innerText()).not.toContain('Restarted');
    await page.setViewportSize({ width: 1280, height: 2000 });
    await page.screenshot({ path: join(SHOTS, 'enroll-troubleshooting.png') });
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.getByRole('button', { name: 'The phone works (it shows its extension)' }).click();
    // What the technician saw, never "Done": ProvKit could not verify it.
    await expect.poll(() => page.locator('.enroll-table tbody tr').nth(3).innerText()).toContain('Working, as you saw on the phone — not verified by ProvKit');
    expect(await page.locator('.watch-seen').innerText()).toContain('Not verified by ProvKit');
    expect(await page.locator('.enroll-table tbody tr').nth(3).innerText()).not.toMatch(/\bDone\b/);
  });
});
