/**
 * e2e: the Log page in Chromium against `provkit serve`, fed by real clients — a wrong FTP login
 * (lftp), HTTP requests without a MAC that are refused or miss (curl), a TFTP error (tftp-hpa) and
 * a phone's request — shows every one live, filters them (protocol, status class, address, MAC,
 * text), details the FTP session and HTTP headers, and exports what the filters show as CSV (read
 * back with csv-parse). Screenshot: test/e2e/screenshots/log-page.png.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../shared/dto';
import { run } from '../helpers/run';
import { SHOTS, withUiSession, type UiSession } from '../helpers/ui-session';

let ui: UiSession;
withUiSession((s) => (ui = s));

const portOf = (url: string) => Number(new URL(url.replace(/^\w+:/, 'http:')).port);
const curl = (...args: string[]) => run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '15', ...args]);

describe('Log page', () => {
  it('shows a bad FTP login (530), refusals and misses without a MAC and a TFTP error, live', async () => {
    const { page, serve } = ui;
    await writeFile(join(serve.dataDir, 'provisioning', '0004f2a00001.cfg'), '<phone/>\n');
    await page.goto(`${serve.ui}#/log`);
    await expect.poll(() => page.getByRole('heading', { name: 'Log' }).count()).toBe(1);

    // Real clients, while the page is open (the rows arrive as events).
    const ftp = await run('lftp', ['-u', 'PlcmSpIp,wrong-pass', '-e', 'set net:max-retries 1; set net:timeout 5; ls; bye', `ftp://127.0.0.1:${portOf(serve.ftp)}`], { timeoutMs: 30_000 });
    expect(ftp.code).not.toBe(0);
    expect(await curl(`${serve.http}nothing-here.cfg`)).toMatchObject({ stdout: '404' });
    expect(await curl('--path-as-is', `${serve.http}../../etc/passwd`)).toMatchObject({ stdout: '403' });
    await run('tftp', ['127.0.0.1', String(portOf(serve.tftp)), '-m', 'octet', '-c', 'get', 'missing-tftp.cfg', join(serve.dataDir, 'x.cfg')]);
    expect(await curl('-A', 'FileTransport PolycomVVX-VVX_400-UA/5.9.5.0614 Type/Application', `${serve.http}0004f2a00001.cfg`)).toMatchObject({ stdout: '200' });

    // listRequests has them too.
    const all = await ui.api<RequestEvent[]>('listRequests', {});
    expect(all.find((e) => e.protocol === 'ftp' && e.status === 530)).toBeTruthy();

    const table = page.locator('.log-table tbody');
    await expect.poll(() => table.locator('tr').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    const text = await table.innerText();
    expect(text).toMatch(/FTP\s+127\.0\.0\.1[\s\S]*PASS \/[\s\S]*530/);
    expect(text).toContain('/nothing-here.cfg');
    expect(text).toContain('/../../etc/passwd');
    expect(text).toContain('/missing-tftp.cfg');

    // The 530 row's detail: the FTP session's commands, the password hidden.
    await table.locator('tr', { hasText: /PASS \// }).click();
    const detail = page.locator('.log-detail');
    await expect.poll(() => detail.innerText()).toContain('PASS *** → 530');
    expect(await detail.innerText()).toContain('USER PlcmSpIp → 331');
    expect(await detail.innerText()).not.toContain('wrong-pass');
    await page.screenshot({ path: join(SHOTS, 'log-page.png'), fullPage: true });

    // The 404 row's detail: request line and headers.
    await table.locator('tr', { hasText: 'nothing-here.cfg' }).click();
    await expect.poll(() => detail.innerText()).toContain('GET /nothing-here.cfg HTTP/1.1');
    expect(await detail.innerText()).toMatch(/User-Agent: curl\//);
  }, 90_000);

  it('filters by protocol, status class, MAC, address and text', async () => {
    const { page } = ui;
    const rows = page.locator('.log-table tbody tr');
    const count = () => rows.count();
    const total = await count();
    await page.getByLabel('FTP', { exact: true }).check();
    await expect.poll(count).toBe(1);
    await page.getByLabel('TFTP', { exact: true }).check();
    await expect.poll(count).toBe(2);
    await page.getByLabel('FTP', { exact: true }).uncheck();
    await page.getByLabel('TFTP', { exact: true }).uncheck();
    await expect.poll(count).toBe(total);

    await page.getByLabel('Status').selectOption('5xx');
    await expect.poll(() => page.locator('.log-table tbody').innerText()).toMatch(/^[^\n]*PASS/);
    await expect.poll(count).toBe(1);
    await page.getByLabel('Status').selectOption('4xx');
    await expect.poll(count).toBe(3); // HTTP 404, HTTP 403, TFTP 404
    await page.getByLabel('Status').selectOption('any');

    await page.getByLabel('MAC').fill('00:04:f2:a0:00:01');
    await expect.poll(count).toBe(1);
    expect(await rows.first().innerText()).toContain('0004f2a00001.cfg');
    await page.getByLabel('MAC').fill('');

    await page.getByLabel('Address').fill('10.');
    await expect.poll(count).toBe(0);
    await page.getByLabel('Address').fill('127.0.');
    await expect.poll(count).toBe(total);

    await page.getByLabel('Text').fill('missing-tftp');
    await expect.poll(count).toBe(1);
    await page.getByLabel('Text').fill('');
  }, 60_000);

  it('exports what the filters show as CSV', async () => {
    const { page } = ui;
    await page.getByLabel('Status').selectOption('failed');
    const rows = page.locator('.log-table tbody tr');
    await expect.poll(() => rows.count()).toBe(4); // 530, 404, 403, TFTP 404
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^provkit-log-\d{4}-\d\d-\d\d-\d{4}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const records = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(4);
    expect(records.map((r) => `${r.protocol} ${r.method} ${r.status}`).sort()).toEqual(['ftp PASS 530', 'http GET 403', 'http GET 404', 'tftp RRQ 404']);
    for (const r of records) expect(r.ok).toBe('no');
    expect(records.find((r) => r.status === '530')!.error).toContain('login refused for user "PlcmSpIp"');
    expect(text).toContain('\r\n');
    await page.getByLabel('Status').selectOption('any');
  }, 60_000);
});
