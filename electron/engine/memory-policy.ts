/**
 * The engine's memory policy for its JavaScript heaps: how far they may grow past what is alive
 * ({@link limitHeapGrowth}), and the HTTP front's young generation ({@link frontYoungGenerationMb}).
 *
 * How far the JavaScript heap may grow past what is alive before V8 collects it. V8 sizes the next
 * major collection from the live heap times a factor it picks from collection and allocation
 * speed, up to 4× on a machine with plenty of memory. While phones boot, the engine allocates fast
 * (one short-lived record, event and line of log per request), so with 60–80 MB alive the heap grew
 * to 220–270 MB and the process to 400–470 MB at 1,000 phones, almost all of it garbage waiting
 * for a collection. A fixed factor (V8's `--heap-growing-percent`) keeps it near the live size;
 * the cost is more frequent (concurrent) major collections.
 *
 * The flag is process-wide and set once, before the servers start: worker threads started after it
 * (HTTP front, TFTP transfers) follow it too. Sources: V8 `heap-controller.cc` (growing factor),
 * Node.js `v8.setFlagsFromString`.
 */
import { setFlagsFromString } from 'node:v8';

/** Heap growth allowed past the live size, percent (V8's own choice goes up to 300). */
export const HEAP_GROWING_PERCENT = 50;

let applied: number | undefined;

/**
 * Set V8's heap growing factor for this process (once; later calls return what was set).
 * @param env `PROVKIT_HEAP_GROWING_PERCENT`: another percent, or `0` to leave V8's own choice
 *   (for measurements)
 * @returns the percent now in force (0 = V8's own choice)
 * @throws never: an unusable value in the environment falls back to {@link HEAP_GROWING_PERCENT}
 */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env): number {
  if (applied !== undefined) return applied;
  const raw = env.PROVKIT_HEAP_GROWING_PERCENT;
  const asked = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  const percent = Number.isInteger(asked) && asked >= 0 && asked <= 1000 ? asked : HEAP_GROWING_PERCENT;
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
  applied = percent;
  return percent;
}

/**
 * Young generation of the HTTP front's worker thread, MiB (V8 splits it into two semi-spaces and
 * a space for large new objects: 24 MiB gives 8 MiB semi-spaces). The front keeps little alive
 * (its old generation used 8–16 MiB after most 5,000-phone runs, up to 45) and what it allocates
 * per request dies young, but V8's default young generation grows to two 16 MiB semi-spaces, and
 * both get touched: 32 MiB of resident memory. At 24 MiB: the front's heap 42–83 MiB against
 * 56–98 MiB after a 5,000-phone run, its scavenges about a fifth longer in total
 * (bench/RESULTS.md).
 */
export const FRONT_YOUNG_GENERATION_MB = 24;

/**
 * The young generation to start the HTTP front's worker with (Node.js `Worker` option
 * `resourceLimits.maxYoungGenerationSizeMb`).
 * @param env `PROVKIT_FRONT_YOUNG_MB`: another size in MiB (8–256), or `0` to leave V8's own
 *   (for measurements)
 * @returns MiB, or undefined for V8's own
 * @throws never: an unusable value falls back to {@link FRONT_YOUNG_GENERATION_MB}
 */
export function frontYoungGenerationMb(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.PROVKIT_FRONT_YOUNG_MB;
  const asked = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  if (asked === 0) return undefined;
  return Number.isInteger(asked) && asked >= 8 && asked <= 256 ? asked : FRONT_YOUNG_GENERATION_MB;
}
