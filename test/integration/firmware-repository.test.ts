import { createHash } from 'node:crypto';
import { readdir, readFile, rm, truncate, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirmwareImportError } from '../../electron/engine/firmware/importer';
import { BadPackageError } from '../../electron/engine/firmware/package-reader';
import { FirmwareService } from '../../electron/engine/firmware/service';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { makeSimImage } from '../../electron/engine/simulator/firmware-bench';
import { provisioningFixture, type ProvisioningFixture } from '../helpers/provisioning';
import { writePackageFolder, zipFolder } from '../helpers/firmware';
import { run } from '../helpers/run';

let fx: ProvisioningFixture;
let svc: FirmwareService;
let http: HttpProvisioningServer;
let base: string;

beforeAll(async () => {
  fx = await provisioningFixture();
  svc = new FirmwareService({ dataDir: fx.dir, resolver: fx.resolver, requestLog: fx.log, logger: fx.logger });
  await svc.load();
  http = new HttpProvisioningServer(fx.resolver, fx.log, fx.logger);
  const port = await http.start({ bind: '127.0.0.1', port: 0, pathPrefix: '' });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await http.stop();
  await svc.close();
  await rm(fx.dir, { recursive: true, force: true });
});

describe('firmware repository', () => {
  it('imports a split zip: images by part number and sip.ver version, size and SHA-256; other files skipped', async () => {
    const folder = await writePackageFolder(fx.outside, 'split-5.9.6', '5.9.6.2327', ['VVX400', 'VVX310'], 100_000, { 'ReleaseNotes.txt': 'notes', 'sip.cfg': '<x/>' });
    const zip = zipFolder(folder, join(fx.outside, 'UCS_5.9.6_split.zip'));
    const r = await svc.repo.importPath(zip);
    expect(r.imported.map((i) => `${i.name} ${i.version} ${i.size}`).sort()).toEqual(['3111-46157-002.sip.ld 5.9.6.2327 100000', '3111-46161-001.sip.ld 5.9.6.2327 100000']);
    expect(r.imported[0]!.sha256).toBe(createHash('sha256').update(makeSimImage('5.9.6.2327', 100_000)).digest('hex'));
    expect(r.skipped.map((s) => s.name).sort()).toEqual(['ReleaseNotes.txt', 'sip.cfg']);
    expect(await readdir(join(fx.dir, 'firmware', '5.9.6.2327'))).toHaveLength(2);
    const again = await svc.repo.importPath(zip);
    expect(again.imported).toEqual([]);
    expect(again.unchanged).toHaveLength(2);
  });
  it('imports a folder and keeps versions side by side; the first import of a name becomes active', async () => {
    const folder = await writePackageFolder(fx.outside, 'split-5.4.3', '5.4.3.2036', ['VVX400'], 50_000);
    await svc.repo.importPath(folder);
    expect(svc.repo.versionsFor('VVX400')).toEqual(['5.9.6.2327', '5.4.3.2036']);
    expect(svc.repo.view().active['3111-46157-002.sip.ld']).toBe('5.9.6.2327');
  });
  it('serves the active image at <part>.sip.ld over HTTP, and a per-phone assignment to that phone only', async () => {
    const got = await run('curl', ['-s', '-o', '-', '-w', '%{http_code}', `${base}/3111-46157-002.sip.ld`]);
    expect(got.stdout.startsWith('PROVKIT-SIM-IMAGE 5.9.6.2327')).toBe(true);
    svc.source.assign('0004f2000001', { model: 'VVX400', kind: 'application', version: '5.4.3.2036' });
    const ua = 'FileTransport PolycomVVX-VVX_400-UA/5.9.5.0614 (SN:0004f2000001) Type/Updater';
    const mine = await run('curl', ['-s', '-A', ua, '-r', '0-40', `${base}/3111-46157-002.sip.ld`]);
    expect(mine.stdout).toMatch(/^PROVKIT-SIM-IMAGE 5\.4\.3\.2036/);
    const other = await run('curl', ['-s', '-A', ua.replace('000001', '000002'), '-r', '0-40', `${base}/3111-46157-002.sip.ld`]);
    expect(other.stdout).toMatch(/^PROVKIT-SIM-IMAGE 5\.9\.6\.2327/);
    svc.source.unassign('0004f2000001');
  });
  it('a real file in the provisioning root wins over the repository', async () => {
    await writeFile(join(fx.root, '3111-46161-001.sip.ld'), 'hand-made');
    expect((await run('curl', ['-s', `${base}/3111-46161-001.sip.ld`])).stdout).toBe('hand-made');
    await rm(join(fx.root, '3111-46161-001.sip.ld'));
  });
  it('a damaged zip is refused and leaves nothing behind', async () => {
    const folder = await writePackageFolder(fx.outside, 'split-6', '6.4.5.1210', ['VVX400'], 200_000);
    const zip = zipFolder(folder, join(fx.outside, 'bad.zip'));
    const size = (await stat(zip)).size;
    const bytes = await readFile(zip);
    const at = Math.floor(size / 3);
    bytes[at] = bytes[at]! ^ 0xff; // corrupt image data inside the archive
    await writeFile(zip, bytes);
    await expect(svc.repo.importPath(zip)).rejects.toBeInstanceOf(BadPackageError);
    const trunc = zipFolder(folder, join(fx.outside, 'trunc.zip'));
    await truncate(trunc, 1000);
    await expect(svc.repo.importPath(trunc)).rejects.toThrow(/not a readable zip|damaged/);
    expect(svc.repo.versionsFor('VVX400')).not.toContain('6.4.5.1210');
    expect((await readdir(join(fx.dir, 'firmware'))).filter((n) => n.startsWith('.import-') || n === '6.4.5.1210')).toEqual([]);
  });
  it('a package without a version, without images, or with an unknown part number is reported', async () => {
    const folder = await writePackageFolder(fx.outside, 'noversion', '1.2.3', ['VVX400']);
    await rm(join(folder, 'sip.ver'));
    await expect(svc.repo.importPath(folder)).rejects.toThrow(/no sip\.ver and no version in the package name/);
    const docs = await writePackageFolder(fx.outside, 'docs-only', '1.2.3', []);
    await rm(join(docs, 'sip.ver'));
    await writeFile(join(docs, 'readme.txt'), 'x');
    await expect(svc.repo.importPath(docs)).rejects.toBeInstanceOf(FirmwareImportError);
    const odd = await writePackageFolder(fx.outside, 'odd', '5.9.7.4477', ['VVX400']);
    await writeFile(join(odd, '9999-99999-999.sip.ld'), 'x');
    const r = await svc.repo.importPath(odd);
    expect(r.skipped).toEqual([expect.objectContaining({ name: '9999-99999-999.sip.ld', reason: expect.stringMatching(/not in the model table/) })]);
  });
});
