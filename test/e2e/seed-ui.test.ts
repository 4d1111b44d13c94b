/**
 * End to end, in the web UI of `provkit serve` (loopback only): the DHCP builder builds the Genesys
 * CIC records and the Toshiba option 43 "with NUL" form scoped to its vendor class, warns on option 66
 * for Polycom in a CIC site; Phones › Licence order… attaches one order to three phones in one step,
 * lists the MAC not in the inventory and says the phones must reboot.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { startServe, type ServeProcess } from '../helpers/serve';

const SHOTS = join(import.meta.dirname, 'screenshots');
const ORDER = join(import.meta.dirname, '..', 'fixtures', 'licences', 'order-three-phones.xml');
let serve: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
});
afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
});

describe('seed fidelity in the web UI', () => {
  it('DHCP builder: CIC records, the 66-for-Polycom warning, Toshiba with NUL scoped to its vendor class', async () => {
    await page.goto(`${serve.ui}#/dhcp`);
    const form = page.locator('section[aria-labelledby="dhcp-build"]');
    await form.getByLabel('Phones').selectOption('polycom');
    await form.getByLabel(/Genesys CIC site/).check();
    await form.getByLabel('Boot server URL').fill('http://provision.lab.voip:8088');
    await form.getByLabel('Time offset (option 2)').fill('FFFF.B9B0');
    await form.getByLabel('DNS servers (option 6)').fill('10.250.1.5, 10.250.0.2');
    await form.getByLabel('Toshiba IPedge server').fill('192.168.100.39');
    await form.getByLabel('Toshiba vendor class sub-option').selectOption('with-nul');
    await form.getByRole('button', { name: 'Build' }).click();
    const built = page.locator('.dhcp-built');
    await expect.poll(() => built.innerText(), { timeout: 30_000 }).toContain('dhcp-option=160,"http://provision.lab.voip:8088"');
    const text = await built.innerText();
    expect(text).not.toContain('dhcp-option=66,');
    expect(text).toContain('dhcp-option=2,ff:ff:b9:b0');
    expect(text).toContain('dhcp-option=6,10.250.1.5,10.250.0.2');
    expect(text).toContain('dhcp-vendorclass=set:toshiba-ipedge,TOSHIBA IPedge');
    expect(text).toContain('dhcp-option=tag:toshiba-ipedge,43,01:0f:54:4f');
    // With option 66 ticked for Polycom in a CIC site, the guide's advice shows as a warning.
    await form.getByRole('checkbox', { name: '66', exact: true }).check();
    await form.getByRole('button', { name: 'Build' }).click();
    await expect.poll(() => page.locator('.dhcp-warning').innerText()).toMatch(/recommends not using option 66 for Polycom/);
    await page.screenshot({ path: join(SHOTS, 'seed-dhcp-builder.png'), fullPage: true });
  }, 90_000);

  it('Phones › Licence order…: one order, three phones attached, the fourth MAC listed, reboot reminder', async () => {
    const csv = 'mac,model,extension,name\n0004f2000101,SPIP650,7101,A\n0004f2000102,SPIP650,7102,B\n0004f2000103,VVX400,7103,C\n';
    const r = await serve.api('commitImport', { text: csv, format: 'simple' });
    expect(r.status).toBe(200);
    await page.goto(serve.ui);
    await page.getByRole('tab', { name: 'Inventory' }).click();
    await page.getByRole('button', { name: 'Licence order…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a licence order' });
    await dialog.locator('input[type=file]').setInputFiles(ORDER);
    const result = dialog.getByTestId('licence-order-result');
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain('Attached to 3 phone(s):');
    const text = await result.innerText();
    expect(text).toContain('0004f2000101-license.cfg');
    expect(text).toMatch(/Not in the inventory, nothing written: 00:04:f2:00:01:99/i);
    expect(text).toMatch(/reboot each phone/);
    await page.screenshot({ path: join(SHOTS, 'seed-licence-order.png') });
    // The HTTP server now serves the order as each phone's licence file.
    const served = await fetch(`${serve.http}0004f2000102-license.cfg`);
    expect(served.status).toBe(200);
    expect(await served.text()).toContain('<activation order="22222222AB22C2">');
  }, 90_000);
});
