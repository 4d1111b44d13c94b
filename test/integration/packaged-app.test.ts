/**
 * The packaged desktop app, built for real without the Electron binary: `electron-vite build`, then
 * electron-builder `--dir --linux` with `electronDist` pointing at a stand-in Electron distribution
 * (a dummy executable and a `version` file: electron-builder copies it as is and packs the app
 * around it, https://www.electron.build/configuration#electronDist). The test reads the resulting
 * `app.asar` listing (@electron/asar) and checks it holds the build and the production
 * dependencies only: no sources, no tests, no CLI build, no source maps, and no build-time tooling
 * (TypeScript, tsx, esbuild, vite, React, Electron itself, electron-builder, eslint, vitest).
 * Skipped with the reason when electron-builder or @electron/asar is not installed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const builderCli = join(repo, 'node_modules', 'electron-builder', 'cli.js');
const viteCli = join(repo, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

/** Packages that build, bundle, type-check, lint or test, the renderer's bundled UI libraries, and Electron. */
/** Where @electron/fuses finds the fuse wire in an Electron binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEV_TOOLING = /^\/node_modules\/(tsx|esbuild|@esbuild|typescript|vite|vitest|@vitest|rolldown|@rolldown|electron|electron-vite|electron-builder|app-builder-lib|eslint|@eslint|typescript-eslint|@typescript-eslint|@vitejs|playwright-core|@types|react|react-dom|zustand)(\/|$)/;

describe.skipIf(!existsSync(builderCli) || !existsSync(viteCli))('packaged app (electron-builder --dir with a stand-in Electron)', () => {
  const work = mkdtempSync(join(tmpdir(), 'provkit-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('app.asar holds the build and production dependencies only', async () => {
    const built = spawnSync(process.execPath, [viteCli, 'build', '--logLevel', 'warn'], { cwd: repo, encoding: 'utf8', timeout: 300_000 });
    expect(built.status, built.stderr).toBe(0);

    const dist = join(work, 'electron-dist');
    mkdirSync(dist);
    // The stand-in carries a fuse wire as Electron ships it (@electron/fuses' sentinel, wire version
    // 1, 8 fuses in FuseV1Options order) so the packaging config's fuses are flipped in it.
    const shipped = '10110001'; // RunAsNode, CookieEncryption, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol
    writeFileSync(join(dist, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\nexit 0\n${FUSE_SENTINEL}`), Buffer.from([1, shipped.length]), Buffer.from(shipped)]));
    chmodSync(join(dist, 'electron'), 0o755);
    const version = (JSON.parse(readFileSync(join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    writeFileSync(join(dist, 'version'), `v${version}`);
    const out = join(work, 'release');
    const pack = spawnSync(process.execPath, [builderCli, '--dir', '--linux', '--x64', '--publish', 'never', `-c.electronDist=${dist}`, `-c.directories.output=${out}`], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 400_000,
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    });
    expect(pack.status, `${pack.stdout}\n${pack.stderr}`).toBe(0);

    // The fuses of the packaging config are set in the packed binary.
    const binary = readdirSync(join(out, 'linux-unpacked'))
      .map((f) => join(out, 'linux-unpacked', f))
      .map((f) => ({ f, bytes: statSync(f).isFile() ? readFileSync(f) : Buffer.alloc(0) }))
      .find((b) => b.bytes.includes(FUSE_SENTINEL));
    expect(binary, 'the packed executable with its fuse wire').toBeDefined();
    const at = binary!.bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length + 2;
    const wire = binary!.bytes.subarray(at, at + 8).toString('latin1');
    expect({
      runAsNode: wire[0],
      cookieEncryption: wire[1],
      nodeOptions: wire[2],
      inspectArguments: wire[3],
      asarIntegrity: wire[4],
      onlyLoadAppFromAsar: wire[5],
      fileProtocolExtraPrivileges: wire[7],
    }).toEqual({ runAsNode: '0', cookieEncryption: '1', nodeOptions: '0', inspectArguments: '0', asarIntegrity: '1', onlyLoadAppFromAsar: '1', fileProtocolExtraPrivileges: '0' });

    const asarPath = join(out, 'linux-unpacked', 'resources', 'app.asar');
    const asar = (await import('@electron/asar')) as unknown as { listPackage(path: string, options: { isPack: boolean }): string[] };
    const files = asar.listPackage(asarPath, { isPack: false }).map((p) => p.replace(/\\/g, '/'));
    expect(files).toContain('/package.json');
    expect(files).toContain('/out/main/index.js');
    expect(files).toContain('/out/main/engine-host.js');
    expect(files).toContain('/out/preload/index.cjs');
    expect(files).toContain('/out/renderer/index.html');
    expect(files.filter((p) => !/^\/(out|node_modules)(\/|$)/.test(p) && p !== '/package.json')).toEqual([]);
    expect(files.filter((p) => p.startsWith('/out/cli'))).toEqual([]);
    expect(files.filter((p) => p.endsWith('.map') && p.startsWith('/out/'))).toEqual([]);
    expect([...new Set(files.filter((p) => DEV_TOOLING.test(p)).map((p) => p.split('/').slice(0, 3).join('/')))]).toEqual([]);
    // Runtime dependencies the engine loads from node_modules are there.
    for (const dep of ['ws', 'conf', 'zod', 'fast-xml-parser']) expect(files, dep).toContain(`/node_modules/${dep}/package.json`);
  }, 900_000);
});
