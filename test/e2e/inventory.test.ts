/**
 * End to end (issue #8 acceptance): in the web UI of `provkit serve`, import the CIC guide's TMM
 * list, fix its 11-digit MAC row in the import dialog, import, preview a phone's files, and check
 * the HTTP server then serves what the preview showed. Then 5,000 rows: the table stays windowed.
 * Screenshots go to test/e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { startServe, type ServeProcess } from '../helpers/serve';

const SHOTS = join(import.meta.dirname, 'screenshots');
const TMM = join(import.meta.dirname, '..', 'fixtures', 'inventory', 'cic-tmm-notepad.csv');
let serve: ServeProcess;
let browser: Browser;
let page: Page;

async function api<T>(name: string, args: unknown): Promise<T> {
  const r = await serve.api(name, args);
  expect(r.status, `${name}: ${r.status}`).toBe(200);
  return (await r.json()) as T;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
});

describe('inventory in the web UI', () => {
  it('imports a CIC list, fixes a bad row, previews a phone\'s files, and the server serves them', async () => {
    await page.goto(serve.ui);
    await page.getByRole('tab', { name: 'Inventory' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'The inventory is empty' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Import CSV…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import phones from CSV' });
    await dialog.getByLabel('CSV file').setInputFiles(TMM);
    await expect.poll(() => dialog.locator('.import-summary').innerText()).toMatch(/3 rows accepted \(3 new, 0 updated, 0 unchanged\) · 3 rejected/);
    const rejected = dialog.locator('table.import-rejected tbody tr');
    await expect.poll(() => rejected.count()).toBe(3);
    expect(await rejected.nth(2).innerText()).toContain('Address "0026DF00020" is not a MAC address: it has 11 hex digits, a MAC has 12');
    expect(await rejected.nth(2).locator('td').first().innerText()).toBe('5');

    // The technician reads the MAC off the phone's label and corrects the row.
    await dialog.getByLabel('Address on line 5').fill('00:26:DF:00:02:01');
    await dialog.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => dialog.locator('.import-summary').innerText()).toMatch(/4 rows accepted \(4 new.*· 2 rejected/);
    expect(await dialog.locator('table.import-accepted').innerText()).toContain('00:26:df:00:02:01');
    await page.screenshot({ path: join(SHOTS, 'inventory-import.png') });
    await dialog.getByRole('button', { name: 'Import 4 phones' }).click();
    await expect.poll(() => dialog.locator('.import-done').innerText()).toContain('Imported from cic-tmm-notepad.csv');
    await dialog.getByRole('button', { name: 'Done' }).click();

    const table = page.getByRole('table', { name: /Inventory phones/ });
    await expect.poll(() => table.locator('.vt-body [role=row]').count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, 'inventory-table.png') });

    // Give the Polycom phone a password, then preview its files.
    await table.locator('.vt-body [role=row]', { hasText: '00:04:f2:04:f6:a9' }).click();
    const editor = page.getByRole('dialog', { name: /Phone 00:04:f2:04:f6:a9/ });
    await editor.getByLabel('Line 1 password').fill('Agent-Pw-7202');
    await editor.getByLabel('Line 1 display name').fill('Agent Two');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.getByRole('status').innerText()).toBe('Saved.');
    await editor.getByRole('tab', { name: 'Files' }).click();
    const files = editor.getByRole('list', { name: 'Files in request order' });
    await expect.poll(() => files.locator('li').count()).toBe(8);
    expect(await files.locator('li').nth(0).innerText()).toContain('0004f204f6a9.cfg');
    expect(await files.locator('li').nth(1).innerText()).toMatch(/0004f204f6a9-provkit\.cfg\s+config · rendered by ProvKit/);
    const content = await editor.getByLabel('Content of 0004f204f6a9-provkit.cfg').innerText();
    expect(content).toContain('reg.1.address="7202"');
    expect(content).toContain('reg.1.displayName="Agent Two"');
    expect(content).toContain('reg.1.auth.password="••••••"');
    expect(content).not.toContain('Agent-Pw-7202');
    const params = editor.locator('table.params-table');
    expect(await params.locator('tr', { hasText: 'reg.1.label' }).innerText()).toMatch(/reg\.1\.label\s+Line1\s+0004f204f6a9-provkit\.cfg/);
    await page.screenshot({ path: join(SHOTS, 'inventory-preview.png') });
    await editor.getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => editor.locator('.history').innerText()).toMatch(/lines\.1\.password: — → “\(set\)”/);
    await editor.getByRole('button', { name: 'Close', exact: true }).click();

    // What the preview showed is what a phone downloads.
    const served = await (await fetch(`${serve.http}0004f204f6a9-provkit.cfg`)).text();
    expect(served).toContain('reg.1.address="7202"');
    expect(served).toContain('reg.1.auth.password="Agent-Pw-7202"');
    const inv = await api<Array<{ mac: string }>>('listInventory', {});
    expect(inv.map((p) => p.mac)).toEqual(['0004f204f6a9', '0026df000201', '00908f123456', '00908f5635bb']);
  });

  it('hands a phone off to a provider profile; a profile pointing back at this ProvKit is refused', async () => {
    await page.getByRole('button', { name: 'Templates & providers…' }).click();
    const settings = page.getByRole('dialog', { name: 'Templates & providers' });
    await expect.poll(() => settings.locator('table').first().innerText()).toContain('polycom-uc5');
    await settings.getByRole('button', { name: 'Add a provider' }).click();
    const here = new URL(serve.http);
    await settings.getByLabel('Server', { exact: true }).fill(`${here.host}/`);
    await settings.getByRole('button', { name: 'Save provider' }).click();
    await expect.poll(() => settings.getByRole('alert').innerText()).toMatch(/Refused: HTTP 127\.0\.0\.1:\d+ is this ProvKit/);
    await settings.getByLabel('Name', { exact: true }).fill('MegaPath');
    await settings.getByLabel('Server', { exact: true }).fill('72.245.184.168/mpv');
    await settings.getByRole('button', { name: 'Save provider' }).click();
    await expect.poll(() => settings.locator('.providers').innerText()).toContain('MegaPath HTTP 72.245.184.168/mpv');
    await settings.getByLabel('NTP server ntpServer').fill('ntp.example.test');
    await settings.getByRole('button', { name: 'Save site values' }).click();
    await expect.poll(() => settings.locator('.import-done').innerText()).toContain('Site values saved');
    await page.screenshot({ path: join(SHOTS, 'inventory-settings.png') });
    await settings.getByRole('button', { name: 'Close dialog' }).click();

    const table = page.getByRole('table', { name: /Inventory phones/ });
    await table.locator('.vt-body [role=row]', { hasText: '00:04:f2:04:f6:a9' }).click();
    const editor = page.getByRole('dialog', { name: /Phone 00:04:f2:04:f6:a9/ });
    await editor.getByLabel('Hand-off to').selectOption({ label: 'MegaPath (HTTP 72.245.184.168/mpv)' });
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.getByRole('status').innerText()).toBe('Saved.');
    await page.screenshot({ path: join(SHOTS, 'inventory-editor.png') });
    await editor.getByRole('tab', { name: 'Files' }).click();
    await expect.poll(() => editor.locator('table.params-table').innerText()).toMatch(/device\.prov\.serverName\s+72\.245\.184\.168\/mpv/);
    expect(await editor.locator('table.params-table').innerText()).toMatch(/tcpIpApp\.sntp\.address\s+ntp\.example\.test/);
    await editor.getByRole('button', { name: 'Close', exact: true }).click();
    const served = await (await fetch(`${serve.http}0004f204f6a9-provkit.cfg`)).text();
    expect(served).toContain('device.dhcp.bootSrvUseOpt="Static"');
  });

  it('keeps 5,000 rows windowed and scrolls to the last one', async () => {
    const rows = ['mac,model,extension,name'];
    for (let i = 0; i < 5000; i++) rows.push(`0004f2${(0x100000 + i).toString(16)},VVX400,${10000 + i},Bench ${i}`);
    const report = await api<{ accepted: unknown[]; rejected: unknown[] }>('commitImport', { text: `${rows.join('\n')}\n`, format: 'auto' });
    expect(report.accepted).toHaveLength(5000);
    const table = page.getByRole('table', { name: /Inventory phones/ });
    await expect.poll(() => table.getAttribute('aria-rowcount'), { timeout: 15_000 }).toBe('5005');
    const inDom = await table.locator('.vt-body [role=row]').count();
    expect(inDom).toBeLessThan(60);
    const started = Date.now();
    await table.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(() => table.innerText()).toContain('00:04:f2:10:13:87');
    const scrolled = Date.now() - started;
    expect(await table.locator('.vt-body [role=row]').count()).toBeLessThan(60);
    expect(scrolled).toBeLessThan(5000);
    await page.screenshot({ path: join(SHOTS, 'inventory-5000.png') });
    await page.getByPlaceholder('MAC, label, extension, model').fill('Bench 4999');
    await expect.poll(() => table.locator('.vt-body [role=row]').count()).toBe(1);
  });
});
