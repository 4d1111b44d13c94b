/**
 * e2e: the Log page in Chromium against `provkit serve`, fed by real clients — a wrong FTP login
 * (lftp), HTTP requests without a MAC that are refused or miss (curl), a TFTP error (tftp-hpa) and
 * a phone's request — and a syslog line (logger) shows every one live, filters them (protocol, status class, address, MAC,
 * text), details the FTP session and HTTP headers, and exports what the filters show as CSV (read
 * back with csv-parse). Screenshots: test/e2e/screenshots/log-page.png, log-page-failed-only.png.
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

  it('shows syslog lines sent by a real client (util-linux logger) live', async () => {
    const { page } = ui;
    const st = await ui.api<{ state: string; boundPort?: number }>('configureSyslog', { enabled: true, bind: '127.0.0.1', port: 0 });
    expect(st.state).toBe('listening');
    const sent = await run('logger', ['--server', '127.0.0.1', '--port', String(st.boundPort), '--udp', '--rfc5424', '-p', 'user.err', '-t', 'provtest', 'TFTP boot failed: no answer']);
    expect(sent.code, sent.stderr).toBe(0);
    const row = page.locator('.log-table tbody tr', { hasText: 'TFTP boot failed' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.innerText()).toMatch(/Syslog[\s\S]*127\.0\.0\.1[\s\S]*provtest/);
    expect(await row.getAttribute('class')).toContain('log-bad'); // severity "error"
  }, 30_000);

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

    // The phone's request, and the syslog line from its address (the log joins it to that phone).
    await page.getByLabel('MAC').fill('00:04:f2:a0:00:01');
    await expect.poll(count).toBe(2);
    expect(await rows.nth(1).innerText()).toContain('0004f2a00001.cfg');
    expect(await rows.nth(0).innerText()).toContain('TFTP boot failed');
    await page.getByLabel('MAC').fill('');

    await page.getByLabel('Address').fill('10.');
    await expect.poll(count).toBe(0);
    await page.getByLabel('Address').fill('127.0.');
    await expect.poll(count).toBe(total);
    await page.getByLabel('Address').fill('');

    await page.getByLabel('Text').fill('missing-tftp');
    await expect.poll(count).toBe(1);
    await page.getByLabel('Text').fill('');
  }, 60_000);

  it('exports what the filters show as CSV', async () => {
    const { page } = ui;
    await page.getByLabel('Status').selectOption('failed');
    const rows = page.locator('.log-table tbody tr');
    await expect.poll(() => rows.count()).toBe(5); // 530, 404, 403, TFTP 404, syslog error
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^provkit-log-\d{4}-\d\d-\d\d-\d{4}\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    const records = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(5);
    expect(records.map((r) => `${r.protocol} ${r.method} ${r.status}`).sort()).toEqual(['ftp PASS 530', 'http GET 403', 'http GET 404', 'syslog provtest ', 'tftp RRQ 404']);
    for (const r of records) expect(r.ok).toBe('no');
    expect(records.find((r) => r.status === '530')!.error).toContain('login refused for user "PlcmSpIp"');
    expect(text).toContain('\r\n');
    await rows.filter({ hasText: 'TFTP boot failed' }).click();
    await expect.poll(() => page.locator('.log-detail').innerText()).toMatch(/Severity\s+error/);
    await page.screenshot({ path: join(SHOTS, 'log-page-failed-only.png'), fullPage: true });
    await page.getByLabel('Status').selectOption('any');
  }, 60_000);
});
