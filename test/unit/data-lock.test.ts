import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineBusyError, runningEngine } from '../../electron/cli/running-engine';
import { acquireDataLock, DataLockedError, readDataLock } from '../../electron/engine/data-lock';

/** A pid that surely ran and is gone: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('data folder lock', () => {
  it('refuses a live holder, names it and says how to stop it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-lock-'));
    await writeFile(join(dir, 'engine.lock'), JSON.stringify({ pid: process.ppid, kind: 'serve', startedAt: 1 }));
    const err = await acquireDataLock(dir, 'serve').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLockedError);
    expect((err as DataLockedError).message).toContain(`in use by \`provkit serve\` (pid ${process.ppid})`);
    expect((err as DataLockedError).fix).toContain(`kill ${process.ppid}`);
    expect(await readDataLock(dir)).toMatchObject({ pid: process.ppid });
  });

  it('takes over a stale lock (process gone) or a damaged one; release removes only its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-lock-'));
    await writeFile(join(dir, 'engine.lock'), JSON.stringify({ pid: deadPid(), kind: 'desktop', startedAt: 1 }));
    expect(await readDataLock(dir)).toBeUndefined();
    const lock = await acquireDataLock(dir, 'serve');
    await lock.setUiUrl('http://127.0.0.1:7780/');
    expect(JSON.parse(await readFile(join(dir, 'engine.lock'), 'utf8'))).toMatchObject({ pid: process.pid, kind: 'serve', uiUrl: 'http://127.0.0.1:7780/' });
    await lock.release();
    await expect(readFile(join(dir, 'engine.lock'))).rejects.toThrow(/ENOENT/);

    await writeFile(join(dir, 'engine.lock'), '{not json');
    const again = await acquireDataLock(dir, 'cli');
    // Someone else's lock written meanwhile is not removed by our release.
    await writeFile(join(dir, 'engine.lock'), JSON.stringify({ pid: process.ppid, kind: 'serve', startedAt: 2 }));
    await again.release();
    expect(JSON.parse(await readFile(join(dir, 'engine.lock'), 'utf8')).pid).toBe(process.ppid);
  });

  it('a CLI write next to the desktop app refuses and points to the app page; with no engine it opens the folder itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-lock-'));
    expect(await runningEngine(dir, 'inventory import', 'Inventory')).toBeUndefined();
    await writeFile(join(dir, 'engine.lock'), JSON.stringify({ pid: process.ppid, kind: 'desktop', startedAt: 1 }));
    const err = await runningEngine(dir, 'inventory import', 'Inventory').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineBusyError);
    expect((err as EngineBusyError).message).toBe(`${dir} is in use by the ProvKit app (pid ${process.ppid}); nothing was changed.`);
    expect((err as EngineBusyError).fix).toBe("Do it from the app's Inventory page, or close the app and run `provkit inventory import` again.");
  });
});
