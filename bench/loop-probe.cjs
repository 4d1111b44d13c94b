/**
 * Preload for the engine's main thread (`PROBE_PRELOAD=bench/loop-probe.cjs node bench/mem-probe.mjs …`):
 * measures its event-loop delay with `perf_hooks.monitorEventLoopDelay` (10 ms resolution) and
 * writes the histogram (p50 / p95 / p99 / max, ms) as one JSON line every `LOOP_PROBE_MS` (default
 * 1,000 ms) to `LOOP_PROBE_FILE` (default `/tmp/loop-probe-<pid>.jsonl`). Worker threads are left
 * alone. `node bench/loop-probe.cjs FILE [FROM_S TO_S]` sums a file up (p95 of the per-second
 * p95s, highest max, over the lines in the time window).
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS */
const { isMainThread } = require('node:worker_threads');
const { appendFileSync, readFileSync } = require('node:fs');

if (require.main === module) {
  const [file, from, to] = process.argv.slice(2);
  const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const t0 = rows[0]?.t ?? 0;
  const sel = rows.filter((r) => (from === undefined || r.t - t0 >= Number(from) * 1000) && (to === undefined || r.t - t0 <= Number(to) * 1000));
  const p95s = sel.map((r) => r.p95).sort((a, b) => a - b);
  const at = (q) => p95s[Math.min(p95s.length - 1, Math.floor(q * p95s.length))];
  process.stdout.write(`${sel.length} s: per-second p95 median ${at(0.5)} ms, p95 of them ${at(0.95)} ms, highest max ${Math.max(...sel.map((r) => r.max))} ms\n`);
} else if (isMainThread && !process.argv.some((a) => /simulate/.test(a))) {
  const { monitorEventLoopDelay } = require('node:perf_hooks');
  const file = process.env.LOOP_PROBE_FILE || `/tmp/loop-probe-${process.pid}.jsonl`;
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const ms = (ns) => Math.round(ns / 1e6);
  setInterval(() => {
    if (h.count === 0) return;
    appendFileSync(file, `${JSON.stringify({ t: Date.now(), n: h.count, p50: ms(h.percentile(50)), p95: ms(h.percentile(95)), p99: ms(h.percentile(99)), max: ms(h.max) })}\n`);
    h.reset();
  }, Number(process.env.LOOP_PROBE_MS) || 1000).unref();
  // LOOP_PROBE_CPU=S: a CPU profile of the main thread's first S seconds (1 ms sampling), written
  // next to the file as .cpuprofile (NODE_OPTIONS does not allow --cpu-prof).
  const cpuS = Number(process.env.LOOP_PROBE_CPU);
  if (cpuS > 0) {
    const { Session } = require('node:inspector');
    const s = new Session();
    s.connect();
    s.post('Profiler.enable', () => s.post('Profiler.setSamplingInterval', { interval: 1000 }, () => s.post('Profiler.start')));
    setTimeout(() => {
      s.post('Profiler.stop', (err, res) => {
        if (!err) require('node:fs').writeFileSync(file.replace(/\.jsonl$/, '') + '.cpuprofile', JSON.stringify(res.profile));
        s.disconnect();
      });
    }, cpuS * 1000).unref();
  }
}
