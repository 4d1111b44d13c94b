/**
 * Shared helpers of the benchmarks: temporary roots, ProvKit and reference servers as
 * child processes on loopback high ports (configs in a temp dir, never the system's), client runs,
 * medians, a quiet-machine gate, and result tables. Plain Node, no dependencies.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomFillSync } from 'node:crypto';
import { chmodSync, statfsSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchSettings } from '../scripts/launch-settings.mjs';

/** Repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
/** 1 MiB in bytes. */
export const MiB = 1024 * 1024;

/**
 * Runs per measurement: `--runs N` or BENCH_RUNS, default `def`.
 * @param {number} def
 * @returns {number}
 */
export function runsArg(def = 5) {
  const i = process.argv.indexOf('--runs');
  const v = Number(i >= 0 ? process.argv[i + 1] : process.env.BENCH_RUNS ?? def);
  return Number.isInteger(v) && v > 0 ? v : def;
}

/** Names of common file-system magic numbers (statfs(2) f_type). */
const FS_TYPES = { 0xef53: 'ext4', 0x01021994: 'tmpfs', 0x58465342: 'xfs', 0x9123683e: 'btrfs', 0x794c7630: 'overlayfs' };

/**
 * The file system a path lies on, by name when known (statfs(2)).
 * @param {string} path
 * @returns {string} such as `ext4`, `tmpfs` or `type 0x…`
 */
export function fsType(path) {
  const t = statfsSync(path).type;
  return FS_TYPES[t] ?? `type 0x${t.toString(16)}`;
}

/**
 * A fresh world-readable work folder (reference servers drop privileges and must read it).
 * @param {string} name part of the folder name
 * @returns {{ dir: string, cleanup: () => void }}
 */
export function workDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `provkit-bench-${name}-`));
  chmodSync(dir, 0o755);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Write `bytes` random bytes to `path` (1 MiB at a time), world-readable.
 * @param {string} path
 * @param {number} bytes
 */
export function writeRandomFile(path, bytes) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const fd = openSync(path, 'w', 0o644);
  const buf = Buffer.allocUnsafe(MiB);
  for (let left = bytes; left > 0; left -= MiB) writeSync(fd, randomFillSync(buf), 0, Math.min(MiB, left));
  closeSync(fd);
}

/** The files a phone asks for: master (naming a site file and the firmware), site file, firmware (64 KiB) in `root`. */
export function writePhoneRoot(root) {
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, '000000000000.cfg'),
    '<?xml version="1.0" standalone="yes"?>\n<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="site.cfg" MISC_FILES="" LOG_FILE_DIRECTORY="" CONTACTS_DIRECTORY="" LICENSE_DIRECTORY=""/>\n',
  );
  writeFileSync(join(root, 'site.cfg'), '<?xml version="1.0" standalone="yes"?>\n<polycomConfig><tcpIpApp.sntp address="pool.ntp.org"/></polycomConfig>\n');
  writeRandomFile(join(root, 'sip.ld'), 64 * 1024);
}

/**
 * A free port on 127.0.0.1 (TCP or UDP), from the kernel's ephemeral range.
 * @param {'tcp'|'udp'} kind
 * @returns {Promise<number>}
 */
