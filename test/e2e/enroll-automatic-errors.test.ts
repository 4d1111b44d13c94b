/**
 * End to end: the enrollment wizard's automatic path in Chromium against `provkit serve` and
 * simulated phone web servers, where it must not claim what did not happen. With an empty phone
 * address, a wrong admin password and an HTTPS-only phone typed without https://, the wizard stops
 * on its step with the phone's error and what to do, and never shows "Restarted"; with the password
 * typed in the wizard and the address typed with https://, the same phones go on to the watch.
 * No provider is pre-filled: MegaPath's address is used only after the user picks it and confirms it.
 * Screenshots of the error states go to /tmp/provkit-wizard-shots/ (looked at by a person).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { startServe, type ServeProcess } from '../helpers/serve';
import { startSimPhone, stopSimPhones } from '../helpers/sim-phones';

const SHOTS = process.env['PROVKIT_SHOTS'] ?? '/tmp/provkit-wizard-shots';
let serve: ServeProcess;
let browser: Browser;
let page: Page;

type Row = { mac: string; step: string; watchStartedAt?: number; automatic?: { outcome: string; error?: { code: string } } };
const api = async <T,>(name: string, args: unknown): Promise<T> => {
  const r = await serve.api(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};
const enrollment = async (mac: string) => (await api<Row[]>('listEnrollments', {})).find((e) => e.mac === mac);

/** Put one phone at the automatic path's last step (ProvKit's HTTP server as target) and open it. */
async function atAutomaticStep(mac: string, phoneHost?: string): Promise<void> {
  await api('saveEnrollment', {
    enrollment: { mac, vendor: 'polycom', model: 'VVX400', step: 'keys', path: 'automatic', ticks: [], thirdParty: false, passwordKnown: 'yes', target: { kind: 'provkit', server: 'http' }, ...(phoneHost ? { phoneHost } : {}) },
  });
  const open = page.getByRole('button', { name: `Open the wizard of ${mac.match(/../g)!.join(':')}` });
  await expect.poll(() => open.count()).toBe(1);
  await open.click();
  await expect.poll(() => page.locator('#wizard-title').innerText()).toContain(mac.match(/../g)!.join(':'));
  await expect.poll(() => page.getByRole('button', { name: 'Set the boot server and reboot' }).isVisible()).toBe(true);
}

/** The wizard stopped: still on "Enter settings", an error box, and no "Restarted" anywhere. */
async function expectStopped(mac: string, code: string): Promise<string> {
  await expect.poll(() => page.locator('.wiz-automatic .error-box').count(), { timeout: 30_000 }).toBe(1);
  const text = await page.locator('.wiz-automatic .error-box').innerText();
  expect(text).toContain(code);
  expect(text).toContain('Fix:');
  expect(await page.locator('.wiz-step-title').innerText()).toMatch(/Enter settings$/);
  expect(await page.locator('body').innerText()).not.toMatch(/Restarted/);
  const saved = await enrollment(mac);
  expect(saved).toMatchObject({ step: 'keys', automatic: { outcome: 'failed', error: { code } } });
  expect(saved!.watchStartedAt).toBeUndefined();
  return text;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1300 } });
  page.setDefaultTimeout(15_000);
  await page.goto(`${serve.ui}#/enroll`);
  await api('addEnrollments', { enrollments: [{ mac: '0004f2e5f000', vendor: 'polycom', step: 'target', ticks: [] }] });
  await page.reload();
});
afterAll(async () => {
  await browser?.close();
  await stopSimPhones();
  expect(await serve?.stop()).toBe(0);
});

