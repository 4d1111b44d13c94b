/**
 * The engine's memory policy: how far its JavaScript heaps may grow past what is alive
 * ({@link limitHeapGrowth}), the HTTP front's young generation ({@link frontYoungGenerationMb}), and
 * the settings the process must be started with ({@link LAUNCH_SHEBANG}, {@link missingLaunchSettings}).
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

/**
 * Heap growth allowed past the live size, percent (V8's own choice goes up to 300). 30 rather than
 * 50 once the launch settings below were in force: the server 6–20 MiB smaller after 1,000- and
 * 5,000-phone runs, no slower within what this machine can tell (interleaved runs, bench/RESULTS.md).
 */
export const HEAP_GROWING_PERCENT = 30;

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

/**
 * glibc's cap on malloc arenas for the engine process (`MALLOC_ARENA_MAX`, glibc manual "Memory
 * Allocation Tunables", `glibc.malloc.arena_max`; default 8 per CPU). Each thread that meets a busy
 * arena gets its own, and what a thread frees stays in its arena: after 5,000 phones, 35 MiB lay free
 * in the arenas of the main thread, the HTTP front and V8's compiler threads. With 2 arenas the
 * process held 248–282 MiB after a 5,000-phone run against 286–333 without, at the same speed
 * (bench/RESULTS.md). glibc reads it once, when the process starts: `bin/provkit.mjs` sets it in its
 * first line (see {@link LAUNCH_SHEBANG}). Other C libraries (musl, macOS, Windows) ignore it.
 */
export const MALLOC_ARENA_MAX = 2;

/**
 * The main thread's semi-spaces, MiB (Node.js `--max-semi-space-size`; V8's default 16). The young
 * generation is two of them, both touched while phones boot: 16 MiB of resident memory less, for
 * the main thread's scavenges about a third longer in total (bench/RESULTS.md). A startup flag: set by
 * `bin/provkit.mjs`'s first line.
 */
export const MAIN_SEMI_SPACE_MB = 8;

/**
 * The first line `bin/provkit.mjs` starts with (a test checks it): `env -S` sets the environment
 * and splits the arguments (GNU coreutils and BSD `env`; npm's Windows command shim reads the same
 * line). BusyBox's `env` has no `-S`: there, run `node bin/provkit.mjs`, without these settings.
 */
export const LAUNCH_SHEBANG = `#!/usr/bin/env -S MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX} node --max-semi-space-size=${MAIN_SEMI_SPACE_MB}`;

/**
 * The launch settings above that this process runs without (started as `node bin/provkit.mjs`,
 * say). A value the user set themselves counts as set.
 * @param execArgv Node's own arguments (`process.execArgv`)
 * @param env the environment (`NODE_OPTIONS`, `MALLOC_ARENA_MAX`, `GLIBC_TUNABLES`)
 * @param platform `process.platform`: the arena cap matters on Linux only
 * @returns each missing setting as it would be given (`MALLOC_ARENA_MAX=2`, `--max-semi-space-size=8`); empty when all are in force
 */
export function missingLaunchSettings(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const missing: string[] = [];
  if (platform === 'linux' && !env.MALLOC_ARENA_MAX && !/glibc\.malloc\.arena_max=/.test(env.GLIBC_TUNABLES ?? '')) missing.push(`MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX}`);
  const semi = /(^|\s)--max[-_]semi[-_]space[-_]size(=|\s|$)/;
  if (!execArgv.some((a) => semi.test(a)) && !semi.test(env.NODE_OPTIONS ?? '')) missing.push(`--max-semi-space-size=${MAIN_SEMI_SPACE_MB}`);
  return missing;
}

/**
 * How to start another engine process with the launch settings (the desktop app's engine process,
 * Electron `utilityProcess.fork`'s `env` and `execArgv` options): the settings
 * {@link missingLaunchSettings} finds missing from `env`, the rest of `env` kept as it is.
 * @param env the environment the child would inherit (`process.env` of the desktop's main process)
 * @param platform `process.platform`
 * @returns `env` (string values only) with `MALLOC_ARENA_MAX` added when missing, and the Node
 *   arguments to add (`--max-semi-space-size=8` when neither these nor `NODE_OPTIONS` name it)
 * @throws never
 */
export function launchOptionsFor(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { env: Record<string, string>; execArgv: string[] } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') out[k] = v;
  const execArgv: string[] = [];
  for (const s of missingLaunchSettings([], env, platform)) {
    if (s.startsWith('--')) execArgv.push(s);
    else {
      const eq = s.indexOf('=');
      out[s.slice(0, eq)] = s.slice(eq + 1);
    }
  }
  return { env: out, execArgv };
}
