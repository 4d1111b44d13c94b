/**
 * Temporary files a killed engine left behind in the firmware folder (`<file>.<pid>.<ms>.tmp` of
 * an interrupted atomic write) are removed when the engine starts; the real files stay.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('firmware folder after a crash', () => {
  it('has no leftover *.tmp files once the engine started', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-fwtmp-'));
    const fw = join(dir, 'firmware');
    await mkdir(join(fw, 'reports'), { recursive: true });
    await writeFile(join(fw, 'queue.json'), JSON.stringify({ version: 1, runId: 'r', paused: false, phones: [] }));
    await writeFile(join(fw, 'queue.json.999999.1765000000000.tmp'), '{"half":');
    await writeFile(join(fw, 'index.json.999999.1765000000001.tmp'), '');
    await writeFile(join(fw, 'reports', 'bench-run-x.txt.999999.1765000000002.tmp'), 'half a report');
    await writeFile(join(fw, 'reports', 'bench-run-x.txt'), 'a report');
    const engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink });
    try {
      expect((await readdir(fw)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(await readdir(join(fw, 'reports'))).toEqual(['bench-run-x.txt']);
      expect(await readdir(fw)).toContain('queue.json');
    } finally {
      await engine.close();
    }
  });
});