describe('automatic path: stops with the phone’s error, never shows "Restarted"', () => {
  it('empty phone address (ProvKit has never seen the phone)', async () => {
    await atAutomaticStep('0004f2e5f001');
    expect(await page.locator('.wiz-phone-at').innerText()).toContain('no address — type it in the Path step');
    await page.getByRole('button', { name: 'Set the boot server and reboot' }).click();
    const text = await expectStopped('0004f2e5f001', 'NO_ADDRESS');
    expect(text).toContain('Stopped — the phone was not changed');
    expect(text).toContain('Type the phone’s address in the Path step');
    await page.screenshot({ path: join(SHOTS, 'wizard-error-no-address.png') });
    expect(await page.locator('.enroll-table tbody tr', { hasText: '00:04:f2:e5:f0:01' }).innerText()).toContain('Stopped: No phone address');
  });

  it('wrong admin password: the phone refuses; typed in the wizard, it goes on', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', mac: '0004f2e5f002', password: 'S3cure-991' });
    await atAutomaticStep('0004f2e5f002', `127.0.0.1:${sim.port}`);
    await page.getByRole('button', { name: 'Set the boot server and reboot' }).click();
    const text = await expectStopped('0004f2e5f002', 'WRONG_PASSWORD');
    expect(text).toContain('refused the admin password');
    expect(sim.phone.params['device.prov.serverName'] ?? '').not.toContain('127.0.0.1');
    await page.screenshot({ path: join(SHOTS, 'wizard-error-wrong-password.png') });
    // The password typed here, used for this phone only.
    await page.getByLabel('Phone admin password').fill('S3cure-991');
    await page.getByRole('button', { name: 'Set the boot server and reboot' }).click();
    await expect.poll(() => page.locator('.wiz-step-title').innerText(), { timeout: 30_000 }).toBe('5. Watch');
    expect(await page.locator('.watch-restarted').innerText()).toMatch(/read back HTTP 127\.0\.0\.1:\d+, boot server static/);
    await expect.poll(() => page.locator('.watch-done').innerText(), { timeout: 30_000 }).toMatch(/✓ Done — the phone fetched its configuration from ProvKit/);
  });

  it('HTTPS-only phone typed without https://: stops with the hint; with https:// it goes on', async () => {
    const sim = await startSimPhone({ dialect: 'ucs6', mac: '0004f2e5f003' }, { https: 'modern' });
    await atAutomaticStep('0004f2e5f003', `127.0.0.1:${sim.port}`);
    await page.getByRole('button', { name: 'Set the boot server and reboot' }).click();
    await expect.poll(() => page.locator('.wiz-automatic .error-box').count(), { timeout: 30_000 }).toBe(1);
    const code = (await enrollment('0004f2e5f003'))!.automatic!.error!.code;
    const text = await expectStopped('0004f2e5f003', code);
    expect(text).toContain(`type that address (with https://) in the Path step`);
    await page.screenshot({ path: join(SHOTS, 'wizard-error-https-only.png') });
    // The scheme typed is kept.
    await page.locator('.wiz-steps button', { hasText: 'Path' }).click();
    await page.getByLabel('Phone address (its web UI)').fill(`https://127.0.0.1:${sim.port}`);
    await page.getByRole('button', { name: /Next: Enter settings/ }).click();
    await page.getByRole('button', { name: 'Set the boot server and reboot' }).click();
    await expect.poll(() => page.locator('.wiz-step-title').innerText(), { timeout: 30_000 }).toBe('5. Watch');
    expect(await page.locator('.watch-restarted').innerText()).toContain('accepted the reboot');
  });
});

