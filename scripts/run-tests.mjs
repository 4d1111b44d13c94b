#!/usr/bin/env node
/**
 * `npm test`: type-check, lint (layering rules included), build the web UI (the e2e tests load it),
 * then run every vitest suite (unit, integration with real clients, e2e in Debian's Chromium), and
 * print one closing line `tests: N passed, N failed, N skipped` (the three checks count as tests).
 * `npm test -- <vitest filters>` runs only the matching vitest files, without the checks.
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
    ['type-check (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
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
