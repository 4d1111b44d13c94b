/**
 * scripts/electron-install.mjs (ProvKit's postinstall): the Electron binary download is skipped in
 * one line with ELECTRON_SKIP_BINARY_DOWNLOAD, reported in one line (and harmless) when it fails,
 * and not tried when the binary or the package is absent/present. A fake `electron` package stands
 * in for the real one (its install.js fails like an offline download).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installElectronBinary, truthy } from '../../scripts/electron-install.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A project with a fake electron package whose install.js runs `installScript`. */
function project(installScript?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'provkit-einstall-'));
  dirs.push(root);
  writeFileSync(join(root, 'package.json'), '{"name":"x"}');
  if (installScript !== undefined) {
    const pkg = join(root, 'node_modules', 'electron');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"electron","version":"45.4.1"}');
    writeFileSync(join(pkg, 'install.js'), installScript);
  }
  return root;
}

describe('electron-install (postinstall)', () => {
  const env = { ELECTRON_EXEC_PATH: '' } as NodeJS.ProcessEnv;

  it('skips the download in one line when ELECTRON_SKIP_BINARY_DOWNLOAD is set', () => {
    const lines: string[] = [];
    const r = installElectronBinary({ root: project('process.exit(3)'), env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, log: (l) => lines.push(l) });
    expect(r.state).toBe('skipped');
    expect(lines).toEqual([expect.stringMatching(/^Electron binary download skipped \(ELECTRON_SKIP_BINARY_DOWNLOAD=1\)/)]);
  });

  it('reports a failed download in one line with its cause', () => {
    const lines: string[] = [];
    const failing = "console.error('TypeError: fetch failed\\n    at node:internal/deps/undici'); process.exit(1);";
    const r = installElectronBinary({ root: project(failing), env, log: (l) => lines.push(l) });
    expect(r.state).toBe('failed');
    expect(lines).toHaveLength(2); // "Downloading …" then the outcome
    expect(lines[1]).toMatch(/^Electron binary not downloaded \(TypeError: fetch failed\): everything but the desktop window works/);
  });

  it('does nothing without the electron package, or when the binary is there', () => {
    expect(installElectronBinary({ root: project(), env, log: () => {} }).state).toBe('no-package');
    const root = project('process.exit(3)');
    mkdirSync(join(root, 'node_modules', 'electron', 'dist'));
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    writeFileSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(installElectronBinary({ root, env, log: () => {} }).state).toBe('present');
  });

  it('reads flags like npm does', () => {
    expect([truthy('1'), truthy('true'), truthy(''), truthy('0'), truthy('false'), truthy(undefined)]).toEqual([true, true, false, false, false, false]);
  });
});
