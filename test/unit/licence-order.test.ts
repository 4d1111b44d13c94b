/**
 * Licence orders (Polycom licensing bulletin: one activation file per order, covering every MAC of
 * the order): one import attaches the file to every inventory phone it names, reports the MACs not
 * in the inventory, keeps replaced files, and flags the reboot a new licence needs.
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LicenceStore, macsInActivationFile } from '../../electron/engine/inventory/licences';

const ORDER = join(import.meta.dirname, '..', 'fixtures', 'licences', 'order-three-phones.xml');

async function store() {
  const dir = await mkdtemp(join(tmpdir(), 'seed-licence-'));
  return { dir, licences: new LicenceStore(join(dir, 'root'), () => 'licences', join(dir, 'history')) };
}

describe('licence order', () => {
  it('finds every MAC the file names, in any notation, and nothing inside the keys', async () => {
    const xml = await readFile(ORDER, 'utf8');
    expect(macsInActivationFile(xml)).toEqual(['0004f2000101', '0004f2000102', '0004f2000103', '0004f2000199']);
  });

  it('a licence order covering three MACs is attached to all three in one step; the fourth MAC is reported', async () => {
    const { dir, licences } = await store();
    const inventory = new Set(['0004f2000101', '0004f2000102', '0004f2000103', '0004f2000555']);
    const content = await readFile(ORDER);
    const r = await licences.attachOrder(content, (m) => inventory.has(m));
    expect(r.attached).toEqual([
      { mac: '0004f2000101', path: 'licences/0004f2000101-license.cfg' },
      { mac: '0004f2000102', path: 'licences/0004f2000102-license.cfg' },
      { mac: '0004f2000103', path: 'licences/0004f2000103-license.cfg' },
    ]);
    expect(r.notInInventory).toEqual(['0004f2000199']);
    expect(r.rebootNeeded).toBe(true);
    for (const a of r.attached) expect(await readFile(join(dir, 'root', a.path))).toEqual(content);
    expect((await readdir(join(dir, 'root', 'licences'))).sort()).toEqual(['0004f2000101-license.cfg', '0004f2000102-license.cfg', '0004f2000103-license.cfg']);
    // Importing again keeps the previous files in the history, never deletes them.
    await licences.attachOrder(content, (m) => inventory.has(m));
    expect((await readdir(join(dir, 'history'))).length).toBe(3);
    const status = await licences.status({ mac: '0004f2000102' });
    expect(status.phoneFile?.path).toBe('licences/0004f2000102-license.cfg');
  });

  it('refuses a file that is not XML, or names no MAC, with what to do', async () => {
    const { dir, licences } = await store();
    await expect(licences.attachOrder(Buffer.from('not xml <'), () => true)).rejects.toThrow(/not well-formed XML/);
    await expect(licences.attachOrder(Buffer.alloc(0), () => true)).rejects.toThrow(/empty/);
    await writeFile(join(dir, 'x.xml'), '<a><b serial="1234"/></a>');
    await expect(licences.attachOrder(await readFile(join(dir, 'x.xml')), () => true)).rejects.toMatchObject({ message: /names no MAC address/, fix: /site licence/ });
  });
});
