/**
 * End to end: `provkit serve` and Chromium run inside a "laptop" network namespace
 * cabled (bridge) to a namespace running dnsmasq and one running dhclient with a Polycom vendor
 * class. The DHCP page shows which view is active, the live packets, the probe verdict with its
 * diff, the bench server refusing to start next to dnsmasq, and the builders with copy buttons.
 * Screenshots go to test/e2e/screenshots/.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEX } from '../../electron/engine/dhcp/codec/bytes';
import { encodePolycomVendorClass } from '../../electron/engine/dhcp/codec/vendor-class';
import { CHROMIUM } from '../helpers/browser';
import { netnsUnavailable, Segment, waitFor, type Member } from '../helpers/netns';
import { REPO } from '../helpers/serve';

const SHOTS = join(import.meta.dirname, 'screenshots');
const PROVKIT = join(REPO, 'bin', 'provkit.mjs');
const BOOT = 'http://10.79.0.1:8080/prov/';
const why = netnsUnavailable();
const tmp = mkdtempSync(join(tmpdir(), 'pk-dhcp-e2e-'));

let seg: Segment;
let laptop: Member;
let phone: Member;
let browser: Browser;
let page: Page;
let serve: ReturnType<Segment['spawn']>;

beforeAll(async () => {
  if (why) return;
  mkdirSync(SHOTS, { recursive: true });
  // A hub (mirror port): the laptop sees the server's unicast answers, as a technician's capture would.
  seg = new Segment('e2', { hub: true });
  const server = seg.add('10.79.0.1/24', '02:00:00:79:00:01');
  laptop = seg.add('10.79.0.5/24', '02:00:00:79:00:05');
  phone = seg.add(undefined, '00:04:f2:79:00:10');
  const dnsmasq = seg.spawn(server, 'dnsmasq', ['--no-daemon', '--conf-file=/dev/null', '--pid-file=', '--port=0', '--interface=eth0', '--bind-interfaces', '--no-ping', '--dhcp-range=10.79.0.50,10.79.0.99,255.255.255.0,1h', `--dhcp-option=160,${BOOT}`, `--dhcp-option=66,${BOOT}`, '--dhcp-option=128,VLAN-A=100;', `--dhcp-leasefile=${join(tmp, 'leases')}`, '--log-facility=-']);
  await waitFor('dnsmasq', () => /sockets bound/.test(dnsmasq.output()));
  serve = seg.spawn(laptop, process.execPath, [PROVKIT, 'serve', '--data', join(tmp, 'data'), '--bind', '127.0.0.1', '--http-port', '0', '--ftp-port', '0', '--tftp-port', '0', '--ui-port', '0'], { ...process.env, PROVKIT_LOG_LEVEL: 'warn' });
  await waitFor('provkit serve', () => /Web UI\s+http:\/\/\S+/.test(serve.output()), 60_000);
  // Chromium runs in the laptop namespace too, through a wrapper playwright starts as the browser.
  const wrapper = join(tmp, 'chromium-in-netns.sh');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${laptop.ns} ${CHROMIUM} "$@"\n`);
  chmodSync(wrapper, 0o755);
  browser = await chromium.launch({ executablePath: wrapper, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await seg?.destroy();
});

describe.skipIf(Boolean(why))(`DHCP page${why ? ` — skipped: ${why}` : ''}`, () => {
  it('shows the view, live packets, the probe verdict, the bench safety state and the builders', async () => {
    const ui = /Web UI\s+(http:\/\/\S+)/.exec(serve.output())![1]!;
    await page.goto(`${ui}#/dhcp`);
    await expect.poll(() => page.getByRole('heading', { name: 'DHCP', level: 1 }).isVisible()).toBe(true);

    // Watch eth0: packet capture is available here, so the page says it sees both directions.
    await page.getByLabel('Interface the phones are on').selectOption('eth0');
    await page.getByRole('button', { name: 'Start watching' }).click();
    await expect.poll(() => page.getByTestId('dhcp-view').innerText(), { timeout: 15_000 }).toContain('Sees both directions');

    // A Polycom phone boots: its DISCOVER…ACK appear live, vendor class decoded.
    const vc = [...encodePolycomVendorClass({ model: 'VVX-VVX_400', partNumber: '3111-46157-002,1', appVersion: 'SIP/5.9.0.9373/x', bootromVersion: 'UP/5.9.0.9373/x' })].map((b) => HEX[b]).join(':');
    const conf = join(tmp, 'dhclient.conf');
    writeFileSync(conf, `option provisioning-server code 160 = text;\nsend vendor-class-identifier ${vc};\nrequest subnet-mask, routers, tftp-server-name, provisioning-server;\n`);
    const dh = seg.spawn(phone, 'dhclient', ['-4', '-d', '-cf', conf, '-lf', join(tmp, 'dh.leases'), '-pf', join(tmp, 'dh.pid'), '-sf', '/bin/true', 'eth0']);
    const rows = page.locator('table.dhcp-packets tbody tr');
    await expect.poll(() => page.locator('table.dhcp-packets').innerText(), { timeout: 30_000 }).toContain('ACK').catch(async (err: unknown) => {
      throw new Error(`no ACK in the list:\n${await page.locator('main').innerText()}\ndhclient: ${dh.output()}\nserve: ${serve.output()}`, { cause: err });
    });
    await seg.kill(dh);
    const text = await page.locator('table.dhcp-packets').innerText();
    for (const t of ['DISCOVER', 'OFFER', 'REQUEST', 'ACK', '00:04:f2:79:00:10', 'Polycom VVX400', `160 ${BOOT}`]) expect(text).toContain(t);
    await page.getByLabel('Filter packets by MAC or vendor').fill('zz:zz');
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByLabel('Filter packets by MAC or vendor').fill('00:04:f2:79');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4);

    // Probe as a VVX 400: one sentence names the boot server.
    await page.getByRole('button', { name: 'Probe', exact: true }).click();
    await expect.poll(() => page.getByTestId('dhcp-verdict').innerText(), { timeout: 20_000 }).toMatch(new RegExp(`^A VVX 400 on eth0 gets 10\\.79\\.0\\.\\d+ from 10\\.79\\.0\\.1 and would boot from ${BOOT.replace(/[./]/g, '\\$&')} \\(option 160\\)\\.$`));
    await expect.poll(() => page.locator('table.dhcp-diff').innerText()).toContain('VLAN-A=100; (VLAN 100)');
    await page.getByLabel('Filter packets by MAC or vendor').fill('');
    // <main> scrolls, not the page: a tall viewport shows the whole page in one picture.
    await page.setViewportSize({ width: 1360, height: 2200 });
    await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'dhcp-page.png') });
    await page.setViewportSize({ width: 1360, height: 900 });

    // Bench server: refuses while dnsmasq answers.
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect.poll(() => page.getByTestId('bench-state').innerText(), { timeout: 30_000 }).toContain('Refused to start');
    await expect.poll(() => page.locator('section[aria-labelledby="dhcp-bench"]').innerText()).toContain('Another DHCP server answers on eth0: 10.79.0.1 (MAC 02:00:00:79:00:01) answered Polycom VVX 400');
    expect(await page.getByRole('button', { name: 'Start anyway (this network is isolated)' }).isVisible()).toBe(true);
    expect(await page.locator('.error-box').count(), 'no error next to the refusal').toBe(0);
    await page.locator('#dhcp-bench').evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SHOTS, 'dhcp-bench-refused.png') });

    // Builders: values with copy buttons, snippets per server.
    await page.getByLabel('Boot server URL').last().fill('http://10.79.0.5/polycom/');
    await page.getByLabel('Polycom VLAN id').fill('100');
    await page.getByLabel('Toshiba IPedge server').fill('192.168.100.39');
    await page.getByRole('button', { name: 'Build' }).click();
    await expect.poll(() => page.locator('.dhcp-built').innerText()).toContain('dhcp-option=160,"http://10.79.0.5/polycom/"');
    expect(await page.getByRole('button', { name: 'Copy the value of option 43' }).isVisible()).toBe(true);
    await page.locator('.dhcp-built select').selectOption('cisco-ios');
    await expect.poll(() => page.locator('.dhcp-built').innerText()).toContain('option 43 hex 010e.544f');
    await page.locator('#dhcp-build').evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SHOTS, 'dhcp-builders.png'), fullPage: false });

    // The phone's own page: its DHCP exchange above its requests, one row per packet.
    await page.goto(`${ui}#/phones/0004f2790010`);
    await expect.poll(() => page.getByTestId('phone-dhcp').innerText(), { timeout: 15_000 }).toContain('ACK');
    const dhcpRows = await page.getByTestId('phone-dhcp').innerText();
    for (const t of ['DISCOVER', 'OFFER', 'REQUEST', 'ACK', `160 ${BOOT}`, 'capture']) expect(dhcpRows).toContain(t);
    expect(await page.locator('[data-testid="phone-dhcp"] tbody tr').count()).toBeLessThanOrEqual(text.split('00:04:f2:79:00:10').length - 1);
    await page.screenshot({ path: join(SHOTS, 'phone-dhcp.png'), fullPage: false });
  }, 180_000);
});
