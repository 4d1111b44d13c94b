/**
 * End to end: "HTTP first, then HTTPS" in the enrollment wizard, in Chromium against
 * `provkit serve --https-port 0`. The technician picks ProvKit's HTTP server and ticks the choice
 * (its reason is shown in plain words); the engine turns the bootstrap on for that phone. A
 * simulated phone boots over HTTP (the Watch step shows the bench CA received, HTTPS still
 * awaited), then over HTTPS trusting the CA it was given (the watch reaches done only then). A
 * phone that does not install the CA shows the failed handshake's reason and what to do (it goes
 * first: every phone here speaks from 127.0.0.1, and a failed handshake, which names no MAC, is
 * given to a phone by its address only while one phone uses that address).
 * Screenshots: test/e2e/screenshots/enroll-https-first-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { configParams, simulateSecureBootstrap } from '../../electron/engine/simulator/secure-boot';
import { simulatePolycomBoot } from '../../electron/engine/simulator/polycom-boot';
import type { ServeProcess } from '../helpers/serve';
import { SHOTS, withUiSession, type UiSession } from '../helpers/ui-session';

const PHONE = '0004f2f1e201';
const UNTRUSTING = '0004f2f1e202';
const SILENT = '0004f2f1e203';
let serve: ServeProcess;
let page: Page;
let api: UiSession['api'];
const stage = (id: string) => page.locator('.watch-stage').nth(['contact', 'config', 'firmware', 'reboot', 'received', 'https'].indexOf(id));

withUiSession(
  (ui) => {
    ({ serve, page } = ui);
    api = ui.api.bind(ui);
    page.setDefaultTimeout(10_000);
  },
  undefined,
  60_000,
  { serveArgs: ['--https-port', '0'], height: 1100 },
);

describe('enrollment wizard: HTTP first, then HTTPS', () => {
  it('a phone that does not install the CA: the handshake’s reason and what to do', async () => {
    await api('saveEnrollment', {
      enrollment: { mac: UNTRUSTING, vendor: 'polycom', model: 'VVX400', step: 'watch', path: 'normal', ticks: [], thirdParty: false, passwordKnown: 'yes', target: { kind: 'provkit', server: 'http' }, httpsFirst: true, watchStartedAt: Date.now() },
    });
    await page.goto(`${serve.ui}#/enroll`);
    await expect.poll(() => page.getByRole('button', { name: 'Open the wizard of 00:04:f2:f1:e2:02' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Open the wizard of 00:04:f2:f1:e2:02' }).click();
    const boots = await simulateSecureBootstrap({ server: serve.http, mac: UNTRUSTING, model: 'VVX400', installsCustomCa: false });
    expect(boots.boots[1]!.error).toMatch(/unknown CA/);
    await expect.poll(() => page.locator('.https-tls-failed').innerText(), { timeout: 15_000 }).toMatch(/The phone’s HTTPS handshake failed: unknown CA/);
    expect(await page.locator('.https-tls-failed').innerText()).toContain('What to do: The phone received the bench CA but still does not trust the server');
    expect(await stage('https').getAttribute('class')).toContain('ws-failed');
    expect(await page.locator('.watch-done').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'enroll-https-first-tls-failed.png') });
  });

  it('offers the choice with its reason, and the watch waits for the phone over HTTPS', async () => {
    await page.goto(`${serve.ui}#/enroll`);
    await page.getByRole('button', { name: '+ Add phones' }).click();
    await page.locator('.add-phones textarea').fill(`${PHONE} Reception VVX400`);
    await page.getByRole('button', { name: /Enroll 00:04:f2:f1:e2:01/ }).click();
    await expect.poll(() => page.locator('#wizard-title').innerText()).toContain('00:04:f2:f1:e2:01');
    const bootstrap = async () => (await api<Array<{ mac: string; variables?: Record<string, string> }>>('listInventory', {})).find((p) => p.mac === PHONE)?.variables;

    // It took the selected phone's target and choice; back to the target step to see them.
    await page.locator('.wiz-steps button', { hasText: 'Target' }).click();
    const choice = page.getByLabel(/HTTP first, then HTTPS/);
    await expect.poll(() => choice.isChecked()).toBe(true);
    expect(await page.getByLabel('ProvKit on this computer').isChecked()).toBe(true);
    expect(await page.locator('.https-first').innerText()).toContain('A factory-reset phone trusts only the public certificate authorities built into it');
    await expect.poll(bootstrap, { timeout: 10_000 }).toEqual({ httpsBootstrap: '1' });
    await choice.uncheck();
    await expect.poll(bootstrap, { timeout: 10_000 }).toBeUndefined();
    await choice.check();
    await expect.poll(bootstrap, { timeout: 10_000 }).toEqual({ httpsBootstrap: '1' });
    await page.locator('.wiz-target').screenshot({ path: join(SHOTS, 'enroll-https-first-choice.png') });

    await page.getByRole('button', { name: 'Next: Phone →' }).click();
    await page.getByLabel('New, from the provider').check();
    await page.getByLabel(/Known — the provider/).check();
    await page.getByRole('button', { name: 'Next: Path →' }).click();
    await page.getByLabel(/Normal path/).check();
    await page.getByRole('button', { name: 'Next: Enter settings →' }).click();
    await page.getByRole('button', { name: /I chose Save Config — start watching/ }).click();
    await expect.poll(() => stage('https').innerText()).toContain('Came back over HTTPS');
    await expect.poll(async () => (await api<Array<{ mac: string; watchStartedAt?: number }>>('listEnrollments', {})).find((e) => e.mac === PHONE)?.watchStartedAt).toBeGreaterThan(0);

    // First boot, over HTTP: the configuration carries the CA and the move.
    const params: Record<string, string> = {};
    await simulatePolycomBoot({ server: serve.http, mac: PHONE, model: 'VVX400', onConfig: (_f, body) => Object.assign(params, configParams(body.toString('utf8'))) });
    await expect.poll(() => stage('received').getAttribute('class')).toContain('ws-done');
    expect(await stage('received').innerText()).toContain('served over HTTP with the bench CA');
    expect(await stage('https').getAttribute('class')).toContain('ws-active');
    expect(await page.locator('.watch-done').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'enroll-https-first-received.png') });

    // Second boot, over HTTPS, trusting the CA it received.
    const r = await simulatePolycomBoot({ server: `https://${params['device.prov.serverName']}`, mac: PHONE, model: 'VVX400', trust: [params['device.sec.TLS.customCaCert1']!] });
    expect(r.ok).toBe(true);
    await expect.poll(() => page.locator('.watch-done').innerText(), { timeout: 15_000 }).toMatch(/✓ Done — the phone came back over HTTPS/);
    expect(await stage('https').getAttribute('class')).toContain('ws-done');
    expect(await stage('https').innerText()).toMatch(/over HTTPS → 200/);
    await expect.poll(() => page.locator('.enroll-table tbody tr', { hasText: '00:04:f2:f1:e2:01' }).innerText()).toContain('Done');
    await page.screenshot({ path: join(SHOTS, 'enroll-https-first-watch.png') });
  });

  it('past twenty minutes without a request over HTTPS: not verified, and what to look at', async () => {
    await api('saveEnrollment', {
      enrollment: { mac: SILENT, vendor: 'polycom', model: 'VVX400', step: 'watch', path: 'normal', ticks: [], thirdParty: false, passwordKnown: 'yes', target: { kind: 'provkit', server: 'http' }, httpsFirst: true, watchStartedAt: Date.now() - 21 * 60_000 },
    });
    await expect.poll(() => page.getByRole('button', { name: 'Open the wizard of 00:04:f2:f1:e2:03' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Open the wizard of 00:04:f2:f1:e2:03' }).click();
    await expect.poll(() => page.locator('.https-unverified').innerText()).toContain('Not verified over HTTPS. ProvKit never served this phone a configuration with the bench CA over HTTP');
    expect(await stage('https').getAttribute('class')).toContain('ws-unverified');
    expect(await stage('received').innerText()).toContain('not verified: the phone did not fetch its configuration with the bench CA over HTTP');
    expect(await page.locator('.enroll-table tbody tr', { hasText: '00:04:f2:f1:e2:03' }).innerText()).toContain('Not verified: the phone did not fetch its configuration with the bench CA over HTTP');
    expect(await page.locator('.watch-done').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'enroll-https-first-not-verified.png') });
  });
});