export function freePort(kind = 'tcp') {
  return new Promise((resolve, reject) => {
    if (kind === 'udp') {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
      return;
    }
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/**
 * Wait until a TCP port accepts connections.
 * @param {number} port
 * @param {number} timeoutMs
 */
export async function waitTcp(port, timeoutMs = 15000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Start a long-running process; its output is kept for error messages.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [opts]
 * @returns {{ child: import('node:child_process').ChildProcess, output: () => string, stop: () => Promise<void> }}
 */
export function startProcess(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: opts.cwd ?? REPO, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  child.on('error', (e) => (out += `\n${e.message}`));
  return {
    child,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/**
 * Start `provkit serve` on loopback with the given ports (0 = ephemeral; a protocol left out is off).
 * Its provisioning root is `<dataDir>/provisioning`.
 * @param {{ dataDir: string, http?: number, ftp?: number, tftp?: number, bind?: string, netns?: string }} o
 * @returns {Promise<{ stop: () => Promise<void>, pid: number, root: string, http?: number, ftp?: number, tftp?: number, output: () => string }>}
 */
export async function startProvkit(o) {
  const args = [join(o.repo ?? REPO, 'bin', 'provkit.mjs'), 'serve', '--data', o.dataDir, '--bind', o.bind ?? '127.0.0.1', '--ui-port', '0'];
  for (const k of /** @type {const} */ (['http', 'ftp', 'tftp'])) {
    if (o[k] === undefined) args.push(`--no-${k}`);
    else args.push(`--${k}-port`, String(o[k]));
  }
  // Started as `provkit serve` starts: the Node flags and environment of bin/provkit.mjs's first
  // line (PROVKIT_LAUNCH=plain leaves them out, to measure what they change), then PROVKIT_NODE_ARGS.
  const launch = process.env.PROVKIT_LAUNCH === 'plain' ? { env: {}, nodeArgs: [] } : launchSettings(join(o.repo ?? REPO, 'bin', 'provkit.mjs'));
  const env = { ...launch.env, ...process.env, PROVKIT_LOG_LEVEL: 'warn' };
  const nodeArgs = [...launch.nodeArgs, ...(process.env.PROVKIT_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const p = o.netns ? startProcess('ip', ['netns', 'exec', o.netns, process.execPath, ...nodeArgs, ...args], { env }) : startProcess(process.execPath, [...nodeArgs, ...args], { env });
  const end = Date.now() + 30000;
  while (!/Web UI\s+http/.test(p.output())) {
    if (p.child.exitCode !== null || Date.now() > end) throw new Error(`provkit serve did not start:\n${p.output()}`);
    await sleep(100);
  }
  const port = (re) => {
    const m = re.exec(p.output());
    return m ? Number(m[1]) : undefined;
  };
  return {
    stop: p.stop,
    pid: p.child.pid,
    output: p.output,
    root: join(o.dataDir, 'provisioning'),
    http: port(/HTTP\s+listening\s+http:\/\/[^\s/]+:(\d+)/),
    ftp: port(/FTP\s+listening\s+ftp:\/\/[^\s/]+:(\d+)/),
    tftp: port(/TFTP\s+listening\s+tftp:\/\/[^\s/]+:(\d+)/),
  };
}

/**
 * Run a client to completion and time it.
 * @param {string} cmd
 * @param {string[]} args
 * @returns {Promise<{ ms: number, code: number | null, output: string }>}
 */
export function timed(cmd, args) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (e) => resolve({ ms: performance.now() - t0, code: -1, output: e.message }));
    child.on('exit', (code) => resolve({ ms: performance.now() - t0, code, output }));
  });
}

/**
 * Run `n` clients at once; time until the last one ends.
 * @param {number} n
 * @param {(i: number) => [string, string[]]} make command and arguments of client `i`
 * @returns {Promise<{ ms: number, failed: number, output: string }>}
 */
export async function timedParallel(n, make) {
  const t0 = performance.now();
  const all = await Promise.all(Array.from({ length: n }, (_, i) => timed(...make(i))));
  const bad = all.filter((r) => r.code !== 0);
  return { ms: performance.now() - t0, failed: bad.length, output: bad.map((r) => r.output).join('\n').slice(0, 2000) };
}

/** @param {number[]} xs @returns {number} */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Busy fraction of all CPUs over `ms` (from /proc/stat; 0 when unreadable). */
async function busy(ms) {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return undefined;
    }
  };
  const a = read();
  await sleep(ms);
  const b = read();
  if (!a || !b || b.total === a.total) return 0;
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/**
 * Wait (at most `maxMs`) until the machine is quiet — other work uses less than `limit` of the
 * CPUs — so one run is not slowed by another program. Returns the busy fraction last seen.
 * @param {number} limit
 * @param {number} maxMs
 */
export async function waitQuiet(limit = 0.15, maxMs = 20000) {
  const end = Date.now() + maxMs;
  let b = 1;
  while (Date.now() < end) {
    b = await busy(400);
    if (b < limit) return b;
  }
  return b;
}

/**
 * Measure a pair (ProvKit and a reference) `runs` times, interleaved, waiting for a quiet machine
 * before each run. `fn` returns the value of one run (a time in ms or a rate; it throws on failure).
 * @param {number} runs
 * @param {Record<string, () => Promise<number>>} fns by label
 * @param {{ quiet?: boolean }} [opts] quiet: false skips the quiet-machine gate (for runs whose time
 *   is spent waiting on timers, not the CPU)
 * @returns {Promise<Record<string, number[]>>} the values (ms, or a rate) by label
 */
export async function interleave(runs, fns, opts = {}) {
  /** @type {Record<string, number[]>} */
  const out = {};
  for (const k of Object.keys(fns)) out[k] = [];
  for (let r = 0; r < runs; r++) {
    for (const [k, fn] of Object.entries(fns)) {
      if (opts.quiet !== false) await waitQuiet();
      out[k].push(await fn());
    }
  }
  return out;
}

/**
 * One result line.
 * @param {string} what
 * @param {string} unit e.g. `MiB/s`, `req/s`
 * @param {number} provkit median of ProvKit
 * @param {string} refName
 * @param {number} ref median of the reference
 * @param {string} goal e.g. `≥ 1.0×`
 * @param {number} goalRatio the ratio the goal asks for
 * @param {number[]} pkRuns all ProvKit values
 * @param {number[]} refRuns all reference values
 */
export function result(what, unit, provkit, refName, ref, goal, goalRatio, pkRuns, refRuns) {
  const ratio = provkit / ref;
  return { what, unit, provkit, refName, ref, ratio, goal, met: ratio >= goalRatio, pkRuns, refRuns };
}

/**
 * Print results as a Markdown table (and return the text).
 * @param {string} title
 * @param {ReturnType<typeof result>[]} rows
 */
export function printTable(title, rows) {
  const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const lines = [
    `### ${title}`,
    '',
    '| Measurement | ProvKit (median) | Reference (median) | Ratio ProvKit/ref | Goal | Met | Runs ProvKit / reference |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.what} | ${f(r.provkit)} ${r.unit} | ${r.refName}: ${f(r.ref)} ${r.unit} | **${r.ratio.toFixed(2)}×** | ${r.goal} | ${r.met ? 'yes' : 'NO'} | ${r.pkRuns.map(f).join(', ')} / ${r.refRuns.map(f).join(', ')} |`,
    ),
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  return text;
}

/**
 * A command's path, or undefined.
 * @param {string} name
 */
export function which(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} 2>/dev/null`], { encoding: 'utf8' });
  const p = r.stdout.trim().split('\n')[0];
  return p && existsSync(p) ? p : undefined;
}

/**
 * Exit with a clear message when a tool is missing.
 * @param {Record<string, string>} tools command → Debian package
 */
export function requireTools(tools) {
  const missing = Object.entries(tools).filter(([cmd]) => !which(cmd));
  if (missing.length) {
    process.stderr.write(`Missing: ${missing.map(([c, p]) => `${c} (apt-get install ${p})`).join(', ')}\n`);
    process.exit(2);
  }
}

/** The machine, for RESULTS.md. */
export function machine() {
  const mem = `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  const model = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const kernel = spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim();
  return { nproc: cpus().length, cpu: model, memory: mem, kernel, node: process.version, date: new Date().toISOString() };
}

/**
 * Run a benchmark's body with a fresh work folder; whatever it registers in `stops` is stopped (in
 * reverse order) and the folder removed at the end, also on failure or Ctrl+C. A failure prints its
 * stack and exits 1.
 * @param {string} name part of the work folder's name
 * @param {(ctx: { dir: string, stops: Array<() => Promise<void>> }) => Promise<void>} body
 */
export function runBench(name, body) {
  const w = workDir(name);
  // Where both servers keep their files matters: every file or folder they create costs far more on
  // some file systems than others (see RESULTS.md, "file system"); TMPDIR chooses it.
  process.stdout.write(`work folder: ${w.dir} (${fsType(w.dir)}; TMPDIR chooses another)\n`);
  const stops = [];
  const cleanup = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
    w.cleanup();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  body({ dir: w.dir, stops })
    .finally(cleanup)
    .catch((err) => {
      process.stderr.write(`${err.stack ?? err}\n`);
      process.exit(1);
    });
}
