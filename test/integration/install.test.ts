/**
 * The install itself, as a newcomer does it: a clean `git clone` of this repository (its committed
 * HEAD) into a temp folder, `npm ci` with the Electron binary download skipped
 * (`ELECTRON_SKIP_BINARY_DOWNLOAD=1`, as .ci/run does) on the Node running the tests, then
 * `npm start`. Asserts the `electron` package (a devDependency) and its own `electron.d.ts` are
 * installed without the binary, and that the start script says so in exactly one line before
 * falling back to headless mode (it then prints the web UI's URL).
 *
 * `npm ci --prefer-offline` takes its packages from the npm cache when it has them; when neither
 * the cache nor the registry can supply them the test is skipped with npm's reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Run `npm start` in `dir` until it prints the web UI's URL, then stop it (whole process group).
 * @returns the lines it printed on stdout up to and including the URL line
 */
function startUntilUrl(dir: string, dataDir: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(npm, ['start', '--silent', '--', '--data', dataDir, '--no-http', '--no-ftp', '--no-tftp', '--ui-port', '0', '--ui-bind', '127.0.0.1'], {
      cwd: dir,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const stop = (): void => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`npm start printed no URL within ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (/https?:\/\/127\.0\.0\.1:\d+/.test(out)) {
        clearTimeout(timer);
        stop();
        resolve(out.split('\n').filter((l) => l.trim() !== ''));
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before printing a URL:\n${out}\n${err}`));
    });
  });
}

describe('clean clone + npm ci without the Electron binary', () => {
  const work = mkdtempSync(join(tmpdir(), 'provkit-install-'));
  const clone = join(work, 'clone');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs the electron package and its types, and npm start explains the missing binary in one line', async (ctx) => {
    const git = spawnSync('git', ['clone', '--quiet', repo, clone], { encoding: 'utf8' });
    if (git.error) ctx.skip(`git is not installed: ${git.error.message}`);
    expect(git.status, git.stderr).toBe(0);

    const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_EXEC_PATH: '', PROVKIT_HEADLESS: '' };
    const ci = spawnSync(npm, ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, env, encoding: 'utf8', timeout: 300_000 });
    if (ci.status !== 0 && /ENOTCACHED|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|network/i.test(ci.stderr)) {
      ctx.skip(`npm ci could not get the packages (no npm cache, no registry): ${ci.stderr.split('\n').find((l) => /ERR/.test(l)) ?? ''}`);
    }
    expect(ci.status, `${ci.stdout}\n${ci.stderr}`).toBe(0);
    // Our postinstall said, in one line, that the download was skipped.
    expect(ci.stdout.split('\n').filter((l) => /Electron binary/.test(l))).toHaveLength(1);

    const lock = JSON.parse(readFileSync(join(clone, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; dev?: boolean; optional?: boolean }> };
    const locked = lock.packages['node_modules/electron']!;
    expect(locked.dev).toBe(true);
    expect(locked.optional).toBeUndefined();
    const electronDir = join(clone, 'node_modules', 'electron');
    const pkg = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string; types: string };
    expect(pkg.version).toBe(locked.version);
    const dts = readFileSync(join(electronDir, pkg.types), 'utf8');
    expect(dts).toMatch(/declare module 'electron'/);
    expect(dts).toMatch(/interface ParentPort extends NodeJS\.EventEmitter/);
    expect(existsSync(join(electronDir, 'path.txt'))).toBe(false);
    expect(existsSync(join(electronDir, 'dist'))).toBe(false);

    const lines = await startUntilUrl(clone, join(work, 'data'), env, 240_000);
    expect(lines[0]).toMatch(/^No desktop window: no Electron binary installed \(.*\) — starting headless mode instead; open the URL below in a browser\.$/);
    expect(lines.filter((l) => /electron/i.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/http:\/\/127\.0\.0\.1:\d+/);
  }, 600_000);
});
