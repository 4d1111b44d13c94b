/**
 * e2e: the Firmware page in Chromium against `provkit serve`: a package imported through the API
 * shows in the repository table; queued phones show with their step; a simulated phone downloading
 * its image moves its row live. Screenshots go to test/e2e/screenshots/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePackageFolder } from '../helpers/firmware';
import { REPO } from '../helpers/serve';
import { run } from '../helpers/run';
import { SHOTS, withUiSession, type UiSession } from '../helpers/ui-session';

let ui!: UiSession;
withUiSession((s) => (ui = s));

describe('Firmware page', () => {
  it('shows the repository, the queue and a phone upgraded live', async () => {
    const pkg = await writePackageFolder(ui.serve.dataDir, 'pkg', '5.9.6.2327', ['VVX400', 'VVX310'], 3 * 1024 * 1024, { 'ReleaseNotes.txt': 'x' });
    await ui.api('firmwareImport', { path: pkg });
    await ui.api('firmwareQueueConfigure', { serverUrl: ui.serve.http, stepTimeoutMs: 600_000 });
    await ui.api('firmwareQueueAdd', {
      phones: [
        { mac: '0004f2e2e001', model: 'VVX400', current: '5.4.3.2036', outlet: 1 },
        { mac: '0004f2e2e002', model: 'VVX310', current: '5.2.2.0501', outlet: 2 },
        { mac: '64167f000003', model: 'VVX400', current: '5.9.6.2327' },
      ],
    });
    await ui.page.goto(`${ui.serve.ui}#/firmware`);
    await expect.poll(() => ui.page.locator('.fw-table').first().innerText()).toContain('3111-46157-002');
    await expect.poll(() => ui.page.locator('.fw-queue tbody tr').count()).toBe(3);
    await expect.poll(() => ui.page.locator('.fw-queue').innerText()).toContain('Done');
    const sim = await run(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', ui.serve.http, '--mac', '0004f2e2e001', '--model', 'VVX400', '--tag-serial', '--json'], { cwd: REPO, timeoutMs: 60_000 });
    expect(sim.code, sim.stderr).toBe(0);
    const row = ui.page.locator('.fw-queue tbody tr', { hasText: '0004f2e2e001' });
    // The plain simulator downloads the whole image, then starts its application reporting 5.9.6.2327.
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toMatch(/Done[\s\S]*3 MiB of 3 MiB[\s\S]*now on 5\.9\.6\.2327/);
    await expect.poll(() => ui.page.locator('.fw-overall').innerText()).toMatch(/2 of 3 finished — 2 done, 0 failed, 1 running/);
    await ui.page.screenshot({ path: join(SHOTS, 'firmware-ui.page.png'), fullPage: true });
  }, 90_000);
});
