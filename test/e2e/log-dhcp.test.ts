/**
 * e2e: DHCP packets in the Log page. `provkit serve` and Chromium run in a "laptop" network
 * namespace cabled (hub) to one running dnsmasq and one running dhclient with a Polycom vendor class;
 * once ProvKit watches eth0, the phone's DISCOVER, OFFER, REQUEST and ACK appear live in the Log
 * (DHCP filter) with the phone's MAC, and an ACK's detail lists its options (RFC 2132 numbers);
 * the Phones list then shows that phone as "No boot seen" (it never asked ProvKit for a file).
 * Needs root and `ip netns`; skipped otherwise. Screenshots: test/e2e/screenshots/log-dhcp.png,
 * phones-dhcp-only.png.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEX } from '../../electron/engine/dhcp/codec/bytes';
import { encodePolycomVendorClass } from '../../electron/engine/dhcp/codec/vendor-class';
import { formatMac } from '../../shared/mac';
import { CHROMIUM } from '../helpers/browser';
import { netnsUnavailable, Segment, waitFor, type Member } from '../helpers/netns';
import { REPO } from '../helpers/serve';
import { SHOTS } from '../helpers/ui-session';

const BOOT = 'http://10.81.0.1:8080/prov/';
const why = netnsUnavailable();
const tmp = mkdtempSync(join(tmpdir(), 'log-dhcp-e2e-'));

let seg: Segment;
let phone: Member;
let browser: Browser;
let page: Page;
let serve: ReturnType<Segment['spawn']>;

beforeAll(async () => {
  if (why) return;
  mkdirSync(SHOTS, { recursive: true });
  seg = new Segment('lg', { hub: true });
  const server = seg.add('10.81.0.1/24', '02:00:00:81:00:01');
  const laptop = seg.add('10.81.0.5/24', '02:00:00:81:00:05');
  phone = seg.add(undefined, '00:04:f2:81:00:10');
  const dnsmasq = seg.spawn(server, 'dnsmasq', ['--no-daemon', '--conf-file=/dev/null', '--pid-file=', '--port=0', '--interface=eth0', '--bind-interfaces', '--no-ping', '--dhcp-range=10.81.0.50,10.81.0.99,255.255.255.0,1h', `--dhcp-option=66,${BOOT}`, `--dhcp-leasefile=${join(tmp, 'leases')}`, '--log-facility=-']);
  await waitFor('dnsmasq', () => /sockets bound/.test(dnsmasq.output()));
  serve = seg.spawn(laptop, process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'serve', '--data', join(tmp, 'data'), '--bind', '127.0.0.1', '--http-port', '0', '--ftp-port', '0', '--tftp-port', '0', '--ui-port', '0'], { ...process.env, PROVKIT_LOG_LEVEL: 'warn' });
  await waitFor('provkit serve', () => /Web UI\s+http:\/\/\S+/.test(serve.output()), 60_000);
  const wrapper = join(tmp, 'chromium-in-netns.sh');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${laptop.ns} ${CHROMIUM} "$@"\n`);
  chmodSync(wrapper, 0o755);
  browser = await chromium.launch({ executablePath: wrapper, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await seg?.destroy();
});

describe.skipIf(Boolean(why))(`Log page: DHCP packets${why ? ` — skipped: ${why}` : ''}`, () => {
  it("shows a phone's DHCP exchange live, with the packet's options in the detail", async () => {
    const ui = /Web UI\s+(http:\/\/\S+)/.exec(serve.output())![1]!;
    await page.goto(`${ui}#/dhcp`);
    await page.getByLabel('Interface the phones are on').selectOption('eth0');
    await page.getByRole('button', { name: 'Start watching' }).click();
    await expect.poll(() => page.getByTestId('dhcp-view').innerText(), { timeout: 15_000 }).toContain('Sees both directions');

    await page.goto(`${ui}#/log`);
    await page.getByLabel('DHCP', { exact: true }).check();
    const vc = [...encodePolycomVendorClass({ model: 'VVX-VVX_400', partNumber: '3111-46157-002,1', appVersion: 'SIP/5.9.0.9373/x', bootromVersion: 'UP/5.9.0.9373/x' })].map((b) => HEX[b]).join(':');
    const conf = join(tmp, 'dhclient.conf');
    writeFileSync(conf, `send vendor-class-identifier ${vc};\nrequest subnet-mask, routers, tftp-server-name;\n`);
    const dh = seg.spawn(phone, 'dhclient', ['-4', '-d', '-cf', conf, '-lf', join(tmp, 'dh.leases'), '-pf', join(tmp, 'dh.pid'), '-sf', '/bin/true', 'eth0']);
    const table = page.locator('.log-table tbody');
    await expect.poll(() => table.innerText(), { timeout: 30_000 }).toContain('ACK').catch(async (err: unknown) => {
      throw new Error(`no ACK in the log:\n${await page.locator('main').innerText()}\ndhclient: ${dh.output()}`, { cause: err });
    });
    await seg.kill(dh);
    const text = await table.innerText();
    for (const t of ['DISCOVER', 'OFFER', 'REQUEST', 'ACK', '0004f2810010']) expect(text).toContain(t);
    await table.locator('tr', { hasText: 'ACK' }).first().click();
    const detail = page.locator('.log-detail');
    await expect.poll(() => detail.innerText()).toContain('DHCP OPTIONS');
    expect(await detail.innerText()).toContain(`66 `);
    expect(await detail.innerText()).toContain(BOOT);
    await page.screenshot({ path: join(SHOTS, 'log-dhcp.png'), fullPage: true });
  }, 120_000);

  it('lists the phone seen only by DHCP as "No boot seen", not as a problem', async () => {
    const ui = /Web UI\s+(http:\/\/\S+)/.exec(serve.output())![1]!;
    await page.goto(`${ui}#/phones`);
    const row = page.locator('table.phones-table tbody tr').filter({ hasText: formatMac('0004f2810010') });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    expect(await row.innerText()).toContain('No boot seen');
    expect(await row.innerText()).not.toContain('Incomplete');
    await page.screenshot({ path: join(SHOTS, 'phones-dhcp-only.png'), fullPage: true });
    await page.getByLabel('Problems only').check();
    await expect.poll(() => row.count()).toBe(0);
  }, 60_000);
});
