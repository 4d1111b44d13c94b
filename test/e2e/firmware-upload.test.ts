/**
 * e2e: a firmware package picked in the browser (headless `provkit serve`) is streamed to the
 * engine (`POST /api/upload/firmware`) with progress and imported; the staging copy is removed.
 * A non-package upload is refused with the importer's reason.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePackageFolder, zipFolder } from '../helpers/firmware';
import { withUiSession, type UiSession } from '../helpers/ui-session';

let ui!: UiSession;
withUiSession((s) => (ui = s));

describe('Firmware page: package upload from the browser', () => {
  it('uploads a zip with progress and imports it', async () => {
    const folder = await writePackageFolder(ui.serve.dataDir, 'up', '6.4.3.5610', ['VVX400', 'VVX310'], 2 * 1024 * 1024);
    const zip = zipFolder(folder, join(ui.serve.dataDir, 'UCS_6.4.3_split.zip'));
    await ui.page.goto(`${ui.serve.ui}#/firmware`);
    await ui.page.getByLabel('Firmware package file').setInputFiles(zip);
    await expect.poll(() => ui.page.locator('.fw-table').first().innerText(), { timeout: 30_000 }).toContain('6.4.3.5610');
    await expect.poll(() => ui.page.locator('.fw-section').first().innerText()).toMatch(/Imported 2 image\(s\) from UCS_6\.4\.3_split\.zip/);
    expect((await readdir(join(ui.serve.dataDir, 'firmware'))).filter((n) => n.startsWith('.import'))).toEqual([]);

    const bad = join(ui.serve.dataDir, 'notes.zip');
    await writeFile(bad, 'not a zip at all');
    await ui.page.getByLabel('Firmware package file').setInputFiles(bad);
    await expect.poll(() => ui.page.locator('.fw-error').first().innerText(), { timeout: 30_000 }).toMatch(/notes\.zip/);
  }, 90_000);
});
