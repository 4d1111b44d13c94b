/**
 * e2e: "HTTP first, then HTTPS" on the Firmware page, in Chromium against
 * `provkit serve --https-port 0`. The setting is off by default; ticked, it explains why and the
 * queued phone's configuration carries the bench CA. A simulated phone upgrades over HTTP (its row
 * is done and says the CA was received, not yet HTTPS), then boots over HTTPS trusting that CA: only
 * then the row says "Came back over HTTPS", and the history has both stages.
 * Screenshot: test/e2e/screenshots/firmware-https-after.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { simulatePolycomBoot } from '../../electron/engine/simulator/polycom-boot';
import { configParams } from '../../electron/engine/simulator/secure-boot';
import { writePackageFolder } from '../helpers/firmware';
import type { ServeProcess } from '../helpers/serve';
import { SHOTS, withUiSession, type UiSession } from '../helpers/ui-session';

const MAC = '0004f2f1e301';
let serve: ServeProcess;
let page: Page;
let api: UiSession['api'];

withUiSession(
  (ui) => {
    ({ serve, page } = ui);
    api = ui.api.bind(ui);
    page.setDefaultTimeout(10_000);
  },
  undefined,
  60_000,
  { serveArgs: ['--https-port', '0'], height: 1000 },
);

describe('Firmware page: HTTP first, then HTTPS', () => {
  it('the row says "Came back over HTTPS" only after the phone’s request over HTTPS', async () => {
    await api('firmwareImport', { path: await writePackageFolder(serve.dataDir, 'pkg', '5.9.6.2327', ['VVX400'], 256 * 1024) });
    await api('firmwareQueueConfigure', { serverUrl: serve.http, stepTimeoutMs: 600_000 });
    await page.goto(`${serve.ui}#/firmware`);
    const setting = page.getByLabel(/HTTP first, then HTTPS/);
    await expect.poll(() => setting.isChecked()).toBe(false);
    // The box shows the engine's setting, so it turns on when the engine has answered: click, then poll.
    await setting.click();
    await expect.poll(() => setting.isChecked()).toBe(true);
    await expect.poll(() => page.locator('.fw-https-why').innerText()).toContain('A factory-reset phone trusts only the public certificate authorities built into it');
    await expect.poll(async () => (await api<{ settings: { httpsAfter?: boolean } }>('firmwareQueue', {})).settings.httpsAfter).toBe(true);

    await api('firmwareQueueAdd', { phones: [{ mac: MAC, model: 'VVX400', current: '5.4.3.2036' }] });
    await expect.poll(async () => (await api<Array<{ mac: string; variables?: Record<string, string> }>>('listInventory', {})).find((p) => p.mac === MAC)?.variables).toEqual({ httpsBootstrap: '1' });
    const row = page.locator('.fw-queue tbody tr', { hasText: MAC });

    // The upgrade, over HTTP: the application's configuration carries the CA and the move.
    const params: Record<string, string> = {};
    await simulatePolycomBoot({ server: serve.http, mac: MAC, model: 'VVX400', tagSerialNo: true, onConfig: (_f, body) => Object.assign(params, configParams(body.toString('utf8'))) });
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/Done[\s\S]*HTTPS: bench CA received over HTTP/);
    expect(await row.innerText()).not.toContain('Came back over HTTPS');

    // The reboot the device settings cause: back over HTTPS, trusting the CA it received.
    const back = await simulatePolycomBoot({ server: `https://${params['device.prov.serverName']}`, mac: MAC, model: 'VVX400', tagSerialNo: true, trust: [params['device.sec.TLS.customCaCert1']!] });
    expect(back.ok).toBe(true);
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('Came back over HTTPS');
    await page.getByRole('button', { name: `History of ${MAC}` }).click();
    const history = page.locator('.fw-history-row');
    await expect.poll(() => history.innerText()).toMatch(/received the bench CA over HTTP[\s\S]*came back over HTTPS: GET \S+ over HTTPS( → 2\d\d| \(answered \d{3})/);
    await page.screenshot({ path: join(SHOTS, 'firmware-https-after.png'), fullPage: true });
  }, 90_000);
});
