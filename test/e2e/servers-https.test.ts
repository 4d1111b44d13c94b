/**
 * End to end: `provkit serve --https-port 0` and the Servers page in Chromium. The HTTPS card
 * listens with TLS 1.2-1.3 and names the bench CA file; turning on the compatibility switch from
 * its settings restarts it, and a real `openssl s_client -tls1` is then accepted.
 * Screenshot: test/e2e/screenshots/servers-https.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { run } from '../helpers/run';
import { startServe, type ServeProcess } from '../helpers/serve';

const SHOTS = join(import.meta.dirname, 'screenshots');
let serve: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe(['--https-port', '0']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe('Servers page: HTTPS', () => {
  it('shows the HTTPS server with its CA, and the compatibility switch lets TLS 1.0 in', async () => {
    await page.goto(`${serve.ui}#/servers`);
    const card = page.locator('article.server-card', { has: page.getByRole('heading', { name: 'HTTPS server' }) });
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('Listening');
    const text = await card.innerText();
    expect(text).toContain('TLS 1.2-1.3');
    const caPath = join(serve.dataDir, 'tls', 'ca.pem');
    expect(text).toContain(caPath);
    const url = /https:\/\/127\.0\.0\.1:\d+\//.exec(text)![0];
    const hostPort = new URL(url).host;
    const sClient = () => run('openssl', ['s_client', '-connect', hostPort, '-tls1', '-cipher', 'DEFAULT:@SECLEVEL=0', '-CAfile', caPath], { input: 'Q\n', timeoutMs: 20_000 });
    expect((await sClient()).stdout).toMatch(/Cipher is \(NONE\)/);

    await card.locator('summary', { hasText: 'Settings' }).click();
    await card.getByLabel(/Compatibility for older phones/).check();
    await expect.poll(() => card.innerText()).toContain('SoundPoint IP');
    await card.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toContain('TLS 1.0-1.3');
    await expect.poll(() => card.innerText()).toContain('Listening');
    const port = /https:\/\/127\.0\.0\.1:(\d+)\//.exec(await card.innerText())![1];
    const again = () => run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-tls1', '-cipher', 'DEFAULT:@SECLEVEL=0', '-CAfile', caPath], { input: 'Q\n', timeoutMs: 20_000 });
    const r = await again();
    expect(r.stdout).toMatch(/Protocol\s*:\s*TLSv1\s*$/m);
    expect(r.stdout).not.toMatch(/Cipher is \(NONE\)/);
    await page.screenshot({ path: join(SHOTS, 'servers-https.png'), fullPage: true });
  });
});
