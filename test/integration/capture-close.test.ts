/**
 * Closing a packet capture must leave nothing behind in Node's event loop. The `cap` binding stops
 * its libuv poll handle on close without closing it, so a closed capture freed by the garbage
 * collector left a dangling handle that later loop operations wrote into: `provkit dhcp serve`
 * died with SIGSEGV at random after a probe or address check. This runs a child that opens and
 * closes captures on loopback (closed inside and outside their packet callback, sockets opened and
 * closed beside them, GC forced) under valgrind, which reports any write into freed memory.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { loadCapture } from '../../electron/engine/dhcp/capture-backend';
import { REPO } from '../helpers/serve';

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (packet capture needs root)';
  if (!loadCapture().mod) return 'packet capture (npm package cap) is not available (see .ci/run)';
  try {
    execFileSync('sh', ['-c', 'command -v valgrind'], { stdio: 'ignore' });
  } catch {
    return 'valgrind not installed (see .ci/run)';
  }
  return undefined;
}
const why = missing();

describe.skipIf(Boolean(why))(`closed packet captures${why ? ` — skipped: ${why}` : ''}`, () => {
  it('leave no freed memory in the event loop, and sending on one is an error, not a crash', async () => {
    // One plain JavaScript file (no TypeScript loader under valgrind, which slows Node ~30×); kept
    // inside the repository so the `cap` package resolves from it.
    const outDir = join(REPO, 'test-results', 'capture-close');
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, 'churn.mjs');
    await build({ entryPoints: [join(REPO, 'test/integration/fixtures/capture-close-churn.ts')], bundle: true, platform: 'node', format: 'esm', outfile, external: ['cap'], logLevel: 'error' });
    const r = spawnSync('valgrind', ['--undef-value-errors=no', '--error-exitcode=99', '-q', process.execPath, '--expose-gc', outfile, '12'], { cwd: REPO, encoding: 'utf8', timeout: 400_000 });
    const report = `${r.stdout}\n${r.stderr}`;
    expect(report).not.toMatch(/Invalid (write|read)/);
    expect(r.status, report).toBe(0);
    expect(r.stdout).toMatch(/^ok 12 /m);
  }, 450_000);
});
