/**
 * End to end: no rendered screen shows an internal reference (source file names, "§" outside RFC
 * citations, line numbers, "seed"/"facts" notes, issue numbers). Chromium visits every page of the
 * web UI against `provkit serve`, and every step of the enrollment wizard for Polycom, Toshiba and
 * Interaction phones (reset guides, Normal and Boot path checklists, the troubleshooting list), and
 * the lost-password plan; the text each shows is checked with the same patterns as the unit scan.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { internalRefs } from '../helpers/internal-refs';
import { startServe, type ServeProcess } from '../helpers/serve';

let serve: ServeProcess;
let browser: Browser;
let page: Page;
const seen: string[] = [];

const api = async (name: string, args: unknown): Promise<unknown> => {
  const r = await serve.api(name, args);
  if (!r.ok) throw new Error(`${name}: ${r.status} ${await r.text()}`);
  return r.json();
};

/** Read the page's visible text (details opened) and record any internal reference. */
async function check(where: string): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
  const text = await page.locator('body').innerText();
  seen.push(where);
  const refs = text.split('\n').flatMap((line) => internalRefs(line).map((r) => `${where}: ${r} in “${line.trim().slice(0, 140)}”`));
  expect(refs, refs.join('\n')).toEqual([]);
}

beforeAll(async () => {
  serve = await startServe();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
});

describe('rendered pages speak to users', () => {
  it('every page of the app', async () => {
    for (const area of ['phones', 'servers', 'dhcp', 'enroll', 'lost-password', 'firmware']) {
      await page.goto(`${serve.ui}#/${area}`);
      await expect.poll(() => page.locator('main, .app-main, body').first().innerText()).not.toBe('');
      await page.waitForLoadState('networkidle');
      await check(`#/${area}`);
    }
  });

  it('every step of the enrollment wizard, for each vendor', async () => {
    const megapath = { kind: 'provider', presetId: 'megapath', name: 'MegaPath Voice', type: 'http', server: '72.245.184.168/mpv' };
    const states = [
      { mac: '0004f2e5a001', vendor: 'polycom', model: 'SPIP650', step: 'target', target: megapath },
      { mac: '0004f2e5a002', vendor: 'polycom', model: 'VVX400', step: 'identify', thirdParty: true, passwordKnown: 'no', target: megapath },
      { mac: '0004f2e5a003', vendor: 'polycom', model: 'SPIP650', step: 'reset', thirdParty: true, passwordKnown: 'yes', target: megapath },
      { mac: '0004f2e5a004', vendor: 'polycom', model: 'SPIP650', step: 'path', thirdParty: false, passwordKnown: 'yes', target: megapath, path: 'automatic' },
      { mac: '0004f2e5a005', vendor: 'polycom', model: 'SPIP650', step: 'keys', thirdParty: false, passwordKnown: 'yes', target: megapath, path: 'normal' },
      { mac: '0004f2e5a006', vendor: 'polycom', model: 'VVX400', step: 'keys', thirdParty: false, passwordKnown: 'yes', target: megapath, path: 'boot', keypadProcedure: 'cic' },
      { mac: '0004f2e5a007', vendor: 'polycom', model: 'SPIP650', step: 'keys', thirdParty: false, passwordKnown: 'yes', target: { kind: 'provkit', server: 'http' }, path: 'automatic' },
      { mac: '0004f2e5a008', vendor: 'polycom', model: 'SPIP650', step: 'watch', thirdParty: false, passwordKnown: 'yes', target: megapath, path: 'normal', watchStartedAt: Date.now() - 25 * 60_000 },
      { mac: '0004f2e5a009', vendor: 'polycom', model: 'SPIP650', step: 'watch', thirdParty: false, passwordKnown: 'yes', target: { kind: 'provkit', server: 'http' }, path: 'boot', watchStartedAt: Date.now() - 60_000 },
      { mac: '0004f2e5a00a', vendor: 'toshiba', model: 'IP5000', step: 'reset' },
      { mac: '0004f2e5a00b', vendor: 'toshiba', model: 'IP5000', step: 'path' },
      { mac: '0004f2e5a00c', vendor: 'iss', step: 'reset' },
      { mac: '0004f2e5a00d', vendor: 'iss', step: 'path' },
    ];
    await api('addEnrollments', { enrollments: states.map((s) => ({ ticks: [], ...s })) });
    await page.goto(`${serve.ui}#/enroll`);
    for (const s of states) {
      const name = `Open the wizard of ${s.mac.match(/../g)!.join(':')}`;
      await expect.poll(() => page.getByRole('button', { name }).count()).toBe(1);
      await page.getByRole('button', { name }).click();
      await expect.poll(() => page.locator('#wizard-title').innerText()).toContain(s.mac.match(/../g)!.join(':'));
      await check(`wizard ${s.vendor} ${s.step}${'path' in s ? ` (${s.path})` : ''}`);
      if (s.step === 'keys' && s.path !== 'automatic') expect(await page.locator('.checklist .source').count()).toBeGreaterThan(5);
    }
  });

  it('the lost-password plan', async () => {
    await page.goto(`${serve.ui}#/lost-password`);
    await page.locator('#lp-mac').fill('0004f2abcdef');
    await expect.poll(() => page.locator('#lp-mac-hint').innerText()).toBe('Reads as 00:04:f2:ab:cd:ef.');
    await expect.poll(() => page.locator('body').innerText()).toContain('Press 0 once → 0');
    await check('lost password plan');
    expect(seen.length).toBeGreaterThan(18);
  });
});
