/**
 * e2e: the Firmware page in Chromium against `provkit serve`: a package imported through the API
 * shows in the repository table; queued phones show with their step; a simulated phone downloading
 * its image moves its row live. Screenshots go to test/e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { writePackageFolder } from '../helpers/firmware';
import { REPO, startServe, type ServeProcess } from '../helpers/serve';
import { run } from '../helpers/run';

const SHOTS = join(import.meta.dirname, 'screenshots');
let serve: ServeProcess;
let browser: Browser;
let page: Page;

async function api<T>(name: string, args: unknown): Promise<T> {
  const res = await fetch(`${serve.ui.replace(/\/?(#.*)?$/, '')}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  const body = (await res.json()) as T;
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
  return body;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
});

describe('Firmware page', () => {
  it('shows the repository, the queue and a phone upgraded live', async () => {
    const pkg = await writePackageFolder(serve.dataDir, 'pkg', '5.9.6.2327', ['VVX400', 'VVX310'], 3 * 1024 * 1024, { 'ReleaseNotes.txt': 'x' });
    await api('firmwareImport', { path: pkg });
    await api('firmwareQueueConfigure', { serverUrl: serve.http, stepTimeoutMs: 600_000 });
    await api('firmwareQueueAdd', {
      phones: [
        { mac: '0004f2e2e001', model: 'VVX400', current: '5.4.3.2036', outlet: 1 },
        { mac: '0004f2e2e002', model: 'VVX310', current: '5.2.2.0501', outlet: 2 },
        { mac: '64167f000003', model: 'VVX400', current: '5.9.6.2327' },
      ],
    });
    await page.goto(`${serve.ui}#/firmware`);
    await expect.poll(() => page.locator('.fw-table').first().innerText()).toContain('3111-46157-002');
    await expect.poll(() => page.locator('.fw-queue tbody tr').count()).toBe(3);
    await expect.poll(() => page.locator('.fw-queue').innerText()).toContain('Done');
    const sim = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', serve.http, '--mac', '0004f2e2e001', '--model', 'VVX400', '--tag-serial', '--json'], { cwd: REPO, timeoutMs: 60_000 });
    expect(sim.code, sim.stderr).toBe(0);
    const row = page.locator('.fw-queue tbody tr', { hasText: '0004f2e2e001' });
    // The plain simulator downloads the whole image, then starts its application reporting 5.9.6.2327.
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/Done[\s\S]*3 MiB of 3 MiB[\s\S]*now on 5\.9\.6\.2327/);
    await expect.poll(() => page.locator('.fw-overall').innerText()).toMatch(/2 of 3 finished — 2 done, 0 failed, 1 running/);
    await page.screenshot({ path: join(SHOTS, 'firmware-page.png'), fullPage: true });
  }, 90_000);
});
