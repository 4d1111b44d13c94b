/**
 * Size and seed of a fuzz run. `npm test` runs test/fuzz/ at CI size (the counts written in each
 * file, seconds); `npm run fuzz` (scripts/fuzz.mjs) runs it longer and with more seeds through
 * PROVKIT_FUZZ_SCALE (a multiplier of every count) and PROVKIT_FUZZ_SEED (replaces each file's
 * seed; a failure names the seed to replay with).
 */

/**
 * @param count the CI-sized number of inputs
 * @returns that count times PROVKIT_FUZZ_SCALE (default 1)
 * @throws Error when PROVKIT_FUZZ_SCALE is not a positive number
 */
export function fuzzCount(count: number): number {
  const raw = process.env.PROVKIT_FUZZ_SCALE;
  if (raw === undefined || raw === '') return count;
  const scale = Number(raw);
  if (!(scale > 0)) throw new Error(`PROVKIT_FUZZ_SCALE must be a positive number, not "${raw}"`);
  return Math.round(count * scale);
}

/**
 * @param seed the file's fixed seed
 * @returns PROVKIT_FUZZ_SEED when set (decimal or 0x hex), else `seed`
 * @throws Error when PROVKIT_FUZZ_SEED is not an integer
 */
export function fuzzSeed(seed: number): number {
  const raw = process.env.PROVKIT_FUZZ_SEED;
  if (raw === undefined || raw === '') return seed;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`PROVKIT_FUZZ_SEED must be an integer, not "${raw}"`);
  return n >>> 0;
}
