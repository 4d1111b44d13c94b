/**
 * Preload for `provkit serve` (`PROBE_PRELOAD=$PWD/bench/mem-threads.cjs node bench/mem-probe.mjs …`,
 * or mem-probe's `--threads`): every `MEM_THREADS_MS` (default 1,000 ms) each JavaScript thread
 * (main, HTTP front, TFTP workers) appends one JSON line to `MEM_THREADS_FILE` (default
 * `/tmp/mem-threads-<pid>.jsonl`) with its V8 heap in MiB: `total`/`used` (all spaces), `young`
 * (new space committed), `old` (old space used), `ext` (external memory V8 knows of),
 * `malloced` (V8's own malloc); the main thread adds `process.memoryUsage()`'s `rss` and
 * `arrayBuffers`; every thread its collections so far (count and pause ms, scavenges and the
 * rest apart). Sources: Node.js `v8.getHeapStatistics`, `v8.getHeapSpaceStatistics`,
 * `process.memoryUsage`.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS */
const { isMainThread, threadId } = require('node:worker_threads');
const { appendFileSync } = require('node:fs');
const v8 = require('node:v8');

if (!process.argv.some((a) => /simulate/.test(a))) {
  const file = process.env.MEM_THREADS_FILE || `/tmp/mem-threads-${process.pid}.jsonl`;
  const mib = (b) => Math.round((b / 1048576) * 10) / 10;
  const name = isMainThread ? 'main' : `worker${threadId}`;
  // Pause time of this thread's collections so far, ms, by kind (1 minor/scavenge, 2 major, 4 incremental, 8 weak callbacks).
  const gc = { minorMs: 0, minorN: 0, majorMs: 0, majorN: 0 };
  const { PerformanceObserver, constants } = require('node:perf_hooks');
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const minor = (e.detail?.kind ?? e.kind) === constants.NODE_PERFORMANCE_GC_MINOR;
      gc[minor ? 'minorMs' : 'majorMs'] += e.duration;
      gc[minor ? 'minorN' : 'majorN']++;
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const h = v8.getHeapStatistics();
    const sp = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s]));
    const row = { t: Date.now(), th: name, total: mib(h.total_heap_size), used: mib(h.used_heap_size), young: mib(sp.new_space?.space_size ?? 0), old: mib(sp.old_space?.space_used_size ?? 0), ext: mib(h.external_memory), malloced: mib(h.malloced_memory), gcMinorMs: Math.round(gc.minorMs), gcMinorN: gc.minorN, gcMajorMs: Math.round(gc.majorMs), gcMajorN: gc.majorN };
    if (isMainThread) {
      const m = process.memoryUsage();
      Object.assign(row, { rss: mib(m.rss), arrayBuffers: mib(m.arrayBuffers) });
    }
    appendFileSync(file, `${JSON.stringify(row)}\n`);
  }, Number(process.env.MEM_THREADS_MS) || 1000).unref();
}
