#!/usr/bin/env node
/**
 * Build of the `provkit` command line to JavaScript (out/cli/), so it runs on plain Node without a
 * TypeScript loader at run time. esbuild (https://esbuild.github.io/api/) bundles three entries:
 * - electron/cli.ts                                   → out/cli/cli.js (bin/provkit.mjs imports it)
 * - electron/engine/provisioning/tftp/worker-entry.ts → out/cli/tftp-worker.js (TFTP worker thread)
 * - electron/engine/provisioning/http-front-worker.ts → out/cli/http-front.js (HTTP front thread)
 * as ES modules for Node 20 with code splitting (each command is a lazy chunk, so `provkit help`
 * loads only the dispatcher); packages stay external and load from node_modules. The worker
 * scripts sit next to the bundle, where worker-thread.ts `findWorkerScript` looks for them.
 *
 * Files are written one by one through a temp file and a rename, chunks first and entries last, and
 * chunk names carry a content hash: a `provkit` already running keeps loading its own chunks while
 * another process rebuilds. out/cli/inputs.json lists the sources of the build for {@link isStale}.
 *
 * Run: `node scripts/build-cli.mjs` (npm test does; bin/provkit.mjs does on demand).
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The build's output folder. */
export const CLI_OUT = join(root, 'out', 'cli');
const INPUTS = join(CLI_OUT, 'inputs.json');

/**
 * Whether out/cli must be (re)built: no build, or a source it was built from (or package.json, or
 * this script) changed since. Stats only the recorded inputs (a few hundred files, ~ms).
 * @returns the reason in a few words, or undefined when the build is current
 */
export function isStale() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return 'no build yet';
  }
  const builtAt = recorded.builtAtMs;
  for (const file of [...recorded.inputs, 'package.json', 'scripts/build-cli.mjs']) {
    let mtime;
    try {
      mtime = statSync(join(root, file)).mtimeMs;
    } catch {
      return `${file} is gone`;
    }
    if (mtime > builtAt) return `${file} changed`;
  }
  return undefined;
}

/**
 * Build out/cli/ with esbuild (loaded only here: it is a devDependency).
 * @returns the number of files written
 * @throws esbuild's error when a source does not compile
 */
export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      cli: 'electron/cli.ts',
      'tftp-worker': 'electron/engine/provisioning/tftp/worker-entry.ts',
      'http-front': 'electron/engine/provisioning/http-front-worker.ts',
    },
    outdir: CLI_OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  mkdirSync(join(CLI_OUT, 'chunks'), { recursive: true });
  const entries = new Set(['cli.js', 'tftp-worker.js', 'http-front.js'].map((f) => join(CLI_OUT, f)));
  const ordered = [...result.outputFiles].sort((a, b) => Number(entries.has(a.path)) - Number(entries.has(b.path)));
  for (const file of ordered) writeAtomically(file.path, file.contents);
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  writeAtomically(INPUTS, JSON.stringify({ builtAtMs: startedAt, inputs }, null, 1));
  return ordered.length;
}

/** Write a file through `<path>.<pid>.tmp` and a rename (readers see the old or the new file). */
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/**
 * Build when stale, saying so in one line on stderr. Without esbuild (`npm ci --omit=dev`) an
 * existing build runs as it is, with a one-line warning.
 * @returns the path of out/cli/cli.js
 * @throws Error (one sentence) when there is no build and esbuild is not installed
 */
export async function ensureCliBuild() {
  const reason = isStale();
  const entry = join(CLI_OUT, 'cli.js');
  if (reason) {
    let esbuildThere = true;
    try {
      await import('esbuild');
    } catch {
      esbuildThere = false;
    }
    if (!esbuildThere) {
      if (reason === 'no build yet') throw new Error('the provkit CLI is not built (out/cli) and esbuild, which builds it, is not installed: run `npm ci`.');
      process.stderr.write(`provkit: running the existing CLI build although ${reason} (esbuild is not installed to rebuild it; run \`npm ci\`).\n`);
      return entry;
    }
    process.stderr.write(`Building the provkit CLI to JavaScript (out/cli; ${reason})…\n`);
    await buildCli();
  }
  return entry;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t = Date.now();
  const n = await buildCli();
  console.log(`provkit CLI built: ${n} files in ${relative(process.cwd(), CLI_OUT) || '.'} (${Date.now() - t} ms)`);
}
