/**
 * Find the Electron executable without running the `electron` package: its `index.js` tries to
 * download the binary when it is missing, which hangs or fails offline. Used by scripts/start.mjs
 * and test/e2e/electron-smoke.test.ts.
 *
 * The `electron` package records the executable's path, relative to its `dist/` folder, in
 * `path.txt` once the binary is installed (see node_modules/electron/index.js). An install with
 * `ELECTRON_SKIP_BINARY_DOWNLOAD=1`, or offline, has the package (a devDependency) but no `path.txt`;
 * `npm ci --omit=dev` has no package at all. `ELECTRON_EXEC_PATH` (also honoured by electron-vite)
 * points at an executable directly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * Locate the Electron binary. Never throws.
 * @param {string} [root] project directory to resolve `electron` from (default: the current one)
 * @returns {{ path: string } | { path: null, reason: string }} the absolute executable path, or
 *   why there is none (one sentence)
 */
export function findElectronBinary(root = process.cwd()) {
  const override = process.env.ELECTRON_EXEC_PATH;
  if (override) {
    return existsSync(override)
      ? { path: resolve(override) }
      : { path: null, reason: `ELECTRON_EXEC_PATH points to a missing file (${override})` };
  }
  let pkgJson;
  try {
    pkgJson = createRequire(join(resolve(root), 'package.json')).resolve('electron/package.json');
  } catch {
    return { path: null, reason: 'the electron package is not installed (a devDependency: `npm ci` without --omit=dev installs it)' };
  }
  const dir = dirname(pkgJson);
  const pathFile = join(dir, 'path.txt');
  let relative;
  try {
    relative = readFileSync(pathFile, 'utf8').trim();
  } catch {
    return { path: null, reason: 'no Electron binary installed (offline install or ELECTRON_SKIP_BINARY_DOWNLOAD=1; `node scripts/electron-install.mjs` fetches it)' };
  }
  const exe = join(dir, 'dist', relative);
  if (!relative || !existsSync(exe)) {
    return { path: null, reason: `the Electron binary is missing (${exe})` };
  }
  return { path: exe };
}
