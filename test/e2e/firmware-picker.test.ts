/**
 * e2e: the Firmware page in Chromium against `provkit serve` — phones that booted against ProvKit
 * (the simulator) are listed in the "seen" picker with model, firmware and address; two ticked
 * phones are added to the queue; a phone's page adds a third; the power-control panel saves a PoE
 * switch configuration (checked by the API), refuses a bad one with the schema's words, and its
 * Test lists serial ports and reports the device error. Screenshots go to test/e2e/screenshots/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PowerView } from '../../shared/firmware-power';
import { writePackageFolder } from '../helpers/firmware';
import { REPO } from '../helpers/serve';
import { run } from '../helpers/run';
import { SHOTS, withUiSession, type UiSession } from '../helpers/ui-session';

const MACS = ['0004f2e3e001', '0004f2e3e002', '0004f2e3e003'];
let ui!: UiSession;
withUiSession(
  (s) => (ui = s),
  async () => {
    for (const [i, mac] of MACS.entries()) {
      const model = i === 1 ? 'VVX310' : 'VVX400';
      const sim = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', ui.serve.http, '--mac', mac, '--model', model, '--app-version', '5.4.3.2036', '--tag-serial', '--json'], { cwd: REPO, timeoutMs: 60_000 });
      expect(sim.code, sim.stderr).toBe(0);
    }
    await ui.api('firmwareImport', { path: await writePackageFolder(ui.serve.dataDir, 'pkg', '5.9.6.2327', ['VVX400', 'VVX310'], 64 * 1024) });
    await ui.api('firmwareQueueConfigure', { serverUrl: ui.serve.http, stepTimeoutMs: 600_000 });
  },
  120_000,
);

describe('Firmware page: seen phones and power control', () => {
  it('adds phones ProvKit has seen from the picker and from a phone page', async () => {
    await ui.page.goto(`${ui.serve.ui}#/firmware`);
    await ui.page.locator('.fw-seen summary').click();
    const rows = ui.page.locator('.fw-seen tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const first = rows.filter({ hasText: MACS[0]! });
    await expect.poll(() => first.innerText()).toMatch(/VVX400\s+5\.4\.3\.2036\s+127\.0\.0\.1\s+requests/);
    await ui.page.getByLabel(`Add ${MACS[0]}`).check();
    await ui.page.getByLabel(`Add ${MACS[1]}`).check();
    await ui.page.screenshot({ path: join(SHOTS, 'firmware-seen-picker.png'), fullPage: true });
    await ui.page.getByRole('button', { name: 'Add 2 to the queue' }).click();
    await expect.poll(() => ui.page.locator('.fw-seen [role=status]').innerText()).toBe('2 phone(s) added to the queue.');
    await expect.poll(() => ui.page.locator('.fw-queue tbody tr').count()).toBe(2);
    await expect.poll(() => ui.page.locator('.fw-queue').innerText()).toMatch(/0004f2e3e002\s+VVX310 · 127\.0\.0\.1\s+5\.4\.3\.2036 → 5\.9\.6\.2327/);
    // Queued phones are no longer pickable.
    expect(await ui.page.getByLabel(`Add ${MACS[0]}`).isDisabled()).toBe(true);
    // The third from its phone ui.page.
    await ui.page.goto(`${ui.serve.ui}#/phones/${MACS[2]}`);
    await ui.page.getByRole('button', { name: 'Add to firmware queue' }).click();
    await expect.poll(() => ui.page.getByRole('status').filter({ hasText: 'firmware queue' }).innerText()).toMatch(/Added to the firmware queue/);
    const q = await ui.api<{ phones: Array<{ mac: string; host?: string; to?: string }> }>('firmwareQueue', {});
    expect(q.phones.map((p) => [p.mac, p.host, p.to])).toEqual(MACS.map((m) => [m, '127.0.0.1', '5.9.6.2327']));
  }, 60_000);

  it('saves power-control settings, refuses bad ones, and tests the device', async () => {
    await ui.page.goto(`${ui.serve.ui}#/firmware`);
    const panel = ui.page.locator('.fw-power');
    await panel.getByLabel('Device').selectOption('poe-switch');
    await panel.getByLabel('Serial port').fill('/dev/ttyPK-none');
    await panel.getByLabel('Interface name').fill('GigabitEthernet1/0/{n}');
    await panel.getByLabel('Outlet of each phone').fill(`${MACS[0]},3\n${MACS[1]},4`);
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.innerText()).toContain('Saved.');
    const saved = await ui.api<PowerView>('firmwarePower', {});
    expect(saved.config).toMatchObject({ type: 'poe-switch', path: '/dev/ttyPK-none', interfaceName: 'GigabitEthernet1/0/{n}', off: ['configure terminal', 'interface {port}', 'power inline never', 'end'] });
    expect(saved.outlets).toEqual({ [MACS[0]!]: 3, [MACS[1]!]: 4 });
    // A bad prompt is refused with the schema's words, nothing saved.
    await panel.getByLabel('Prompt (regex)').fill('[oops');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.locator('.fw-error').first().innerText()).toBe('prompt: not a valid regular expression');
    expect((await ui.api<PowerView>('firmwarePower', {})).config).toMatchObject({ prompt: saved.config!.type === 'poe-switch' ? saved.config!.prompt : '' });
    await panel.getByLabel('Prompt (regex)').fill(saved.config!.type === 'poe-switch' ? saved.config!.prompt : '');
    await panel.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => panel.locator('.fw-test').innerText(), { timeout: 15_000 }).toMatch(/Serial ports found: [\s\S]*cannot open serial port \/dev\/ttyPK-none[\s\S]*dialout/);
    await panel.scrollIntoViewIfNeeded();
    await ui.page.screenshot({ path: join(SHOTS, 'firmware-power-panel.png'), fullPage: true });
  }, 60_000);

  it('what the user types is kept when the saved settings arrive after it (late first load, reconnect)', async () => {
    // Hold the page's first read of the power settings until the user has chosen a device and typed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await ui.page.route('**/api/firmwarePower', async (route) => {
      await held;
      await route.continue();
    });
    await ui.page.goto('about:blank');
    await ui.page.goto(`${ui.serve.ui}#/firmware`);
    const panel = ui.page.locator('.fw-power');
    await panel.getByLabel('Device').selectOption('relay');
    await panel.getByLabel('Serial port').fill('/dev/ttyPK-late');
    release();
    // The queue arrives in the same store update as the power settings (three phones queued above).
    await expect.poll(() => ui.page.locator('.fw-queue tbody tr').count()).toBe(3);
    expect(await panel.getByLabel('Device').inputValue()).toBe('relay');
    expect(await panel.getByLabel('Serial port').inputValue()).toBe('/dev/ttyPK-late');
    await ui.page.unroute('**/api/firmwarePower');
  }, 60_000);
});
