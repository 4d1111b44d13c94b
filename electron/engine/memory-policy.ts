/**
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
