#!/usr/bin/env node
/**
 * `npm start [-- args]`: run ProvKit.
 *
 * - Electron binary installed: build with electron-vite (`out/`), then launch Electron on the
 *   project (package.json "main" → out/main/index.js) with the remaining args (e.g. `--data DIR`).
 * - No Electron binary (offline install, ELECTRON_SKIP_BINARY_DOWNLOAD=1), or `--headless` /
 *   PROVKIT_HEADLESS=1: run `bin/provkit.mjs serve <args>` (with the Node flags and environment of
 *   its first line), which serves the UI over HTTP and
 *   prints its URL. The missing-binary case prints exactly one explanatory line first (the reason
 *   from scripts/electron-binary.mjs; no download is tried here: scripts/electron-install.mjs, run
 *   by `npm install`, does that).
 *
 * A fresh clone without node_modules gets `npm ci` first.
 * SIGINT/SIGTERM/SIGHUP are forwarded to the child (once each); the exit code is the child's
 * (128 + signal number when it died of a signal).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';
import { launchSettings, PROVKIT_BIN } from './launch-settings.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Run a command with inherited stdio, forwarding termination signals.
 * @param {string} command executable
 * @param {string[]} args arguments
 * @param {NodeJS.ProcessEnv} [env] environment
 * @returns {Promise<number>} the exit code (128 + signal number when killed by a signal)
 */
function run(command, args, env = process.env) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    const forwarded = new Set();
    const forward = (signal) => {
      if (forwarded.has(signal) || child.exitCode !== null || child.signalCode !== null) return;
      forwarded.add(signal);
      child.kill(signal);
    };
    const signals = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    child.on('error', (err) => {
      console.error(`Could not run ${command}: ${err.message}`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, forward);
      resolvePromise(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
    });
  });
}

if (!existsSync(join(root, 'node_modules', 'tsx'))) {
  console.log('Dependencies are not installed: running `npm ci` first (once).');
  const installed = await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund']);
  if (installed !== 0) process.exit(installed);
}

const args = process.argv.slice(2);
const headlessFlag = args.includes('--headless') || process.env.PROVKIT_HEADLESS === '1';
const rest = args.filter((a) => a !== '--headless');
const electron = headlessFlag ? { path: null, reason: '' } : findElectronBinary(root);

if (electron.path) {
  const evPkg = createRequire(join(root, 'package.json')).resolve('electron-vite/package.json');
  const cli = join(dirname(evPkg), 'bin', 'electron-vite.js');
  const built = await run(process.execPath, [cli, 'build']);
  if (built !== 0) process.exit(built);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  process.exitCode = await run(electron.path, [root, ...rest], env);
} else {
  if (!headlessFlag) {
    console.log(`No desktop window: ${electron.reason} — starting headless mode instead; open the URL below in a browser.`);
  }
  // The same Node and memory settings as `provkit serve` (the first line of bin/provkit.mjs).
  const launch = launchSettings(PROVKIT_BIN);
  process.exitCode = await run(process.execPath, [...launch.nodeArgs, PROVKIT_BIN, 'serve', ...rest], { ...launch.env, ...process.env });
}
