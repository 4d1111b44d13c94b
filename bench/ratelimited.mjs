#!/usr/bin/env node
/**
 * Rate-limited benchmark: a test-made network namespace pair joined by a veth whose
 * both ends `tc` limits to 100 Mbit/s (a phone switch port); ProvKit serves in one namespace on the
 * standard ports, 24 simulated phones in the other each pull a 40 MiB image at once over HTTP
 * (curl), TFTP (atftp, blksize 1428) and FTP (curl, PlcmSpIp). Link: bench/lib/netns.mjs (tbf,
 * both directions, offloads off so frames are wire-sized). Printed: total time ÷ line-rate
 * bound (bytes × 8 ÷ 100 Mbit/s). Goal: ≤ 1.10 on every protocol.
 * Payload bytes only count in the bound: headers on the wire (Ethernet 14 B + IP 20 B + TCP 32 B
 * or UDP 8 B + TFTP 4 B per packet) are part of the cost, so the best possible is about 1.03-1.05.
 *
 * Usage: node bench/ratelimited.mjs [--runs N] [--phones N] [--only HTTP|TFTP|FTP]   (root; ip, tc, curl, atftp)
 * Nothing touches the host's network: everything lives in the two namespaces, removed at the end.
 */
import { join } from 'node:path';
import { median, MiB, requireTools, runBench, runsArg, startProvkit, timedParallel, writeRandomFile } from './lib.mjs';
import { makeShapedPair, netnsUnavailable } from './lib/netns.mjs';

const RATE_MBIT = 100;
const SIZE = 40 * MiB;
const PHONES = Number(process.argv[process.argv.indexOf('--phones') + 1]) || 24;

requireTools({ ip: 'iproute2', tc: 'iproute2', ethtool: 'ethtool', curl: 'curl', atftp: 'atftp' });
const why = netnsUnavailable();
if (why) {
  process.stderr.write(`skipped: ${why}\n`);
  process.exit(2);
}

runBench('ratelimited', async ({ dir, stops }) => {
  const runs = runsArg(3);
  // Both directions at line rate, wire-sized frames (no offloads): what a phone's switch port is.
  const net = makeShapedPair(`pkrl${process.pid % 100000}`, `${RATE_MBIT}mbit`, 78, { bothWays: true, frames: true });
  stops.push(async () => net.remove());
  const SRV_IP = net.serverIp;
  const pk = await startProvkit({ dataDir: join(dir, 'provkit'), bind: SRV_IP, http: 80, ftp: 21, tftp: 69, netns: net.server });
  stops.push(pk.stop);
  writeRandomFile(join(pk.root, 'img40.bin'), SIZE);
  const clients = {
    HTTP: () => ['curl', ['-sS', '-f', '-o', '/dev/null', `http://${SRV_IP}/img40.bin`]],
    TFTP: () => ['atftp', ['-g', '-r', 'img40.bin', '-l', '/dev/null', '--option', 'blksize 1428', SRV_IP, '69']],
    FTP: () => ['curl', ['-sS', '-f', '-o', '/dev/null', `ftp://PlcmSpIp:PlcmSpIp@${SRV_IP}/img40.bin`]],
  };
  const bound = (PHONES * SIZE * 8) / (RATE_MBIT * 1e6); // seconds
  const lines = [
    `### Rate-limited link (${RATE_MBIT} Mbit/s veth between two network namespaces, ${PHONES} phones × 40 MiB)`,
    '',
    `Line-rate bound: ${PHONES} × 40 MiB × 8 ÷ ${RATE_MBIT} Mbit/s = ${bound.toFixed(1)} s.`,
    '',
    '| Protocol (client) | Total time (median) | Time ÷ bound | Goal | Met | Runs (s) |',
    '|---|---|---|---|---|---|',
  ];
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]?.toUpperCase() : undefined;
  for (const [name, make] of Object.entries(clients)) {
    if (only && name !== only) continue;
    const times = [];
    for (let r = 0; r < runs; r++) {
      const [cmd, args] = make();
      const res = await timedParallel(PHONES, () => net.exec(net.phones, cmd, args));
      if (res.failed) throw new Error(`${name}: ${res.failed} of ${PHONES} phones failed: ${res.output}`);
      times.push(res.ms / 1000);
    }
    const m = median(times);
    const ratio = m / bound;
    lines.push(`| ${name} (${make()[0]}) | ${m.toFixed(1)} s | **${ratio.toFixed(3)}** | ≤ 1.10 | ${ratio <= 1.1 ? 'yes' : 'NO'} | ${times.map((t) => t.toFixed(1)).join(', ')} |`);
    process.stderr.write(`${name}: ${times.map((t) => t.toFixed(1)).join(', ')} s\n`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
});
