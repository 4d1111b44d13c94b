#!/usr/bin/env node
/**
 * Summarise V8 heap snapshots (`.heapsnapshot`, as written by `--heapsnapshot-signal` or
 * `v8.writeHeapSnapshot()`): self size and count per node type + constructor name, biggest first.
 * Given two snapshots, prints the growth from the first to the second.
 *
 * Usage: node bench/heap-top.mjs A.heapsnapshot [B.heapsnapshot] [--top N]
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const topI = args.indexOf('--top');
const TOP = topI >= 0 ? Number(args.splice(topI, 2)[1]) : 40;

/** @returns {Map<string, { size: number, count: number }>} by "type:name" */
function summarise(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const f = meta.node_fields;
  const types = meta.node_types[0];
  const n = f.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((k) => f.indexOf(k));
  const out = new Map();
  const nodes = snap.nodes;
  let total = 0;
  for (let i = 0; i < nodes.length; i += n) {
    const type = types[nodes[i + iType]];
    let name = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' || type === 'array' ? snap.strings[nodes[i + iName]] : '';
    if (name.length > 60) name = `${name.slice(0, 57)}...`;
    const key = `${type}:${name}`;
    const size = nodes[i + iSize];
    total += size;
    const e = out.get(key) ?? { size: 0, count: 0 };
    e.size += size;
    e.count++;
    out.set(key, e);
  }
  out.set('TOTAL', { size: total, count: nodes.length / n });
  return out;
}

const mb = (b) => (b / 1048576).toFixed(2).padStart(8);
const a = summarise(args[0]);
if (args.length === 1) {
  for (const [k, v] of [...a].sort((x, y) => y[1].size - x[1].size).slice(0, TOP)) process.stdout.write(`${mb(v.size)} MiB ${String(v.count).padStart(9)}  ${k}\n`);
} else {
  const b = summarise(args[1]);
  const keys = new Set([...a.keys(), ...b.keys()]);
  const rows = [...keys].map((k) => {
    const x = a.get(k) ?? { size: 0, count: 0 };
    const y = b.get(k) ?? { size: 0, count: 0 };
    return { k, x, y, d: y.size - x.size };
  });
  process.stdout.write('   first     second     growth   count1 → count2\n');
  for (const r of rows.sort((p, q) => Math.abs(q.d) - Math.abs(p.d)).slice(0, TOP)) {
    process.stdout.write(`${mb(r.x.size)} ${mb(r.y.size)} ${mb(r.d)}  ${String(r.x.count).padStart(8)} → ${String(r.y.count).padEnd(8)} ${r.k}\n`);
  }
}
