/**
 * `provkit serve` started as the `provkit` command runs (bin/provkit.mjs through its first line)
 * gets the engine's memory settings (electron/engine/memory-policy.ts): the process's own
 * environment and arguments (/proc) carry them and it prints no memory warning. Started as
 * `node bin/provkit.mjs serve`, it says which settings it runs without.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServe } from '../helpers/serve';

describe('launch settings of provkit serve', () => {
  it.runIf(process.platform === 'linux')('as the provkit command: MALLOC_ARENA_MAX and the semi-space flag are in force, no warning', async () => {
    const s = await startServe(['--no-ftp', '--no-tftp'], 30_000, true);
    onTestFinished(() => void s.stop());
    const pid = s.child.pid!;
    // env -S replaced itself with node: the process started is node, with the setting in its environment.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain('--max-semi-space-size=8');
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    expect(s.output()).not.toMatch(/Memory:/);
  });

  it('as `node bin/provkit.mjs serve`: says what it runs without and how to start it instead', async () => {
    const s = await startServe(['--no-ftp', '--no-tftp']);
    onTestFinished(() => void s.stop());
    expect(s.output()).toMatch(/Memory: started without (MALLOC_ARENA_MAX=2 and )?--max-semi-space-size=8: with thousands of phones the process holds up to about 50 MB more\./);
    expect(s.output()).toContain('Start it as `provkit serve`');
  });
});
