#!/usr/bin/env node
/**
 * Benchmark: N simulated phones pull a 40 MB firmware image from ProvKit's firmware
 * repository over a tc-shaped veth link between two namespaces this script creates. Prints the
 * total time and its ratio to the line-rate bound (N × image bytes ÷ rate); 1.00 = the link was
 * full the whole time.
 * Usage (root): node bench/firmware-queue.mjs [--phones N] [--rate 100mbit] [--mb 40]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MiB, REPO, machine, startProvkit, workDir } from './lib.mjs';
import { makeShapedPair, netnsUnavailable, rateBits } from './lib/netns.mjs';

const { values } = parseArgs({ options: { phones: { type: 'string', default: '4' }, rate: { type: 'string', default: '100mbit' }, mb: { type: 'string', default: '40' } } });
const why = netnsUnavailable();
if (why) {
  console.log(`skipped: ${why}`);
  process.exit(0);
}
const n = Number(values.phones);
const bytes = Number(values.mb) * 1000 * 1000;
const work = workDir('fw-queue');
const dir = work.dir;
const pkg = join(dir, 'pkg');
mkdirSync(pkg, { recursive: true });
writeFileSync(join(pkg, 'sip.ver'), '5.9.6.2327\n');
const img = Buffer.alloc(bytes, 0x5a);
Buffer.from('PROVKIT-SIM-IMAGE 5.9.6.2327\n').copy(img);
writeFileSync(join(pkg, '3111-46157-002.sip.ld'), img);
const provkit = join(REPO, 'bin', 'provkit.mjs');
const data = join(dir, 'data');
const imp = spawnSync(process.execPath, [provkit, 'firmware', 'import', pkg, '--data', data], { encoding: 'utf8' });
if (imp.status !== 0) throw new Error(imp.stderr);

const net = makeShapedPair(`pkfw${process.pid % 10000}`, values.rate);
let server;
try {
  server = await startProvkit({ dataDir: data, bind: net.serverIp, http: 8080, netns: net.server });
  const started = Date.now();
  const [sc, sa] = net.exec(net.phones, process.execPath, [provkit, 'simulate', '--server', `http://${net.serverIp}:8080/`, '--mac', '0004f2bb0001', '--model', 'VVX400', '--count', String(n), '--timeout', '600', '--json']);
  const sim = spawnSync(sc, sa, { encoding: 'utf8', maxBuffer: 64 * MiB });
  const secs = (Date.now() - started) / 1000;
  if (sim.status !== 0) throw new Error(`simulate failed (${sim.status}): ${sim.stderr}${sim.stdout.slice(0, 2000)}${sim.error?.message ?? ""}`);
  const bound = (n * bytes * 8) / rateBits(values.rate);
  // Same image pulled by N parallel curl clients (no simulator start-up, no boot sequence).
  const url = `http://${net.serverIp}:8080/3111-46157-002.sip.ld`;
  const curlStart = Date.now();
  const [cc, ca] = net.exec(net.phones, 'sh', ['-c', `for i in $(seq ${n}); do curl -s -o /dev/null ${url} & done; wait`]);
  spawnSync(cc, ca);
  const curlSecs = (Date.now() - curlStart) / 1000;
  console.log(`curl pull:     ${n} x ${values.mb} MB: ${curlSecs.toFixed(1)} s; ratio ${(curlSecs / bound).toFixed(2)}`);
  const m = machine();
  console.log(`firmware pull: ${n} phones x ${values.mb} MB over ${values.rate}: ${secs.toFixed(1)} s; line-rate bound ${bound.toFixed(1)} s; ratio ${(secs / bound).toFixed(2)} (${m.nproc} CPUs, ${m.cpu})`);
} finally {
  await server?.stop();
  net.remove();
  work.cleanup();
}
