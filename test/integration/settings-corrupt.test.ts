/**
 * A corrupt `settings.json` does not stop the engine: the file is kept aside as
 * `settings.json.corrupt-<time>`, a warning names both files, and the engine starts with defaults.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../electron/engine/engine';
import type { LogSink } from '../../electron/engine/logger';
import { DEFAULT_SETTINGS } from '../../electron/engine/settings';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('corrupt settings file', () => {
  it('is kept aside, named in a warning, and the engine starts with defaults', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pk-setcorrupt-'));
    await writeFile(join(dir, 'settings.json'), '{"http": {"enabled": tr');
    const lines: string[] = [];
    const sink: LogSink = (r) => void lines.push(`${r.level} ${r.message}`);
    const engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: sink });
    try {
      const names = await readdir(dir);
      const kept = names.find((n) => /^settings\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/.test(n));
      expect(kept, names.join(', ')).toBeTruthy();
      expect(await readFile(join(dir, kept!), 'utf8')).toBe('{"http": {"enabled": tr');
      const warn = lines.find((l) => l.includes('could not be read'));
      expect(warn).toContain(join(dir, 'settings.json'));
      expect(warn).toContain(join(dir, kept!));
      expect(warn).toMatch(/started with default settings/);
      expect(engine.settings.get('http').port).toBe(DEFAULT_SETTINGS.http.port);
    } finally {
      await engine.close();
    }
  }, 30_000);
});
