#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=8
// `provkit` command: runs the CLI built to JavaScript (out/cli/cli.js, scripts/build-cli.mjs) on
// plain Node. In a checkout whose sources changed since the last build (or that has none yet), it
// rebuilds first and says so in one line on stderr.
// The first line starts Node with the engine's memory settings (why and what they save:
// electron/engine/memory-policy.ts, LAUNCH_SHEBANG); `node bin/provkit.mjs` runs without them.
import { ensureCliBuild } from '../scripts/build-cli.mjs';
import { pathToFileURL } from 'node:url';

let entry;
try {
  entry = await ensureCliBuild();
} catch (err) {
  process.stderr.write(`provkit: ${err.message}\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