describe('a provider’s server: "Done" only on the phone’s own evidence', () => {
  it('read back + registered line → Done; an unregistered line → Not verified', async () => {
    const pw = 'Rest-Admin-7';
    const target = { kind: 'provider', name: 'Test provider', type: 'http', server: '127.0.0.1:9/mpv' };
    const good = await startSimPhone({ dialect: 'rest', mac: '0004f2e5f004', password: pw, lineRegistered: true, params: { 'reg.1.address': '6000' } });
    const bad = await startSimPhone({ dialect: 'rest', mac: '0004f2e5f005', password: pw, params: { 'reg.1.address': '6001' } });
    for (const [mac, sim] of [['0004f2e5f004', good], ['0004f2e5f005', bad]] as const) {
      await api('saveEnrollment', { enrollment: { mac, vendor: 'polycom', model: 'VVX400', step: 'keys', path: 'automatic', ticks: [], thirdParty: false, passwordKnown: 'yes', target, phoneHost: `127.0.0.1:${sim.port}` } });
      const name = `Open the wizard of ${mac.match(/../g)!.join(':')}`;
      await expect.poll(() => page.getByRole('button', { name }).count()).toBe(1);
      await page.getByRole('button', { name }).click();
      await page.getByLabel('Phone admin password').fill(pw);
      await page.getByRole('button', { name: 'Set the boot server and reboot' }).click();
      await expect.poll(() => page.locator('.wiz-step-title').innerText(), { timeout: 30_000 }).toBe('5. Watch');
      const row = page.locator('.enroll-table tbody tr', { hasText: mac.match(/../g)!.join(':') });
      expect(await row.innerText()).toContain('Restarted (read back HTTP 127.0.0.1:9/mpv, boot server static) — not verified: look at the phone');
      expect(await page.locator('.provider-check').innerText()).toContain('Not verified yet');
      // Ask the phone (again while it is still restarting).
      await page.getByLabel('Phone admin password for the check').fill(pw);
      const check = page.getByRole('button', { name: 'Check the phone: boot server and line registration' });
      await expect
        .poll(async () => {
          await check.click();
          await expect.poll(() => check.isEnabled()).toBe(true);
          return page.locator('.provider-check').innerText();
        }, { timeout: 30_000, interval: 500 })
        .toMatch(mac.endsWith('4') ? /✓ Done — checked on the phone/ : /no line is registered/);
    }
    const goodRow = page.locator('.enroll-table tbody tr', { hasText: '00:04:f2:e5:f0:04' });
    expect(await goodRow.innerText()).toContain('Done');
    const badRow = page.locator('.enroll-table tbody tr', { hasText: '00:04:f2:e5:f0:05' });
    expect(await badRow.innerText()).toContain('Not verified: look at the phone');
    expect(await badRow.innerText()).not.toMatch(/\bDone\b/);
    expect(await page.locator('.provider-check').innerText()).toContain('line 1 (6001): unregistered');
    await page.screenshot({ path: join(SHOTS, 'wizard-provider-not-verified.png') });
  });
});

describe('provider presets', () => {
  it('nothing pre-filled; MegaPath’s address is shown and used only once confirmed', async () => {
    await page.getByRole('button', { name: 'Open the wizard of 00:04:f2:e5:f0:00' }).click();
    await expect.poll(() => page.locator('.wiz-step-title').innerText()).toBe('1. Target');
    await page.getByLabel('A provider’s boot server').check();
    const next = page.getByRole('button', { name: 'Next: Phone →' });
    expect(await next.isDisabled()).toBe(true);
    expect(await page.locator('.preset-confirm').count()).toBe(0);
    expect((await api<Array<{ mac: string; target?: unknown }>>('listEnrollments', {})).find((e) => e.mac === '0004f2e5f000')?.target).toBeUndefined();
    expect(await page.getByLabel('Provider', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Provider', { exact: true }).selectOption('megapath');
    expect(await page.locator('.preset-confirm').innerText()).toContain('HTTP 72.245.184.168/mpv');
    expect(await next.isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'wizard-provider-confirm.png') });
    await page.getByRole('button', { name: 'Use HTTP 72.245.184.168/mpv' }).click();
    await expect.poll(() => next.isDisabled()).toBe(false);
    await expect.poll(async () => ((await api<Array<{ mac: string; target?: { server: string } }>>('listEnrollments', {})).find((e) => e.mac === '0004f2e5f000')?.target?.server)).toBe('72.245.184.168/mpv');
    // A CIC site: the type is given, the address is the user's own server.
    await page.getByLabel('Provider', { exact: true }).selectOption('cic');
    expect(await page.getByLabel('Server Address (host[:port][/path])').inputValue()).toBe('');
    expect(await next.isDisabled()).toBe(true);
    await page.getByLabel('Server Address (host[:port][/path])').fill('https://cic1.example.test:8088');
    expect(await page.getByLabel('Server Type').inputValue()).toBe('https');
  });
});
