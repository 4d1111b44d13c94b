#!/usr/bin/env node
/**
 * `npm run dist:<linux|win|mac>`: build the app (electron-vite → out/) and package it with
 * electron-builder (electron-builder.yml): Linux AppImage + deb, Windows NSIS, macOS dmg.
 *
 * electron-builder needs Electron's release zip for the target. It uses, in order: the installed
 * Electron (`node_modules/electron/dist`, same OS only), a zip already in the Electron cache
 * (`ELECTRON_CACHE`, else ~/.cache/electron, ~/Library/Caches/electron, %LOCALAPPDATA%\electron\Cache),
 * or a download when `--download` / PROVKIT_DIST_DOWNLOAD=1 says the internet may be used.
 * Without any of them it stops at once with one line (an offline download would hang).
 * Extra arguments are passed to electron-builder (e.g. `--x64 --arm64`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLATFORMS = { linux: { flag: '--linux', os: 'linux' }, win: { flag: '--win', os: 'win32' }, mac: { flag: '--mac', os: 'darwin' } };

/**
 * Directories @electron/get caches release zips in (it adds one hashed subfolder per URL).
 * @returns candidate cache roots
 */
export function electronCacheDirs(env = process.env, platform = process.platform, home = homedir()) {
  if (env.ELECTRON_CACHE) return [env.ELECTRON_CACHE];
  if (platform === 'darwin') return [join(home, 'Library', 'Caches', 'electron')];
  if (platform === 'win32') return [join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'electron', 'Cache')];
  return [join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'electron')];
}

/**
 * Find a cached `electron-v<version>-<os>-<arch>.zip` (directly or one folder down).
 * @returns its path or undefined
 */
export function findCachedZip(version, os, arch, dirs = electronCacheDirs()) {
  const name = `electron-v${version}-${os}-${arch}.zip`;
  for (const dir of dirs) {
    if (existsSync(join(dir, name))) return join(dir, name);
    let subs;
    try {
      subs = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
    } catch {
      continue;
    }
    for (const d of subs) if (existsSync(join(dir, d.name, name))) return join(dir, d.name, name);
  }
  return undefined;
}

/**
 * Decide how electron-builder gets Electron, or why it cannot.
 * @returns `{ args: string[] }` extra electron-builder args, or `{ error: string }` (one line)
 */
export function electronSource(target, { version, arch = process.arch, download = false, binary = findElectronBinary(root), cacheDirs } = {}) {
  const { os } = PLATFORMS[target];
  const zipOs = os === 'win32' ? 'win32' : os;
  if (binary.path && os === process.platform) return { args: [`-c.electronDist=${dirname(binary.path)}`] };
  if (findCachedZip(version, zipOs, arch, cacheDirs)) return { args: [] };
  if (download) return { args: [] };
  return {
    error: `dist:${target}: no Electron ${version} for ${zipOs}-${arch} here (no installed binary, no electron-v${version}-${zipOs}-${arch}.zip in ${(cacheDirs ?? electronCacheDirs()).join(', ')}); run \`npm install\` with internet, put the zip in that cache, or rerun with --download.`,
  };
}

function main() {
  const [target, ...rest] = process.argv.slice(2);
  if (!PLATFORMS[target]) {
    console.error('usage: node scripts/dist.mjs <linux|win|mac> [--download] [electron-builder args]');
    return 2;
  }
  const download = rest.includes('--download') || process.env.PROVKIT_DIST_DOWNLOAD === '1';
  const extra = rest.filter((a) => a !== '--download');
  let version;
  try {
    version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    console.error('dist: the electron package is not installed (devDependency): run `npm ci`.');
    return 1;
  }
  const source = electronSource(target, { version, download });
  if ('error' in source) {
    console.error(source.error);
    return 1;
  }
  const ev = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const built = spawnSync(process.execPath, [ev, 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) return built.status ?? 1;
  const eb = join(root, 'node_modules', 'electron-builder', 'cli.js');
  if (!existsSync(eb)) {
    console.error('dist: electron-builder is not installed (devDependency): run `npm install`.');
    return 1;
  }
  const r = spawnSync(process.execPath, [eb, PLATFORMS[target].flag, '--publish', 'never', ...source.args, ...extra], { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
