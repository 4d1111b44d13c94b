/**
 * Benchmark helper: two network namespaces joined by a veth pair, one side rate-limited with tc
 * (tbf), made and removed by the benchmark itself (root only). Names carry the pid so parallel runs
 * do not collide. Plain Node.
 */
import { spawnSync } from 'node:child_process';

function sh(args, { check = true } = {}) {
  const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  if (check && r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r;
}

/** Why netns benchmarks cannot run here, or undefined when they can. */
export function netnsUnavailable() {
  if (process.getuid?.() !== 0) return 'needs root (ip netns, tc)';
  if (sh(['ip', 'netns', 'list'], { check: false }).status !== 0) return '`ip netns` is not available';
  if (sh(['tc', '-V'], { check: false }).status !== 0) return '`tc` is not available (iproute2)';
  return undefined;
}

/**
 * Create `<tag>s` (server side, 10.<net>.0.1) and `<tag>p` (phones, 10.<net>.0.2), joined by a veth
 * whose server-side egress is shaped to `rate` (tc syntax, e.g. `100mbit`).
 * @param {{ bothWays?: boolean, frames?: boolean }} [opts] `bothWays`: shape the phones' side too
 *   (uploads, ACKs); `frames`: turn off TSO/GSO/GRO so tbf counts wire-sized frames, each with its
 *   headers, as a real link does (the rate-limited bench)
 * @returns names, addresses and `exec(ns, cmd, args)` argument builder, and `remove()`
 */
export function makeShapedPair(tag, rate, net = 77, opts = {}) {
  const s = `${tag}s`;
  const p = `${tag}p`;
  const vs = `${tag}vs`.slice(0, 15);
  const vp = `${tag}vp`.slice(0, 15);
  const remove = () => {
    sh(['ip', 'netns', 'del', s], { check: false });
    sh(['ip', 'netns', 'del', p], { check: false });
  };
  remove();
  sh(['ip', 'netns', 'add', s]);
  sh(['ip', 'netns', 'add', p]);
  sh(['ip', 'link', 'add', vs, 'type', 'veth', 'peer', 'name', vp]);
  sh(['ip', 'link', 'set', vs, 'netns', s]);
  sh(['ip', 'link', 'set', vp, 'netns', p]);
  const serverIp = `10.${net}.0.1`;
  const phoneIp = `10.${net}.0.2`;
  for (const [ns, dev, ip] of [[s, vs, serverIp], [p, vp, phoneIp]]) {
    sh(['ip', '-n', ns, 'addr', 'add', `${ip}/24`, 'dev', dev]);
    sh(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    sh(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  }
  for (const [ns, dev] of opts.bothWays ? [[s, vs], [p, vp]] : [[s, vs]]) {
    sh(['ip', 'netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', rate, 'burst', '256kb', 'latency', '400ms']);
  }
  if (opts.frames) for (const [ns, dev] of [[s, vs], [p, vp]]) sh(['ip', 'netns', 'exec', ns, 'ethtool', '-K', dev, 'tso', 'off', 'gso', 'off', 'gro', 'off']);
  return { server: s, phones: p, serverIp, phoneIp, exec: (ns, cmd, args) => ['ip', ['netns', 'exec', ns, cmd, ...args]], remove };
}

/** Bits per second of a tc rate such as `100mbit`, `20mbit`, `1gbit`. */
export function rateBits(rate) {
  const m = /^(\d+(?:\.\d+)?)(k|m|g)?bit$/i.exec(rate);
  if (!m) throw new Error(`rate "${rate}" is not like 100mbit`);
  const unit = { k: 1e3, m: 1e6, g: 1e9 }[(m[2] ?? "").toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}
