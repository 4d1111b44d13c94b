/**
 * RootFiles.lookupAgain: the "is it a directory?" asked after a lookup found no file reuses that
 * lookup within one event-loop turn, never remembers a file, and keeps refusing links out of the root.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RootFiles } from '../../electron/engine/provisioning/root-files';

let dir: string;
let files: RootFiles;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'provkit-root-'));
  files = new RootFiles(join(dir, 'root'));
  await files.init();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RootFiles.lookupAgain', () => {
  it('answers from the lookup made in the same turn, and looks again in the next one', async () => {
    expect(await files.lookup('sub')).toBeUndefined();
    mkdirSync(join(files.root, 'sub')); // made in the same turn: the earlier answer stands for it
    expect(await files.lookupAgain('sub')).toBeUndefined();
    await nextTurn();
    expect(await files.lookupAgain('sub')).toMatchObject({ kind: 'directory' });
    expect(await files.lookup('sub')).toMatchObject({ kind: 'directory' });
    rmSync(join(files.root, 'sub'), { recursive: true });
    expect(await files.lookupAgain('sub')).toMatchObject({ kind: 'directory' }); // same turn as the lookup
    await nextTurn();
    expect(await files.lookupAgain('sub')).toBeUndefined();
  });

  it('never remembers a file: a file found, or created after a miss, is looked up afresh', async () => {
    expect(await files.lookup('a.cfg')).toBeUndefined();
    writeFileSync(join(files.root, 'a.cfg'), 'x');
    expect(await files.lookup('a.cfg')).toMatchObject({ kind: 'file', size: 1 }); // lookup itself never reuses
    writeFileSync(join(files.root, 'a.cfg'), 'xyz');
    expect(await files.lookupAgain('a.cfg')).toMatchObject({ kind: 'file', size: 3 });
  });

  it('a link leading out of the root stays refused, however it is asked', async () => {
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'outside', 'secret.txt'), join(files.root, 'link-out.cfg'));
    symlinkSync(join(dir, 'outside'), join(files.root, 'dir-out'));
    for (const rel of ['link-out.cfg', 'dir-out', 'dir-out/secret.txt']) {
      expect(await files.lookup(rel), rel).toBeUndefined();
      expect(await files.lookupAgain(rel), rel).toBeUndefined();
      await nextTurn();
      expect(await files.lookupAgain(rel), rel).toBeUndefined();
    }
  });
});
