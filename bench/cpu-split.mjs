#!/usr/bin/env node
/**
 * Where the CPU goes when N simulated phones boot: CPU seconds of the simulator, of ProvKit's
 * main thread and of its HTTP front thread (from /proc/<pid>/task/<tid>/stat), for one run
 * against `provkit serve` and one against nginx (WebDAV), with wall times.
 * Threads are not named in Node 20: the busiest thread after the main one is reported as the HTTP
 * front (the worker that answers phones), the rest (V8's GC/compiler helpers, libuv's file-system
 * pool) summed as "other". A probe, not a comparison with goals.
 * Usage: node bench/cpu-split.mjs [--phones 1000] [--runs 1]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO, runBench, startProcess, startProvkit, waitQuiet, waitTcp, writePhoneRoot } from './lib.mjs';
import { nginxConf } from './reference-servers.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const PHONES = arg('phones', 1000);
const RUNS = arg('runs', 1);
const TICK = 100; // USER_HZ

/** CPU seconds per thread name of a process. @returns {Record<string, number>} */
function threads(pid) {
  const out = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = /\((.*)\)/.exec(st)[1];
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      const key = tid === String(pid) ? 'main' : `${name}#${tid}`;
      out[key] = (out[key] ?? 0) + (Number(f[11]) + Number(f[12])) / TICK;
    } catch {
      /* thread gone */
    }
  }
  return out;
}
/** Per-thread CPU seconds between two readings, as main / front / other. */
function diff(a, b) {
  const d = Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]);
  const main = d.find(([k]) => k === 'main')?.[1] ?? 0;
  const rest = d.filter(([k]) => k !== 'main').sort((x, y) => y[1] - x[1]);
  const front = rest[0]?.[1] ?? 0;
  const other = rest.slice(1).reduce((s, [, v]) => s + v, 0);
  // Each other thread, busiest first: V8's four helpers (compiler, concurrent marking) and libuv's
  // four file-system threads (all named "node"; the ids say which were started first).
  const names = rest.slice(1).filter(([, v]) => v >= 0.01).map(([k, v]) => `${k.replace(/^.*#/, '#')} ${v.toFixed(2)}`).join(', ');
  return `main ${main.toFixed(2)} s, front ${front.toFixed(2)} s, other threads ${other.toFixed(2)} s (${names}), total ${(main + front + other).toFixed(2)} s`;
}

/** CPU seconds of the nginx master whose command line names `conf`, and of its workers. */
function nginxCpu(conf) {
  const procs = [];
  for (const pid of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      procs.push({ pid, ppid: f[1], cpu: (Number(f[11]) + Number(f[12])) / TICK, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8') });
    } catch {
      /* gone */
    }
  }
  const masters = new Set(procs.filter((p) => p.cmd.startsWith('nginx') && p.cmd.includes(conf)).map((p) => p.pid));
  return procs.filter((p) => masters.has(p.pid) || masters.has(p.ppid)).reduce((s, p) => s + p.cpu, 0);
}

function simulate(url) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn('/usr/bin/time', ['-f', 'SIMCPU %U %S', process.execPath, join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', url, '--mac', '0004f2100000', '--count', String(PHONES), '--model', 'VVX400', '--tag-serial', '--timeout', '120'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', () => {
      const m = /SIMCPU ([\d.]+) ([\d.]+)/.exec(out);
      const failures = out.split('\n').filter((l) => /FAILED|problems| {2}- /.test(l)).slice(0, 5);
      resolve({ s: (performance.now() - t0) / 1000, ok: (out.match(/booted OK/g) ?? []).length, sim: m ? Number(m[1]) + Number(m[2]) : NaN, failures });
    });
  });
}

runBench('cpu-split', async ({ dir, stops }) => {
  const pk = await startProvkit({ dataDir: join(dir, 'provkit'), http: 0 });
  stops.push(pk.stop);
  writePhoneRoot(pk.root);
  const ngDir = join(dir, 'nginx');
  const ngRoot = join(dir, 'nginx-root');
  mkdirSync(ngDir, { recursive: true });
  writePhoneRoot(ngRoot);
  const ngPort = await freePort();
  writeFileSync(join(ngDir, 'nginx.conf'), nginxConf(ngDir, ngRoot, ngPort, { main: 'user root;\nworker_rlimit_nofile 65536;\n', connections: 8192, server: '    dav_methods PUT;\n    create_full_put_path on;\n    client_max_body_size 10m;\n' }));
  const ng = startProcess('nginx', ['-c', join(ngDir, 'nginx.conf'), '-p', ngDir]);
  stops.push(ng.stop);
  await waitTcp(ngPort);
  for (let r = 0; r < RUNS; r++) {
    await waitQuiet();
    const before = threads(pk.pid);
    const a = await simulate(`http://127.0.0.1:${pk.http}/`);
    const after = threads(pk.pid);
    process.stdout.write(`ProvKit run ${r + 1}: ${a.s.toFixed(1)} s wall, ${a.ok} OK, simulator CPU ${a.sim.toFixed(1)} s, server CPU: ${diff(before, after)}\n`);
    if (a.failures.length) process.stdout.write(`${a.failures.join('\n')}\n`);
    await waitQuiet();
    const ng0 = nginxCpu(ngDir);
    const b = await simulate(`http://127.0.0.1:${ngPort}/`);
    process.stdout.write(`nginx   run ${r + 1}: ${b.s.toFixed(1)} s wall, ${b.ok} OK, simulator CPU ${b.sim.toFixed(1)} s, nginx CPU ${(nginxCpu(ngDir) - ng0).toFixed(2)} s\n`);
  }
});
