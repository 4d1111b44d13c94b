#!/usr/bin/env node
/**
 * Start-up time of the `provkit` command: `provkit help` (bin/provkit.mjs running the JavaScript
 * build in out/cli) against `node -e 0`, the floor any Node command pays. Runs are interleaved
 * so machine load affects both alike; prints the median and the ratio. Goal: ratio ≤ 5.
 * Run: `node bench/cli-startup.mjs [--runs N]` (default 21). Builds out/cli first if it is stale.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { REPO } from './lib.mjs';

const i = process.argv.indexOf('--runs');
const runs = i >= 0 ? Number(process.argv[i + 1]) : 21;
const provkit = join(REPO, 'bin', 'provkit.mjs');

/** Wall time of one run of `node args` in ms; throws when it fails. */
function time(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`);
  return performance.now() - t;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
time([provkit, 'help']); // builds out/cli when stale; not counted
const floor = [];
const help = [];
for (let k = 0; k < runs; k++) {
  floor.push(time(['-e', '0']));
  help.push(time([provkit, 'help']));
}
const a = median(floor);
const b = median(help);
console.log('| measure | median (ms) |\n|---|---|');
console.log(`| node -e 0 | ${a.toFixed(0)} |`);
console.log(`| provkit help | ${b.toFixed(0)} |`);
console.log(`| ratio | ${(b / a).toFixed(2)}× (goal ≤ 5×) |`);
