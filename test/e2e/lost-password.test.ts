/**
 * End to end (issue #5 acceptance): the Lost password page in Chromium against `provkit serve`,
 * driven from the keyboard: MAC typed in another notation, the boot keys, the plan step by step on
 * the drawn keypad (the seed's "f = press 3 three times"), a bad MAC refused with the reason, a
 * phone picked from those ProvKit has seen, the SoundPoint IP 560 choice, practice at the phone's
 * pace, and "continue to enrollment". Screenshots go to test/e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { tabTo } from '../helpers/keyboard';
import { run } from '../helpers/run';
import { REPO, startServe, type ServeProcess } from '../helpers/serve';

const SHOTS = join(import.meta.dirname, 'screenshots');
const SEEN = '0004f2e5e101';
let serve: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  const sim = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', serve.http, '--mac', SEEN, '--model', 'SPIP650', '--json'], { timeoutMs: 60_000 });
  expect(sim.code, sim.stderr).toBe(0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
});

describe('Lost password page', () => {
  it('walks the seed’s MAC entry from the keyboard alone', async () => {
    await page.goto(`${serve.ui}#/lost-password`);
    await expect.poll(() => page.getByRole('heading', { name: 'Lost password', level: 1 }).isVisible()).toBe(true);
    await tabTo(page, '#lp-mac');
    await page.keyboard.type('00-04-F2-AB-CD-EF');
    await expect.poll(() => page.locator('#lp-mac-hint').innerText()).toBe('Reads as 00:04:f2:ab:cd:ef.');
    expect(await page.locator('#lp-boot-title').innerText()).toBe('2. At boot: hold 4, 6, 8 and *');
    const card = page.locator('.lp-step-card');
    expect(await card.innerText()).toContain('Press 0 once → 0');
    await tabTo(page, '.lp-walker .lp-nav .btn-primary');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    await expect.poll(() => card.innerText()).toContain('Press the mode soft key twice');
    expect(await card.innerText()).toContain('until it says a-1A');
    await page.keyboard.press(' ');
    await expect.poll(() => card.innerText()).toContain('Press 3 three times → f');
    expect(await page.locator('.lp-step-card .keypad-key-active').innerText()).toMatch(/^3\s+DEF\s+×3$/);
    expect(await page.locator('#lp-walker-title').innerText()).toContain('step 6 of 15');
    await page.locator('.lp-walker').screenshot({ path: join(SHOTS, 'lost-password-step.png') });
    // Step 11: the repeated key 2 needs a pause first.
    for (let i = 0; i < 5; i++) await page.keyboard.press('Enter');
    await expect.poll(() => card.innerText()).toContain('First wait for the blinking bar');
    expect(await card.innerText()).toContain('Press 2 twice → b');
  });

  it('refuses a multicast MAC with the reason', async () => {
    await page.locator('#lp-mac').fill('01:04:f2:ab:cd:ef');
    await expect.poll(() => page.getByRole('alert').first().innerText()).toMatch(/multicast bit/);
    expect(await page.locator('#lp-mac').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.lp-step-card').count()).toBe(0);
  });

  it('takes a phone ProvKit has seen, and asks for the keys on a SoundPoint IP 560', async () => {
    await page.locator('#lp-seen').selectOption(SEEN);
    await expect.poll(() => page.locator('#lp-mac').inputValue()).toBe('00:04:f2:e5:e1:01');
    expect(await page.locator('#lp-model').inputValue()).toBe('SPIP650');
    await page.locator('#lp-model').selectOption('SPIP560');
    await expect.poll(() => page.locator('.lp-choice legend').innerText()).toBe('Which keys does this SoundPoint IP 560 need?');
    expect(await page.locator('#lp-boot-title').count()).toBe(0);
    await tabTo(page, 'input[name="lp-reset-keys"]');
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator('#lp-boot-title').innerText()).toBe('2. At boot: hold 1, 3, 5 and 7');
    await page.locator('#lp-model').selectOption('SPIP650');
  });

  it('practises at the phone’s pace, pausing before a repeated key', async () => {
    await tabTo(page, '.lp-practice .btn-primary');
    await page.keyboard.press('Enter');
    const caption = page.locator('.lp-practice-caption');
    await expect.poll(() => caption.innerText(), { timeout: 5000 }).toMatch(/Waiting for the blinking bar/);
    await page.locator('.lp-practice').screenshot({ path: join(SHOTS, 'lost-password-practice.png') });
    await expect.poll(() => page.locator('.lp-practice-typed').innerText(), { timeout: 8000 }).toMatch(/^000/);
    await page.keyboard.press('Enter'); // pause
    await page.setViewportSize({ width: 1280, height: 2300 });
    await page.screenshot({ path: join(SHOTS, 'lost-password-page.png') });
    await page.setViewportSize({ width: 1280, height: 1000 });
  });

  it('continues to the enrollment of the same phone with the password known', async () => {
    await page.getByRole('button', { name: /Password is now 456 — continue to enrollment of 00:04:f2:e5:e1:01/ }).click();
    await expect.poll(() => page.url()).toMatch(/#\/enroll$/);
    await expect.poll(() => page.locator('#wizard-title').innerText()).toContain('00:04:f2:e5:e1:01');
    const res = await serve.api('listEnrollments', {});
    const list = (await res.json()) as Array<{ mac: string; passwordKnown: string; resetDone: boolean; model: string }>;
    expect(list).toEqual([expect.objectContaining({ mac: SEEN, passwordKnown: 'yes', resetDone: true, model: 'SPIP650' })]);
  });
});
