#!/usr/bin/env node
/**
 * Where the engine's memory goes as phones boot again and again: N simulated phones (one address,
 * as behind NAT) booting `--runs` times against one `provkit serve`; after each run the server's
 * RSS, V8 heap and (with `--snapshots DIR`) a heap snapshot of its main thread, for
 * `node bench/heap-top.mjs A B`. No reference server: this is a probe, not a comparison.
 *
 * With `--threads`, each thread's V8 heap after each run (preload `bench/mem-threads.cjs`); with
 * `--malloc`, glibc's arenas after each run (`malloc_info` called through gdb: arenas, bytes
 * taken from the system, bytes free in them); with `--trim`, the RSS after glibc's `malloc_trim(0)`
 * (through gdb: what the arenas held free).
 *
 * Usage: node bench/mem-probe.mjs [--phones 300] [--runs 3] [--snapshots DIR] [--threads] [--malloc] [--trim]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runBench, sleep, startProvkit, writePhoneRoot as writeRoot } from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const PHONES = Number(arg('phones', 300));
const RUNS = Number(arg('runs', 3));
const SNAPS = arg('snapshots', '');
const THREADS = process.argv.includes('--threads');
const MALLOC = process.argv.includes('--malloc');
const TRIM = process.argv.includes('--trim');
const SETTLE = Number(arg('settle', 0));


function simulate(url) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [join(REPO, 'bin', 'provkit.mjs'), 'simulate', '--server', url, '--mac', '0004f2100000', '--count', String(PHONES), '--model', 'VVX400', '--tag-serial', '--timeout', '120'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', () =>
      resolve({ ms: performance.now() - t0, ok: (out.match(/booted OK/g) ?? []).length, failures: out.split('\n').filter((l) => /FAILED|problems| {2}- /.test(l)) }),
    );
  });
}

const status = (pid) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(s)?.[1] ?? NaN) / 1024;
  return `RSS ${kb('VmRSS').toFixed(0)} MiB (anon ${kb('RssAnon').toFixed(0)}, file ${kb('RssFile').toFixed(0)}), threads ${/Threads:\s+(\d+)/.exec(s)?.[1]}`;
};

/** Call the UI API (`listPhones`) every 100 ms until `stop()`; @returns latencies (ms) and sizes (bytes). */
function pollApi(base, token) {
  const lat = [];
  let bytes = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const r = await fetch(`${base}/api/listPhones`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
        bytes = (await r.arrayBuffer()).byteLength;
        if (r.ok) lat.push(performance.now() - t0);
      } catch {
        /* counted as missing */
      }
      await sleep(100);
    }
  })();
  return { stop: async () => ((running = false), await loop, { lat, bytes }) };
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

/** The last line per thread of the mem-threads.cjs file, one line of text per thread. */
function threadHeaps(file) {
  if (!existsSync(file)) return '  (no thread heap lines)';
  const last = new Map();
  for (const l of readFileSync(file, 'utf8').trim().split('\n')) {
    const r = JSON.parse(l);
    last.set(r.th, r);
  }
  return [...last.values()].map((r) => `  ${r.th}: ${Object.entries(r).filter(([k]) => k !== 't' && k !== 'th').map(([k, v]) => `${k} ${v}`).join(', ')} MiB`).join('\n');
}

/** A gdb script that prints each arena's address, in the order malloc_info lists them. */
function gdbWalk(file) {
  const f = `${file}.gdb`;
  writeFileSync(f, 'set $a = &main_arena\nwhile 1\n  printf "ARENA %p\\n", $a\n  set $a = $a->next\n  if $a == &main_arena\n    loop_break\n  end\nend\n');
  return f;
}

