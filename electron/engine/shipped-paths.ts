/**
 * Where the checkout's shipped files are, from any module: the same code runs from its TypeScript
 * source (`electron/engine/…`, tests, tsx) and from the CLI build (`out/cli/cli.js` and
 * `out/cli/chunks/*.js`, scripts/build-cli.mjs), at different depths, so paths are found by
 * walking up rather than by a fixed number of `..`. The desktop app passes its own resources folder
 * (Electron's `process.resourcesPath`) and does not use these defaults.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder, at or above the folder of `here`, that holds `marker`.
 * @param here a module's `import.meta.url` (file URL)
 * @param marker a relative path that exists in the wanted folder, e.g. `resources/templates`
 * @returns that folder's absolute path, or undefined when no ancestor holds `marker`
 */
export function findUp(here: string, marker: string): string | undefined {
  let dir = dirname(fileURLToPath(here));
  for (;;) {
    if (existsSync(join(dir, marker))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The checkout's root folder (the one with `resources/` and `package.json`), found from this module.
 * @returns its absolute path; falls back to the current directory when none is found
 */
export function checkoutRoot(): string {
  return findUp(import.meta.url, join('resources', 'templates')) ?? process.cwd();
}
