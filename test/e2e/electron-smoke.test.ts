/**
 * Desktop smoke test: builds the app with electron-vite, launches it with Playwright's `_electron`
 * (out/main/index.js through package.json "main"; the renderer on app://provkit/, the engine in a
 * utilityProcess), checks the window and the `window.provkit` bridge, starts the HTTP server
 * through that bridge and fetches a file from it. Headless Linux: `xvfb-run -a npm test -- test/e2e/electron-smoke`.
 *
 * Skipped, with one line saying why, when the Electron binary is not installed (offline install:
 * `electron` is an optionalDependency whose binary download needs the internet).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineInfo, ServerStatus } from '../../shared/dto';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const electron = findElectronBinary(repoRoot);
const skipReason =
  'reason' in electron ? `Electron smoke test skipped: ${electron.reason}; run \`npm install\` with internet to enable` : '';

type Bridge = { invoke(name: string, args?: unknown): Promise<unknown> };

/**
 * Call a contract request through the page's `window.provkit` bridge.
 * @throws Error `CODE: message` when the bridge rejects
 */
async function invoke<T>(page: Page, name: string, args: unknown = {}): Promise<T> {
  const outcome = await page.evaluate(
    ([n, a]) =>
      (window as unknown as { provkit: Bridge }).provkit.invoke(n as string, a).then(
        (result) => ({ ok: true as const, result }),
        (error: { code?: string; message?: string }) => ({ ok: false as const, code: error?.code, message: error?.message }),
      ),
    [name, args] as const,
  );
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome.result as T;
}

if (!electron.path) {
  // One line in the run's output (the default reporter does not show skip notes).
  process.stderr.write(`${skipReason}\n`);
  it('Electron desktop app', (ctx) => ctx.skip(skipReason));
}

describe.skipIf(!electron.path)('Electron desktop app', () => {
  let app: ElectronApplication | undefined;
  let page: Page;
  let dataDir: string;

  beforeAll(async () => {
    if (process.env.PROVKIT_E2E_NO_BUILD !== '1') {
      const cli = join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
      const build = spawnSync(process.execPath, [cli, 'build'], { cwd: repoRoot, encoding: 'utf8' });
      expect(build.status, `electron-vite build failed:\n${build.stdout}\n${build.stderr}`).toBe(0);
    }
    dataDir = mkdtempSync(join(tmpdir(), 'provkit-e2e-'));
    // Servers off at start: as root the defaults would take ports 21/69 on loopback from other tests.
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ http: { enabled: false }, ftp: { enabled: false }, tftp: { enabled: false } }));
    const args = [repoRoot];
    // Chromium refuses to run as root without --no-sandbox (CI containers).
    if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    env.PROVKIT_DATA = dataDir;
    app = await _electron.launch({ executablePath: electron.path!, args, cwd: repoRoot, env, timeout: 60_000 });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the window with the preload bridge and no Node in the page', async () => {
    expect(await page.title()).toMatch(/ProvKit/i);
    expect(page.url()).toMatch(/^app:\/\/provkit\//);
    const exposed = await page.evaluate(() => {
      const w = window as unknown as { provkit?: Record<string, unknown>; require?: unknown; process?: unknown };
      return { keys: Object.keys(w.provkit ?? {}).sort(), require: typeof w.require, process: typeof w.process };
    });
    expect(exposed).toEqual({ keys: ['invoke', 'on'], require: 'undefined', process: 'undefined' });
    await expect(invoke(page, 'notARequest')).rejects.toThrow(/not a ProvKit request|UNKNOWN_REQUEST/);
  });

  it('starts the HTTP server through the UI API and serves a file', async () => {
    const info = await invoke<EngineInfo>(page, 'getInfo');
    expect(info.mode).toBe('desktop');
    expect(info.dataDir).toBe(dataDir);
    const body = `# ProvKit smoke ${Date.now()}\n`;
    writeFileSync(join(info.provisioningRoot, 'provkit-smoke.cfg'), body);
    await invoke<ServerStatus>(page, 'configureServer', { kind: 'http', bind: '127.0.0.1', port: 0 });
    let status = await invoke<ServerStatus>(page, 'startServer', { kind: 'http' });
    for (let i = 0; i < 50 && status.state === 'starting'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await invoke<ServerStatus[]>(page, 'listServers')).find((s) => s.kind === 'http')!;
    }
    expect(status.state, JSON.stringify(status.error)).toBe('listening');
    const res = await fetch(`http://127.0.0.1:${status.boundPort}/provkit-smoke.cfg`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
    await invoke(page, 'stopServer', { kind: 'http' });
  });
});
