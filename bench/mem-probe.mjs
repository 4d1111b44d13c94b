#!/usr/bin/env node
/**
 * Where the engine's memory goes as phones boot again and again: N simulated phones (one address,
 * as behind NAT) booting `--runs` times against one `provkit serve`; after each run the server's
 * RSS, V8 heap and (with `--snapshots DIR`) a heap snapshot of its main thread, for
 * `node bench/heap-top.mjs A B`. No reference server: this is a probe, not a comparison.
 *
 * Usage: node bench/mem-probe.mjs [--phones 300] [--runs 3] [--snapshots DIR]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, runBench, sleep, startProvkit, writePhoneRoot as writeRoot } from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const PHONES = Number(arg('phones', 300));
const RUNS = Number(arg('runs', 3));
const SNAPS = arg('snapshots', '');


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
