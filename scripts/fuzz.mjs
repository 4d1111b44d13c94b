#!/usr/bin/env node
/**
 * `npm run fuzz [-- --scale N] [--seeds K] [--first-seed S]`: the fuzz tier (test/fuzz/) at more
 * than CI size. Runs vitest on test/fuzz/ once per seed with PROVKIT_FUZZ_SCALE=N (default 10: ten
 * times the inputs of `npm test`) and PROVKIT_FUZZ_SEED = S, S+1, … (default: each file's own seed
 * first, then 1, 2, …). Stops at the first failing seed and prints the command that replays it.
 * Exit code: 0 when every seed passed.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { scale: { type: 'string', default: '10' }, seeds: { type: 'string', default: '1' }, 'first-seed': { type: 'string' } } });
const seeds = Number(values.seeds);
if (!(Number(values.scale) > 0) || !Number.isInteger(seeds) || seeds < 1) {
  console.error('usage: node scripts/fuzz.mjs [--scale N>0] [--seeds K>=1] [--first-seed S]');
  process.exit(2);
}
for (let k = 0; k < seeds; k++) {
  const seed = values['first-seed'] !== undefined ? String(Number(values['first-seed']) + k) : k === 0 ? '' : String(k);
  const env = { ...process.env, PROVKIT_FUZZ_SCALE: values.scale, PROVKIT_FUZZ_SEED: seed };
  console.log(`── fuzz: scale ${values.scale}, seed ${seed || "each file's own"} ──`);
  const r = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', 'test/fuzz'], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`fuzz failed; replay: PROVKIT_FUZZ_SCALE=${values.scale} PROVKIT_FUZZ_SEED=${seed} npx vitest run test/fuzz`);
    process.exit(1);
  }
}
console.log(`fuzz: ${seeds} seed(s) passed at scale ${values.scale}`);
