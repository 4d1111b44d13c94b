/**
 * e2e: the Firmware page as an operator steers a run, in Chromium against `provkit serve`: a phone
 * driven by hand that never shows up fails after its retry; its row opens a history with both
 * attempts and their causes; the settings are edited on the page and the engine applies them;
 * Pause says what is still finishing; Cancel stops one phone. Screenshot:
 * test/e2e/screenshots/firmware-history.png.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FirmwareQueueView } from '../../shared/api-firmware';
import { writePackageFolder } from '../helpers/firmware';
import { SHOTS, withUiSession, type UiSession } from '../helpers/ui-session';

let ui!: UiSession;
withUiSession((s) => (ui = s));

describe('Firmware page: history and steering', () => {
  it('opens a row history with every attempt and cause; settings, pause and cancel act on the engine', async () => {
    const pkg = await writePackageFolder(ui.serve.dataDir, 'pkg', '5.9.6.2327', ['VVX400'], 64 * 1024);
    await ui.api('firmwareImport', { path: pkg });
    await ui.api('firmwareQueueConfigure', { serverUrl: ui.serve.http, stepTimeoutMs: 2000, retries: 1 });
    await ui.api('firmwareQueueAdd', { phones: [{ mac: '0004f2e3e001', model: 'VVX400', current: '5.4.3.2036' }] });
    await ui.page.goto(`${ui.serve.ui}#/firmware`);
    const row = ui.page.locator('.fw-queue tbody tr.fw-row', { hasText: '0004f2e3e001' });
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toMatch(/Failed/);
    await expect.poll(() => row.innerText()).toMatch(/2 attempts/);
    await row.getByRole('button', { name: 'History of 0004f2e3e001' }).click();
    const history = ui.page.locator('.fw-history');
    await expect.poll(() => history.innerText()).toMatch(/the phone made no request for 2 s[\s\S]*the phone made no request for 2 s/);
    const text = await history.innerText();
    expect(text).toMatch(/ProvKit does not drive this phone/);
    expect(text).not.toMatch(/pointed at the bench server/);
    expect(text).toMatch(/retry 1 of 1 starts after/);

    // Steering: the settings typed on the page reach the engine.
    const conc = ui.page.getByRole('group', { name: /Queue settings/ }).getByLabel('Phones at a time');
    await conc.fill('7');
    await conc.press('Enter');
    await expect.poll(async () => (await ui.api<FirmwareQueueView>('firmwareQueue', {})).settings.concurrency).toBe(7);
    const timeout = ui.page.getByRole('group', { name: /Queue settings/ }).getByLabel('Step timeout');
    await timeout.fill('600');
    await timeout.press('Enter');
    await expect.poll(async () => (await ui.api<FirmwareQueueView>('firmwareQueue', {})).settings.stepTimeoutMs).toBe(600_000);

    // A second phone waits for its first request; Pause says it is still finishing; Cancel stops it.
    await ui.api('firmwareQueueAdd', { phones: [{ mac: '0004f2e3e002', model: 'VVX400', current: '5.4.3.2036' }] });
    await ui.page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => ui.page.locator('.fw-paused').innerText()).toMatch(/Paused — no new step starts\. Still finishing: 1 rebooting \(0004f2e3e002\)/);
    await ui.page.screenshot({ path: join(SHOTS, 'firmware-history.png'), fullPage: true });
    await ui.page.locator('.fw-queue').screenshot({ path: join(SHOTS, 'firmware-history-row.png') });
    const row2 = ui.page.locator('.fw-queue tbody tr.fw-row', { hasText: '0004f2e3e002' });
    await row2.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => row2.innerText()).toMatch(/Cancelled/);
    await expect.poll(() => ui.page.locator('.fw-paused').innerText()).toMatch(/Nothing is running/);
  }, 90_000);
});
