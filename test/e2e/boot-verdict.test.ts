/**
 * End to end: the boot verdict and phone identity in the web UI, in Chromium, against `provkit serve`
 * with simulated Polycom phones (separate processes) and real clients: tftp-hpa and lftp as Polycom
 * phones booting over TFTP and FTP, curl as a Yealink. A phone whose master lists a missing
 * CONFIG_FILES entry shows `Failed` naming the file; a healthy one `Booted`; a Yealink request for a model-wide file makes no
 * ghost phone; an FTP boot tells its model by the part-numbered image and is flagged when the
 * inventory says another model. Screenshots go to test/e2e/screenshots/.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PhoneSummary } from '../../shared/dto';
import { formatMac } from '../../shared/mac';
import { run } from '../helpers/run';
import { REPO } from '../helpers/serve';
import { SHOTS, withUiSession, type UiSession } from '../helpers/ui-session';

const BROKEN = '0004f2a00001';
const HEALTHY = '0004f2a00002';
const FTP_PHONE = '0004f2a00003';
const TFTP_PHONE = '0004f2a00005';
const YEALINK_UA = 'Yealink SIP-T46G 28.72.0.1 00:15:65:4a:a9:37';

let ui: UiSession;
withUiSession(
  (s) => (ui = s),
  async (s) => {
    // A hand-made master that lists a file the root does not have (and a decoy in a comment).
    const master = `<?xml version="1.0" standalone="yes"?>
<!-- CONFIG_FILES="not-this-one.cfg" -->
<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="site-missing.cfg" MISC_FILES="" LOG_FILE_DIRECTORY="" OVERRIDES_DIRECTORY="" CONTACTS_DIRECTORY="" LICENSE_DIRECTORY=""/>
`;
    await writeFile(join(s.serve.dataDir, 'provisioning', `${BROKEN}.cfg`), master);
    await writeFile(join(s.serve.dataDir, 'provisioning', `${TFTP_PHONE}.cfg`), master.replace('site-missing.cfg', 'site-tftp.cfg'));
    await writeFile(join(s.serve.dataDir, 'provisioning', 'site-tftp.cfg'), '<?xml version="1.0"?><site tcpIpApp.sntp.address="pool.ntp.org"/>\n');
    await s.api('upsertPhone', { mac: FTP_PHONE, model: 'VVX400', label: 'Lobby' });
  },
);

function simulate(server: string, mac: string, model: string) {
  return run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', server, '--mac', mac, '--model', model, '--json'], { timeoutMs: 60_000 });
}
const phones = () => ui.api<PhoneSummary[]>('listPhones', {});
const row = (mac: string) => ui.page.locator('table.phones-table tbody tr').filter({ hasText: formatMac(mac) });

describe('boot verdict and identity in the Phones list', () => {
  // First, while this phone is the only one seen at 127.0.0.1: over TFTP only the file names and the
  // client address tell who asks (each transfer comes from a new port).
  it('a phone booting over TFTP (tftp-hpa) whose master and CONFIG_FILES are served is Booted', async () => {
    const port = new URL(ui.serve.tftp).port;
    for (const file of ['2345-12600-001.bootrom.ld', `${TFTP_PHONE}.cfg`, 'sip.ld', `${TFTP_PHONE}.cfg`, 'site-tftp.cfg', `${TFTP_PHONE}-phone.cfg`]) {
      await run('tftp', ['-m', 'binary', '127.0.0.1', port, '-c', 'get', file, '/dev/null']);
    }
    await expect.poll(async () => (await phones()).find((p) => p.mac === TFTP_PHONE)?.boot?.verdict, { timeout: 10_000 }).toBe('booted');
    const tftpPhone = (await phones()).find((p) => p.mac === TFTP_PHONE)!;
    expect(tftpPhone).toMatchObject({ model: 'SPIP650', requests: 6 }); // the BootROM request before the master joins it
    const boot = tftpPhone.boot!;
    expect(boot.reasons).toEqual([`${TFTP_PHONE}.cfg served; its CONFIG_FILES entry served.`, 'sip.ld (named in APP_FILE_PATH) is not on the server: the phone keeps the application it has.']);
  });

  it('shows Failed with the missing CONFIG_FILES entry named, and Booted for a healthy phone', async () => {
    const { page, serve } = ui;
    await page.goto(serve.ui);
    // One after the other: two phones of one model behind one address, without the `(SN:...)` tag,
    // are one HTTP session (address + User-Agent) and cannot be told apart while both boot.
    const broken = await simulate(serve.http, BROKEN, 'VVX400');
    const healthy = await simulate(serve.http, HEALTHY, 'VVX400');
    expect(broken.code, broken.stderr).toBe(1); // the simulated phone itself reports the problem
    expect(broken.stdout).toContain('site-missing.cfg');
    expect(healthy.code, healthy.stderr).toBe(0);

    // The healthy phone last: once it is Booted, every request of both has been counted (its first,
    // MAC-less request was the broken phone's by address until its own MAC came).
    await expect.poll(() => row(HEALTHY).innerText(), { timeout: 15_000 }).toContain('Booted');
    expect(await row(HEALTHY).innerText()).not.toMatch(/not OK|Failed/);
    await expect.poll(() => row(BROKEN).innerText(), { timeout: 15_000 }).toContain('Failed');
    const text = await row(BROKEN).innerText();
    expect(text).toContain('at Configs');
    expect(text).toContain(`${BROKEN}.cfg lists site-missing.cfg in CONFIG_FILES; the phone asked for it and got 404`);
    expect(text).not.toContain('not-this-one.cfg');

    const api = await phones();
    expect(api.find((p) => p.mac === BROKEN)?.boot).toMatchObject({ verdict: 'failed', stage: 'configs' });
    expect(api.find((p) => p.mac === HEALTHY)?.boot).toMatchObject({ verdict: 'booted' });

    // Problems only: the failed phone stays, the booted one goes.
    await page.getByLabel('Problems only').check();
    await expect.poll(() => row(HEALTHY).count()).toBe(0);
    expect(await row(BROKEN).count()).toBe(1);
    await page.getByLabel('Problems only').uncheck();
    await expect.poll(() => row(HEALTHY).count()).toBe(1);

    // The phone page puts the verdict above the stages.
    await page.getByRole('link', { name: formatMac(BROKEN) }).first().click();
    const card = page.locator('.verdict-card');
    await expect.poll(() => card.innerText()).toContain('Failed');
    expect(await card.innerText()).toContain('site-missing.cfg');
    const [cardBox, stripBox] = [await card.boundingBox(), await page.locator('.boot-strip').boundingBox()];
    expect(cardBox!.y).toBeLessThan(stripBox!.y);
    await page.screenshot({ path: join(SHOTS, 'verdict-phone-failed.png'), fullPage: true });
    await page.getByRole('link', { name: '← All phones' }).click();
  });

  it('a Yealink request (curl, User-Agent with MAC, y000000000028.cfg) is that phone, and makes no ghost', async () => {
    const r = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-A', YEALINK_UA, `${ui.serve.http}y000000000028.cfg`]);
    expect(r.code, r.stderr).toBe(0);
    await expect.poll(async () => (await phones()).map((p) => p.mac), { timeout: 10_000 }).toContain('0015654aa937');
    const macs = (await phones()).map((p) => p.mac);
    expect(macs).not.toContain('000000000028');
    expect(macs.filter((m) => m === '0015654aa937')).toHaveLength(1);
    await expect.poll(() => row('0015654aa937').count()).toBe(1);
    expect(await ui.page.locator('table.phones-table').innerText()).not.toContain(formatMac('000000000028'));
    expect(await row('0015654aa937').innerText()).toContain('SIP-T46G');
  });

  it('a SoundPoint booting over FTP (lftp, no User-Agent) shows its model from the part number, flagged against the inventory', async () => {
    // One FTP session as a SoundPoint IP 650 makes it: its master, then its part-numbered image
    // (not in the root: the phone keeps its own application).
    const r = await run('lftp', ['-u', 'PlcmSpIp,PlcmSpIp', '-e', `set net:max-retries 1; set net:timeout 5; set xfer:clobber on; get ${FTP_PHONE}.cfg -o /dev/null; get 2345-12600-001.sip.ld -o /dev/null; bye`, ui.serve.ftp]);
    expect(r.stderr).toContain('550');
    await expect.poll(async () => (await phones()).find((p) => p.mac === FTP_PHONE)?.model, { timeout: 10_000 }).toBe('SPIP650');
    const p = (await phones()).find((x) => x.mac === FTP_PHONE)!;
    expect(p.modelMismatch).toEqual({ reported: 'SPIP650', inventory: 'VVX400' });
    await expect.poll(() => row(FTP_PHONE).innerText()).toContain('inventory says VVX400');
    await ui.page.screenshot({ path: join(SHOTS, 'verdict-phones-list.png'), fullPage: true });
    await ui.page.getByRole('link', { name: formatMac(FTP_PHONE) }).first().click();
    await expect.poll(() => ui.page.locator('.phone-head').innerText()).toContain('The phone reports SPIP650; its inventory entry says VVX400');
    await ui.page.getByRole('link', { name: '← All phones' }).click();
  });
});