/** glibc's arenas of process `pid` (malloc_info through gdb), summed: one line of text. */
function mallocInfo(pid, file) {
  const r = spawnSync('gdb', ['-p', String(pid), '-batch', '-ex', `print (void*)fopen("${file}","w")`, '-ex', 'print (int)malloc_info(0,$1)', '-ex', 'print (int)fclose($1)', '-ex', 'thread apply all print (void*)thread_arena', '-x', gdbWalk(file)], { encoding: 'utf8' });
  // Which thread uses which arena (glibc's thread_arena), with the thread's CPU seconds: the front is the busiest after main.
  const owners = new Map();
  for (const m of r.stdout.matchAll(/\(LWP (\d+)\)[^\n]*\n\$\d+ = \(void \*\) (0x[0-9a-f]+)/g)) {
    let cpu = 0;
    try {
      const f = readFileSync(`/proc/${pid}/task/${m[1]}/stat`, 'utf8').split(') ')[1].split(' ');
      cpu = (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      /* gone */
    }
    const k = m[2] === '0x0' ? 'none' : m[2];
    owners.set(k, `${owners.has(k) ? `${owners.get(k)}+` : ''}${m[1] === String(pid) ? 'main' : `${m[1]}(${cpu.toFixed(0)}s)`}`);
  }
  const ownerLine = [...owners].map(([a, t]) => `${a}:${t}`).join(' ');
  if (!existsSync(file)) return `  malloc: gdb failed (${r.stderr.slice(-200)})`;
  const x = readFileSync(file, 'utf8');
  const heaps = x.split('<heap nr=').slice(1);
  const mib = (b) => (b / 1048576).toFixed(1);
  const per = heaps.map((h) => {
    const n = (re) => Number(re.exec(h)?.[1] ?? 0);
    return { sys: n(/<system type="current" size="(\d+)"/), free: n(/<total type="fast" count="\d+" size="(\d+)"/) + n(/<total type="rest" count="\d+" size="(\d+)"/) };
  });
  const tail = x.slice(x.lastIndexOf('</heap>'));
  const mmap = Number(/<total type="mmap" count="\d+" size="(\d+)"/.exec(tail)?.[1] ?? 0);
  const sys = per.reduce((s, p) => s + p.sys, 0);
  const free = per.reduce((s, p) => s + p.free, 0);
  return `  malloc: ${per.length} arenas, ${mib(sys)} MiB from the system (${mib(free)} MiB of it free), mmapped blocks ${mib(mmap)} MiB; per arena sys/free: ${per.map((p) => `${mib(p.sys)}/${mib(p.free)}`).join(' ')}\n  arenas of threads (thread_arena: thread(CPU s)): ${ownerLine}\n  arena addresses in malloc_info order: ${[...r.stdout.matchAll(/ARENA (0x[0-9a-f]+)/g)].map((m) => m[1]).join(' ')}`;
}

async function snapshot(pid, label) {
  const before = new Set(readdirSync(SNAPS));
  process.kill(pid, 'SIGUSR2');
  const end = Date.now() + 120000;
  for (;;) {
    const f = readdirSync(SNAPS).find((x) => !before.has(x) && x.endsWith('.heapsnapshot'));
    if (f) {
      let size = -1;
      while (Date.now() < end) {
        await sleep(1000);
        const s = statSync(join(SNAPS, f)).size;
        if (s === size && s > 0) break;
        size = s;
      }
      process.stdout.write(`  snapshot ${label}: ${join(SNAPS, f)} (${(size / 1048576).toFixed(0)} MiB)\n`);
      return;
    }
    if (Date.now() > end) throw new Error('no snapshot');
    await sleep(500);
  }
}

runBench('mem-probe', async ({ dir, stops }) => {
  if (SNAPS) {
    mkdirSync(SNAPS, { recursive: true });
    process.env.NODE_OPTIONS = `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${SNAPS}`;
  }
  const threadFile = join(dir, 'mem-threads.jsonl');
  if (THREADS) {
    process.env.MEM_THREADS_FILE = threadFile;
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${join(REPO, 'bench', 'mem-threads.cjs')}`;
  }
  if (process.env.PROBE_PRELOAD) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --require ${process.env.PROBE_PRELOAD}`;
  }
  const pk = await startProvkit({ dataDir: join(dir, 'provkit'), http: 0 });
  stops.push(pk.stop);
  writeRoot(pk.root);
  process.stdout.write(`start: ${status(pk.pid)}\n`);
  const ui = new URL(/Web UI\s+(http:\/\/[^\s]+)/.exec(pk.output())?.[1] ?? '');
  const token = ui.searchParams.get('token') ?? readFileSync(join(dir, 'provkit', 'ui-token'), 'utf8').trim();
  const base = `${ui.protocol}//${ui.host}`;
  if (SNAPS) await snapshot(pk.pid, 'at start');
  for (let r = 1; r <= RUNS; r++) {
    const poll = pollApi(base, token);
    const a = await simulate(`http://127.0.0.1:${pk.http}/`);
    const { lat, bytes } = await poll.stop();
    await sleep(2000);
    process.stdout.write(`run ${r}: ${(a.ms / 1000).toFixed(1)} s, ${a.ok}/${PHONES} OK; API p50/p95/max ${pct(lat, 50).toFixed(0)}/${pct(lat, 95).toFixed(0)}/${Math.max(...lat).toFixed(0)} ms (${lat.length} calls, ${(bytes / 1024).toFixed(0)} KiB); ${status(pk.pid)}\n`);
    if (a.ok < PHONES) process.stdout.write(`${a.failures.slice(0, 5).join('\n')}\n`);
    if (THREADS) process.stdout.write(`${threadHeaps(threadFile)}\n`);
    if (SETTLE > 0) {
      const at = [];
      for (let t = 5; t <= SETTLE; t += 5) {
        await sleep(5000);
        at.push(`${t + 2} s: ${/RSS (\d+) MiB/.exec(status(pk.pid))[1]}`);
      }
      process.stdout.write(`  RSS (MiB) after the run, idle: ${at.join(', ')}\n`);
    }
    if (MALLOC) process.stdout.write(`${mallocInfo(pk.pid, join(dir, `malloc-${r}.xml`))}\n`);
    if (TRIM) {
      spawnSync('gdb', ['-p', String(pk.pid), '-batch', '-ex', 'print (int)malloc_trim(0)'], { encoding: 'utf8' });
      process.stdout.write(`  after malloc_trim(0) through gdb: ${status(pk.pid)}\n`);
    }
    if (SNAPS) await snapshot(pk.pid, `after run ${r}`);
  }
  const notes = pk.output().split('\n').filter((l) => /warn|error|fail/i.test(l));
  if (notes.length) process.stdout.write(`server said (${notes.length} lines):\n${notes.slice(0, 8).join('\n')}\n`);
  if (existsSync(join(dir, 'provkit'))) {
    for (const f of readdirSync(join(dir, 'provkit'))) {
      const st = statSync(join(dir, 'provkit', f));
      if (st.isFile()) process.stdout.write(`  data ${f}: ${(st.size / 1024).toFixed(0)} KiB\n`);
    }
  }
});
