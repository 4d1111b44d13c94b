/**
 * End to end: the Servers page in Chromium shows the TFTP server next to HTTP and
 * FTP, and while a slow TFTP phone and a slow HTTP download run, each card shows the throughput and
 * the transfer with its progress. Screenshot: test/e2e/screenshots/servers-transfers.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAck, encodeRequest, parsePacket } from '../../electron/engine/provisioning/tftp/packet';
import { launchChromium } from '../helpers/browser';
import { startServe, type ServeProcess } from '../helpers/serve';
import { RawTftpClient } from '../helpers/tftp-raw';

const SHOTS = join(import.meta.dirname, 'screenshots');
const SIZE = 6 * 1024 * 1024;
const HTTP_SIZE = 48 * 1024 * 1024;
let serve: ServeProcess;
let browser: Browser;
let page: Page;
let curl: ChildProcess | undefined;
let phone: RawTftpClient | undefined;
let stopPhone = false;

/** A slow TFTP phone: blksize 1428, one ACK every 15 ms, until told to stop. */
async function slowTftpPhone(port: number): Promise<void> {
  phone = await RawTftpClient.open();
  phone.send(port, encodeRequest('RRQ', 'sip.ld', 'octet', { blksize: 1428, tsize: 0 }));
  let m = await phone.next();
  const tid = m!.from.port;
  phone.send(tid, encodeAck(0));
  while (!stopPhone) {
    m = await phone.next(500);
    if (!m) continue;
    const p = parsePacket(m.msg);
    if (p.op !== 'DATA') break;
    await new Promise((r) => setTimeout(r, 15));
    if (!stopPhone) phone.send(tid, encodeAck(p.block));
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe();
  await writeFile(join(serve.dataDir, 'provisioning', 'sip.ld'), Buffer.alloc(SIZE, 0x33));
  // HTTP: larger than what loopback socket buffers absorb, so the download is still running.
  await writeFile(join(serve.dataDir, 'provisioning', 'big.ld'), Buffer.alloc(HTTP_SIZE, 0x44));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});
afterAll(async () => {
  stopPhone = true;
  curl?.kill();
  await new Promise((r) => setTimeout(r, 600));
  phone?.close();
  await browser?.close();
  await serve?.stop();
});

describe('Servers page: throughput and transfers in progress', () => {
  it('shows the TFTP card and live progress of a TFTP and an HTTP transfer', async () => {
    const tftpPort = Number(new URL(serve.tftp.replace('tftp:', 'http:')).port);
    void slowTftpPhone(tftpPort);
    curl = spawn('curl', ['-sS', '--limit-rate', '1M', '-o', '/dev/null', `${serve.http}big.ld`], { stdio: 'ignore' });

    await page.goto(`${serve.ui}#/servers`);
    const tftpCard = page.locator('article.server-card', { has: page.getByRole('heading', { name: 'TFTP server' }) });
    const httpCard = page.locator('article.server-card', { has: page.getByRole('heading', { name: 'HTTP server' }) });
    await expect.poll(() => tftpCard.innerText(), { timeout: 15_000 }).toContain('Listening');
    await expect.poll(() => tftpCard.innerText()).toContain(serve.tftp);

    // Progress arrives with the once-a-second status events.
    await expect.poll(() => tftpCard.locator('.transfer').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => tftpCard.locator('.transfer').innerText()).toMatch(/RRQ \/sip\.ld[\s\S]*of 6 MiB \(\d+%\)[\s\S]*\/s/);
    await expect.poll(() => tftpCard.locator('.transfer-head strong').innerText(), { timeout: 10_000 }).not.toBe('0 B/s');
    await expect.poll(() => httpCard.locator('.transfer').innerText(), { timeout: 15_000 }).toMatch(/GET \/big\.ld[\s\S]*of 48 MiB/);
    const pct = () => tftpCard.locator('.transfer progress').getAttribute('value').then(Number);
    await expect.poll(pct, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await pct()).toBeLessThan(100);
    await tftpCard.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'servers-transfers.png'), fullPage: true });

    // Chips in the header name all three servers.
    await expect.poll(() => page.locator('.server-chips').innerText()).toMatch(/HTTP[\s\S]*FTP[\s\S]*TFTP/);
  }, 90_000);
});
