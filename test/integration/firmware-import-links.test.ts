/**
 * Imports never follow links and refuse zip bombs, leaving nothing behind: a folder with a
 * symbolic link (`sip.ld` → a file outside, the way a local-file-read attack plants it), a
 * symlinked folder, a FIFO, a zip made by the real `zip -y` with a symlink entry, and a zip whose
 * entry expands 1000× (a sparse file of zeros zipped by the real `zip`, not by ProvKit).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadPackageError } from '../../electron/engine/firmware/package-reader';
import { FirmwareService } from '../../electron/engine/firmware/service';
import { writePackageFolder } from '../helpers/firmware';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';

let fx: ProvisioningFixture;
let svc: FirmwareService;

beforeAll(async () => {
  fx = await provisioningFixture();
  svc = new FirmwareService({ dataDir: fx.dir, resolver: fx.resolver, requestLog: fx.log, logger: fx.logger });
  await svc.load();
});
afterAll(async () => {
  await svc.close();
  await rm(fx.dir, { recursive: true, force: true });
});

/** Nothing imported: no version folder, no staging folder, no index entry. */
async function nothingWritten(): Promise<void> {
  expect(svc.repo.view().images).toEqual([]);
  expect((await readdir(join(fx.dir, 'firmware'))).filter((n) => n !== 'index.json')).toEqual([]);
}

describe('firmware import without links', () => {
  it('refuses a folder holding a symlink (sip.ld → a file outside) and a symlinked folder; nothing written', async () => {
    const secret = join(fx.outside, 'private-key.pem');
    await writeFile(secret, 'SECRET KEY MATERIAL');
    const folder = await writePackageFolder(fx.outside, 'linked', '6.4.5.1210', ['VVX400']);
    await symlink(secret, join(folder, 'sip.ld'));
    await expect(svc.repo.importPath(folder)).rejects.toThrow(/sip\.ld in .* is a symbolic link: ProvKit never follows links/);
    await nothingWritten();

    const real = await writePackageFolder(fx.outside, 'real', '6.4.5.1210', ['VVX400']);
    const link = join(fx.outside, 'via-link');
    await symlink(real, link);
    await expect(svc.repo.importPath(link)).rejects.toThrow(/via-link is a symbolic link/);
    await nothingWritten();
  });

  it('refuses a special file (FIFO) in a folder', async () => {
    const folder = await writePackageFolder(fx.outside, 'fifo', '6.4.5.1210', ['VVX400']);
    execFileSync('mkfifo', [join(folder, 'sip.ld')]);
    await expect(svc.repo.importPath(folder)).rejects.toThrow(/sip\.ld in .* is not a regular file/);
    await nothingWritten();
  });

  it('refuses a zip with a symlink entry (made by zip -y)', async () => {
    const dir = join(fx.outside, 'zip-link');
    await mkdir(dir);
    await writeFile(join(dir, 'sip.ver'), '6.4.5.1210\n');
    await symlink('/etc/passwd', join(dir, 'sip.ld'));
    const zip = join(fx.outside, 'link.zip');
    execFileSync('zip', ['-q', '-y', '-j', zip, join(dir, 'sip.ver'), join(dir, 'sip.ld')]);
    await expect(svc.repo.importPath(zip)).rejects.toThrow(/sip\.ld in .* is a symbolic link: ProvKit never imports links/);
    await nothingWritten();
  });

  it('refuses a zip bomb (an entry expanding 1000×) naming the entry, before expanding it', async () => {
    const zip = join(fx.outside, 'bomb.zip');
    // A sparse 400 MiB file of zeros (no disk used) zipped by the real zip tool: about 400 KB.
    const big = join(fx.outside, 'bomb');
    await mkdir(big);
    execFileSync('truncate', ['-s', '419430400', join(big, '3111-46135-002.sip.ld')]);
    execFileSync('zip', ['-q', '-j', zip, join(big, '3111-46135-002.sip.ld')]);
    const started = Date.now();
    const err = await svc.repo.importPath(zip).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadPackageError);
    expect((err as Error).message).toMatch(/3111-46135-002\.sip\.ld in .* expands \d+× \(419430400 bytes from \d+\): over the 100× limit/);
    expect(Date.now() - started).toBeLessThan(5000); // refused from the header, not after expanding 400 MB
    await nothingWritten();
  });
});
