#!/usr/bin/env node
/**
 * Long tasks of a thread from a V8 CPU profile (`.cpuprofile`, e.g. from bench/loop-probe.cjs with
 * `LOOP_PROBE_CPU=S`): a task is a run of consecutive samples that are not `(idle)`. Prints the
 * busy share of the thread, how many tasks were over `--over` ms (default 50) and their total,
 * then, for those tasks, the functions holding the most of their time (inclusive: a function is
 * counted once per sample it is on the stack of), and the longest tasks with their heaviest frame.
 *
 * Usage: node bench/cpu-long-tasks.mjs FILE.cpuprofile [--over 50] [--top 25]
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const arg = (n, d) => {
  const i = process.argv.indexOf(`--${n}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const OVER = arg('over', 50);
const TOP = arg('top', 25);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
/** Labels on the stack of a sample (leaf first), each once. */
const stackCache = new Map();
const stack = (id) => {
  let s = stackCache.get(id);
  if (s) return s;
  const out = [];
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const l = label(byId.get(x));
    if (!seen.has(l)) {
      seen.add(l);
      out.push(l);
    }
  }
  stackCache.set(id, out);
  return out;
};

const samples = prof.samples;
const deltas = prof.timeDeltas;
const total = (prof.endTime - prof.startTime) / 1000;
let busy = 0;
const tasks = [];
let cur;
for (let i = 0; i < samples.length; i++) {
  const dt = (deltas[i + 1] ?? 0) / 1000; // the time until the next sample belongs to this one
  const n = byId.get(samples[i]);
  const idle = n.callFrame.functionName === '(idle)';
  if (idle) {
    if (cur) tasks.push(cur);
    cur = undefined;
    continue;
  }
  busy += dt;
  cur ??= { ms: 0, ids: [] };
  cur.ms += dt;
  cur.ids.push([samples[i], dt]);
}
if (cur) tasks.push(cur);
const long = tasks.filter((t) => t.ms >= OVER);
const longMs = long.reduce((a, t) => a + t.ms, 0);
process.stdout.write(`${file}: ${total.toFixed(0)} ms profiled, busy ${busy.toFixed(0)} ms (${((100 * busy) / total).toFixed(0)} %); ${tasks.length} tasks, ${long.length} of them ≥ ${OVER} ms holding ${longMs.toFixed(0)} ms; longest ${Math.max(...tasks.map((t) => t.ms)).toFixed(0)} ms\n`);
const incl = new Map();
for (const t of long) for (const [id, dt] of t.ids) for (const l of stack(id)) incl.set(l, (incl.get(l) ?? 0) + dt);
process.stdout.write(`\ninclusive time inside tasks ≥ ${OVER} ms:\n`);
for (const [l, ms] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, TOP)) process.stdout.write(`  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / longMs).toFixed(0).padStart(3)} %  ${l}\n`);
process.stdout.write(`\nlongest tasks (deepest frame on ≥ 60 % of its samples):\n`);
for (const t of [...long].sort((a, b) => b.ms - a.ms).slice(0, 12)) {
  const c = new Map();
  for (const [id, dt] of t.ids) for (const l of stack(id)) c.set(l, (c.get(l) ?? 0) + dt);
  const first = stack(t.ids[0][0]);
  let deepest = '';
  // the deepest frame (fewest ancestors below it) covering 60 %: pick the covering label whose position in stacks is lowest on average
  const cover = [...c].filter(([, ms]) => ms >= 0.6 * t.ms).map(([l]) => l);
  let best = -1;
  for (const l of cover) {
    const depth = Math.max(...t.ids.slice(0, 50).map(([id]) => stack(id).length - stack(id).indexOf(l)));
    if (depth > best) {
      best = depth;
      deepest = l;
    }
  }
  process.stdout.write(`  ${t.ms.toFixed(0).padStart(5)} ms  ${deepest}  (starts in ${first.slice(-4, -1).reverse().join(' > ')})\n`);
}
