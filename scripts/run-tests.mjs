#!/usr/bin/env node
/**
 * `npm test`: type-check each layer (shared/, renderer/, electron/ and the tests, each with its
 * own tsconfig.json), lint (layering rules included), build the web UI (the e2e tests load it) and
 * the CLI (out/cli, scripts/build-cli.mjs), then run every vitest suite (unit, integration with real clients, e2e in Debian's Chromium), and
 * print one closing line `tests: N passed, N failed, N skipped` (each check counts as a test).
 * `npm test -- <vitest filters>` runs only the matching vitest files, without the checks (the CLI
 * build still runs).
 * Exit code: 0 only when everything passed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const filters = process.argv.slice(2);

if (!existsSync(bin('vitest'))) {
  process.stdout.write('Dependencies are not installed: running `npm ci` first.\n');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
let passed = 0;
let failed = 0;
let skipped = 0;

function step(title, cmd, args) {
  process.stdout.write(`\n── ${title} ──\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } });
  return r.status === 0;
}

if (filters.length === 0) {
  for (const [title, cmd, args] of [
    // One program per layer, each with its own lib/types (shared: none, renderer: DOM, electron: Node).
    ['type-check shared/ (no DOM, no Node)', bin('tsc'), ['-p', 'shared/tsconfig.json', '--noEmit']],
    ['type-check renderer/ (DOM)', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']],
    ['type-check electron/ (Node; main and preload against electron.d.ts)', bin('tsc'), ['-p', 'electron/tsconfig.json', '--noEmit']],
    ['type-check tests, scripts, bench', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
    ['lint (eslint, layering rules)', bin('eslint'), ['.']],
    ['build web UI (vite)', bin('vite'), ['build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']],
  ]) {
    if (step(title, cmd, args)) passed++;
    else {
      failed++;
      process.stdout.write(`✗ ${title} failed\n`);
    }
  }
}

// The CLI's JavaScript build (out/cli), which tests that start `provkit` run: built here once,
// before vitest's parallel workers could each find it stale. Also with filters.
if (step('build CLI (esbuild → out/cli)', process.execPath, [join(root, 'scripts', 'build-cli.mjs')])) passed++;
else {
  failed++;
  process.stdout.write('✗ build CLI failed\n');
}

const report = join(root, 'test-results', 'vitest.json');
mkdirSync(dirname(report), { recursive: true });
rmSync(report, { force: true });
const ok = step('vitest (unit, integration, e2e)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...filters]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  if (!ok && r.numFailedTests === 0) failed++; // a suite failed to load or a run error
} else if (!ok) failed++;

process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);
