import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';

/** A fresh copy of the module (the policy is applied once per process). */
async function fresh(): Promise<typeof import('../../electron/engine/memory-policy')> {
  vi.resetModules();
  return import('../../electron/engine/memory-policy');
}

describe('limitHeapGrowth', () => {
  it('sets the default growth once; later calls say what is in force', async () => {
    const m = await fresh();
    expect(m.limitHeapGrowth({})).toBe(m.HEAP_GROWING_PERCENT);
    expect(m.limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: '10' })).toBe(m.HEAP_GROWING_PERCENT);
  });

  it('takes another percent, or 0 for the choice V8 makes itself, from the environment; ignores nonsense', async () => {
    expect((await fresh()).limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: '0' })).toBe(0);
    expect((await fresh()).limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: '80' })).toBe(80);
    const m = await fresh();
    expect(m.limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: 'lots' })).toBe(m.HEAP_GROWING_PERCENT);
    const n = await fresh();
    expect(n.limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: '-5' })).toBe(n.HEAP_GROWING_PERCENT);
  });
});

describe('frontYoungGenerationMb', () => {
  it('gives the HTTP front its smaller young generation unless told otherwise', async () => {
    const m = await fresh();
    expect(m.frontYoungGenerationMb({})).toBe(m.FRONT_YOUNG_GENERATION_MB);
    expect(m.frontYoungGenerationMb({ PROVKIT_FRONT_YOUNG_MB: '48' })).toBe(48);
    expect(m.frontYoungGenerationMb({ PROVKIT_FRONT_YOUNG_MB: '0' })).toBeUndefined();
  });

  it('ignores sizes V8 could not use or that make no sense', async () => {
    const m = await fresh();
    for (const raw of ['4', '1000', '12.5', 'big', ' ', '-24']) expect(m.frontYoungGenerationMb({ PROVKIT_FRONT_YOUNG_MB: raw })).toBe(m.FRONT_YOUNG_GENERATION_MB);
  });
});

describe('launch settings', () => {
  it('bin/provkit.mjs starts with LAUNCH_SHEBANG, and the scripts that start node themselves read the same settings from it', async () => {
    const m = await fresh();
    const { readFileSync } = await import('node:fs');
    const { launchSettings, PROVKIT_BIN } = await import('../../scripts/launch-settings.mjs');
    expect(readFileSync(PROVKIT_BIN, 'utf8').split('\n', 1)[0]).toBe(m.LAUNCH_SHEBANG);
    expect(launchSettings()).toEqual({ env: { MALLOC_ARENA_MAX: String(m.MALLOC_ARENA_MAX) }, nodeArgs: [`--max-semi-space-size=${m.MAIN_SEMI_SPACE_MB}`] });
  });

  it('reads a plain `env node` line as no settings, and refuses a line that does not run node', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { launchSettings } = await import('../../scripts/launch-settings.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'provkit-launch-'));
    writeFileSync(join(dir, 'plain.mjs'), '#!/usr/bin/env node\n');
    expect(launchSettings(join(dir, 'plain.mjs'))).toEqual({ env: {}, nodeArgs: [] });
    writeFileSync(join(dir, 'sh.mjs'), '#!/bin/sh\n');
    expect(() => launchSettings(join(dir, 'sh.mjs'))).toThrow(/sh\.mjs: its first line does not run node/);
    writeFileSync(join(dir, 'bad.mjs'), '#!/usr/bin/env -S FOO node\n');
    expect(() => launchSettings(join(dir, 'bad.mjs'))).toThrow(/"FOO" in its first line is not NAME=VALUE/);
  });

  it('names the settings a process runs without; a value the user set counts as set; the arena cap only on Linux', async () => {
    const m = await fresh();
    expect(m.missingLaunchSettings([], {}, 'linux')).toEqual(['MALLOC_ARENA_MAX=2', '--max-semi-space-size=8']);
    expect(m.missingLaunchSettings(['--max-semi-space-size=8'], { MALLOC_ARENA_MAX: '2' }, 'linux')).toEqual([]);
    expect(m.missingLaunchSettings(['--max-semi-space-size', '4'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' }, 'linux')).toEqual([]);
    expect(m.missingLaunchSettings([], { NODE_OPTIONS: '--max-old-space-size=512 --max_semi_space_size=16', MALLOC_ARENA_MAX: '8' }, 'linux')).toEqual([]);
    expect(m.missingLaunchSettings(['--max-semi-space-size-x=1'], {}, 'darwin')).toEqual(['--max-semi-space-size=8']);
    expect(m.missingLaunchSettings(['--max-semi-space-size=8'], {}, 'win32')).toEqual([]);
  });

  it('gives another engine process (the desktop app\'s) the settings its environment lacks; the user\'s own values win', async () => {
    const m = await fresh();
    const o = m.launchOptionsFor({ PATH: '/bin', HOME: undefined }, 'linux');
    expect(o).toEqual({ env: { PATH: '/bin', MALLOC_ARENA_MAX: '2' }, execArgv: ['--max-semi-space-size=8'] });
    expect(m.launchOptionsFor({ MALLOC_ARENA_MAX: '4', NODE_OPTIONS: '--max-semi-space-size=16' }, 'linux')).toEqual({ env: { MALLOC_ARENA_MAX: '4', NODE_OPTIONS: '--max-semi-space-size=16' }, execArgv: [] });
    expect(m.launchOptionsFor({}, 'darwin')).toEqual({ env: {}, execArgv: ['--max-semi-space-size=8'] });
  });

  it('a Node process started with those options (as Electron forks the engine) runs with all the settings', async () => {
    const m = await fresh();
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.NODE_OPTIONS;
    const o = m.launchOptionsFor(env, process.platform);
    const probe = 'console.log(JSON.stringify({ argv: process.execArgv, arena: process.env.MALLOC_ARENA_MAX ?? null }))';
    const r = spawnSync(process.execPath, [...o.execArgv, '-e', probe], { env: o.env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout) as { argv: string[]; arena: string | null };
    expect(m.missingLaunchSettings(seen.argv, { MALLOC_ARENA_MAX: seen.arena ?? undefined }, process.platform)).toEqual([]);
  });
});
