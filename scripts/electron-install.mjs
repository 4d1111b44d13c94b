#!/usr/bin/env node
/**
 * Fetch the Electron binary for the desktop window, harmlessly: `npm install`/`npm ci` run this as
 * ProvKit's `postinstall`, and it can be run by hand (`node scripts/electron-install.mjs`).
 *
 * Why: `electron` is a devDependency (https://www.electronjs.org/docs/latest/tutorial/installation),
 * so its package and its `electron.d.ts` install on every Node ProvKit supports (its `engines` field
 * asks for Node ≥ 22.12, which npm only warns about unless `engine-strict` is set). Electron 45's
 * package has no install script of its own: the binary (~100 MB, cached by @electron/get) is fetched
 * by the package's `install.js`, which this runs.
 *
 * - Binary already there, or the `electron` package absent (`npm ci --omit=dev`): nothing to do.
 * - `ELECTRON_SKIP_BINARY_DOWNLOAD=1` (e.g. CI, offline installs): one line, no download.
 * - Download fails (no internet, proxy): one line with the cause; under `--postinstall` the exit
 *   code stays 0 so the install itself succeeds, and `npm start` then runs headless.
 * Exit code: 0 when the binary is there or was not asked for (always 0 with `--postinstall`),
 * 1 when the download failed.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Whether an environment value means "yes" the way npm and Electron read flags (set, not 0/false).
 * @param {string | undefined} value
 * @returns {boolean}
 */
export function truthy(value) {
  return value !== undefined && value !== '' && !/^(0|false|no)$/i.test(value);
}

/**
 * Install the Electron binary unless it is there or skipped.
 * @param {{ env?: NodeJS.ProcessEnv, root?: string, log?: (line: string) => void }} [options]
 * @returns {{ state: 'present' | 'no-package' | 'skipped' | 'installed' | 'failed', line?: string }}
 *   what happened, and the one line printed (if any)
 */
export function installElectronBinary({ env = process.env, root: dir = root, log = (l) => console.log(l) } = {}) {
  const found = findElectronBinary(dir);
  if (found.path) return { state: 'present' };
  let installJs;
  try {
    installJs = join(dirname(createRequire(join(dir, 'package.json')).resolve('electron/package.json')), 'install.js');
  } catch {
    return { state: 'no-package' };
  }
  if (truthy(env.ELECTRON_SKIP_BINARY_DOWNLOAD)) {
    const line = 'Electron binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD=1): `npm start` runs headless until `node scripts/electron-install.mjs` fetches it.';
    log(line);
    return { state: 'skipped', line };
  }
  log('Downloading the Electron binary for the desktop window (about 100 MB, once)…');
  const r = spawnSync(process.execPath, [installJs], { cwd: dir, env, encoding: 'utf8' });
  if (r.status === 0 && findElectronBinary(dir).path) return { state: 'installed' };
  const output = `${r.stderr ?? ''}\n${r.stdout ?? ''}\n${r.error?.message ?? ''}`;
  const cause = output.split('\n').map((l) => l.trim()).find((l) => /error|fail|ENOTFOUND|ECONN|ETIMEDOUT/i.test(l) && !l.startsWith('at ')) ?? `install.js exited with ${r.status ?? r.signal}`;
  const line = `Electron binary not downloaded (${cause}): everything but the desktop window works and \`npm start\` runs headless; with internet, run \`node scripts/electron-install.mjs\`.`;
  log(line);
  return { state: 'failed', line };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = installElectronBinary();
  process.exitCode = result.state === 'failed' && !process.argv.includes('--postinstall') ? 1 : 0;
}
