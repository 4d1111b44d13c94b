/**
 * Test helper: run `provkit serve` as a real child process on ephemeral ports and read the URLs it
 * prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running `provkit serve`. */
export interface ServeProcess {
  child: ChildProcess;
  dataDir: string;
  /** The web UI address as printed, with the access token: `http://127.0.0.1:<port>/?token=<hex>` (append `#/route`). */
  ui: string;
  /** The web UI address without the token: `http://127.0.0.1:<port>/`. */
  uiBase: string;
  /** The access token (also in `<dataDir>/ui-token`). */
  token: string;
  /** `{ Authorization: 'Bearer <token>' }` for API calls made by the test. */
  auth: Record<string, string>;
  /** POST `/api/<name>` with JSON `args` and the token. @returns the raw response */
  api: (name: string, args?: unknown, headers?: Record<string, string>) => Promise<Response>;
  http: string;
  ftp: string;
  /** `tftp://127.0.0.1:<port>/`. */
  tftp: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

export const REPO = join(import.meta.dirname, '..', '..');

/**
 * Start `node bin/provkit.mjs serve --http-port 0 --ftp-port 0 --tftp-port 0 --ui-port 0` in a fresh data dir.
 * @param extra more arguments
 * @param asCommand run `bin/provkit.mjs` itself, through its first line (`env -S ... node ...`), as
 *   the `provkit` command runs, instead of with this test's `node`
 * @throws when it does not print the web UI URL within `timeoutMs` (its output is in the message)
 */
export async function startServe(extra: string[] = [], timeoutMs = 30_000, asCommand = false): Promise<ServeProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'provkit-serve-'));
  const bin = join(REPO, 'bin', 'provkit.mjs');
  const child = spawn(asCommand ? bin : process.execPath, [...(asCommand ? [] : [bin]), 'serve', '--data', dataDir, '--bind', '127.0.0.1', '--http-port', '0', '--ftp-port', '0', '--tftp-port', '0', '--ui-port', '0', ...extra], {
    cwd: REPO,
    env: { ...process.env, PROVKIT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const started = Date.now();
  while (!/Web UI\s+http:\/\/\S+/.test(out)) {
    if (child.exitCode !== null) throw new Error(`provkit serve exited with ${child.exitCode}:\n${out}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`provkit serve did not start in ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const grab = (re: RegExp) => re.exec(out)?.[1] ?? '';
  const ui = grab(/Web UI\s+(http:\/\/\S+)/);
  const url = new URL(ui);
  const token = url.searchParams.get('token') ?? '';
  const uiBase = `${url.origin}/`;
  const auth = { Authorization: `Bearer ${token}` };
  return {
    child,
    dataDir,
    ui,
    uiBase,
    token,
    auth,
    api: (name, args = {}, headers = {}) =>
      fetch(`${uiBase}api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth, ...headers }, body: JSON.stringify(args) }),
    http: grab(/HTTP\s+listening\s+(http:\/\/\S+)/),
    ftp: grab(/FTP\s+listening\s+(ftp:\/\/\S+)/),
    tftp: grab(/TFTP\s+listening\s+(tftp:\/\/\S+)/),
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
