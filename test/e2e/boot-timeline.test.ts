/**
 * End to end (issue #2 acceptance): `provkit serve` on ephemeral ports, two simulated Polycom phones
 * (one over HTTP, one over FTP) boot against it as separate processes, and the web UI in Chromium
 * shows both phones and their complete timelines, live. Screenshots go to test/e2e/screenshots/.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMac } from '../../shared/mac';
import { launchChromium } from '../helpers/browser';
import { run } from '../helpers/run';
import { REPO, startServe, type ServeProcess } from '../helpers/serve';

const SHOTS = join(import.meta.dirname, 'screenshots');
const HTTP_PHONE = '0004f2e2e001';
const FTP_PHONE = '0004f2e2e002';
let serve: ServeProcess;
let browser: Browser;
let page: Page;

function simulate(server: string, mac: string, model: string) {
  return run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', server, '--mac', mac, '--model', model, '--json'], { timeoutMs: 60_000 });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
});
afterAll(async () => {
  await browser?.close();
  expect(await serve?.stop()).toBe(0);
});

describe('boot timeline in the web UI', () => {
  it('shows two phones booting over HTTP and FTP, with complete timelines', async () => {
    expect(serve.http).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(serve.ftp).toMatch(/^ftp:\/\/127\.0\.0\.1:\d+\/$/);
    await page.goto(serve.ui);
    await expect.poll(() => page.getByRole('heading', { name: 'No phones yet' }).isVisible()).toBe(true);

    // Both phones boot at once while the page is open: the list must fill in live.
    const [httpRun, ftpRun] = await Promise.all([simulate(serve.http, HTTP_PHONE, 'VVX400'), simulate(serve.ftp, FTP_PHONE, 'SPIP650')]);
    expect(httpRun.code, httpRun.stderr).toBe(0);
    expect(ftpRun.code, ftpRun.stderr).toBe(0);
    const httpSteps = JSON.parse(httpRun.stdout).steps as Array<{ file: string; method: string; status: number }>;
    const ftpSteps = JSON.parse(ftpRun.stdout).steps as Array<{ file: string; method: string; status: number }>;

    for (const mac of [HTTP_PHONE, FTP_PHONE]) {
      await expect.poll(() => page.getByRole('link', { name: formatMac(mac) }).count(), { timeout: 10_000 }).toBe(1);
    }
    const rows = page.locator('table.phones-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => page.locator('table.phones-table').innerText()).toContain('VVX400');
    // FTP carries no User-Agent: the FTP phone must not borrow the HTTP phone's model (same address).
    await expect.poll(() => rows.filter({ hasText: formatMac(FTP_PHONE) }).innerText()).not.toContain('VVX400');
    await expect.poll(() => rows.filter({ hasText: formatMac(HTTP_PHONE) }).innerText()).toContain('VVX400');
    await page.screenshot({ path: join(SHOTS, 'phones-list.png') });

    for (const [mac, steps, shot] of [
      [HTTP_PHONE, httpSteps, 'timeline-http.png'],
      [FTP_PHONE, ftpSteps, 'timeline-ftp.png'],
    ] as const) {
      await page.getByRole('link', { name: formatMac(mac) }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(formatMac(mac));
      const timeline = page.locator('table.timeline-table tbody tr');
      // Every request the phone made is on its timeline, in order.
      await expect.poll(() => timeline.count(), { timeout: 10_000 }).toBe(steps.length);
      const text = await page.locator('table.timeline-table').innerText();
      let at = 0;
      for (const s of steps) {
        const i = text.indexOf(`/${s.file}`, at);
        expect(i, `${s.method} ${s.file} missing or out of order`).toBeGreaterThanOrEqual(0);
        at = i;
      }
      for (const f of ['/000000000000.cfg', `/${mac}-provkit.cfg`, `/${mac}-boot.log`, `/${mac}-app.log`]) expect(text).toContain(f);
      await page.screenshot({ path: join(SHOTS, shot), fullPage: true });
      await page.getByRole('link', { name: '← All phones' }).click();
    }
  });

  it('serves the API contract over HTTP and refuses cross-site calls', async () => {
    const ok = await serve.api('listPhones', {});
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Array<{ mac: string }>).map((p) => p.mac).sort()).toEqual([HTTP_PHONE, FTP_PHONE]);
    const bad = await serve.api('getTimeline', { mac: 'nope' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_ARGS');
    const cross = await serve.api('stopServer', { kind: 'http' }, { Origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    const form = await serve.api('stopServer', { kind: 'http' }, { 'Content-Type': 'text/plain' });
    expect(form.status).toBe(403);
  });
});
