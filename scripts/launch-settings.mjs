/**
 * The settings `bin/provkit.mjs` starts Node with, read from its first line (`#!/usr/bin/env -S
 * NAME=VALUE... node FLAG...`, written from LAUNCH_SHEBANG in electron/engine/memory-policy.ts),
 * for what starts the engine with `node` itself: `npm start` in headless mode and the benches.
 * That line stays the one place they are written.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `bin/provkit.mjs` of this checkout. */
export const PROVKIT_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'provkit.mjs');

/**
 * Read the launch settings from a script's first line.
 * @param {string} [bin] the script (default {@link PROVKIT_BIN})
 * @returns {{ env: Record<string, string>, nodeArgs: string[] }} variables to set and Node arguments
 *   to put before the script; both empty for a plain `#!/usr/bin/env node`
 * @throws Error naming the file when its first line is not an `env` line that runs `node`
 */
export function launchSettings(bin = PROVKIT_BIN) {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0].trim();
  const m = /^#!\/usr\/bin\/env(?:\s+-S)?\s+(.*)$/.exec(first);
  const words = m ? m[1].split(/\s+/) : [];
  const at = words.indexOf('node');
  if (at < 0) throw new Error(`${bin}: its first line does not run node through env: ${first}`);
  const env = {};
  for (const w of words.slice(0, at)) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new Error(`${bin}: "${w}" in its first line is not NAME=VALUE`);
    env[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return { env, nodeArgs: words.slice(at + 1) };
}
