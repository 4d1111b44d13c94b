#!/usr/bin/env node
/**
 * HTTP benchmark: ProvKit's HTTP server against nginx serving the same root on loopback
 * high ports (config in a temp dir; Debian's defaults: worker_processes auto, sendfile, access log).
 * Measures: 50 concurrent curl downloads of a 32 MiB image (aggregate throughput); small-file
 * request rate with wrk (2 threads, 50 keep-alive connections, 10 s) on a 1.5 KiB configuration.
 * Goals: large files ≥ 0.8× nginx aggregate throughput; small files ≥ 0.5× nginx requests/s.
 *
 * Usage: node bench/http.mjs [--runs N] [--only large|small]   (needs nginx, curl, wrk)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, runBench, interleave, median, MiB, printTable, requireTools, result, runsArg, sleep, startProcess, startProvkit, timedParallel, waitTcp, writeRandomFile } from './lib.mjs';
import { nginxConf, wrk } from './reference-servers.mjs';

const SIZE = 32 * MiB;
const CONCURRENT = 50;
const SMALL = '0004f2000001.cfg';

requireTools({ nginx: 'nginx-light', curl: 'curl', wrk: 'wrk' });

runBench('http', async ({ dir, stops }) => {
  const runs = runsArg(5);
  const pk = await startProvkit({ dataDir: join(dir, 'provkit'), http: await freePort() });
  stops.push(pk.stop);
  writeRandomFile(join(pk.root, 'img32.bin'), SIZE);
  writeFileSync(join(pk.root, SMALL), `<?xml version="1.0" standalone="yes"?>\n<PHONE_CONFIG>\n${'  <ALL voIpProt.server.1.address="pbx.example.test"/>\n'.repeat(24)}</PHONE_CONFIG>\n`, { mode: 0o644 });
  const nx = join(dir, 'nginx');
  mkdirSync(nx, { recursive: true });
  const nxPort = await freePort();
  writeFileSync(join(nx, 'nginx.conf'), nginxConf(nx, pk.root, nxPort));
  const ngx = startProcess('nginx', ['-c', join(nx, 'nginx.conf'), '-p', nx]);
  stops.push(ngx.stop);
  await waitTcp(nxPort);
  await sleep(300);

  const big = (port) => async () => {
    const r = await timedParallel(CONCURRENT, () => ['curl', ['-sS', '-f', '-o', '/dev/null', `http://127.0.0.1:${port}/img32.bin`]]);
    if (r.failed) throw new Error(`${r.failed} downloads failed: ${r.output}`);
    return r.ms;
  };
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const rows = [];
  if (only !== 'small') {
    const large = await interleave(runs, { pk: big(pk.http), ngx: big(nxPort) });
    const rate = (ms) => (SIZE * CONCURRENT) / MiB / (ms / 1000);
    const r1 = [large.pk.map(rate), large.ngx.map(rate)];
    rows.push(result(`${CONCURRENT} concurrent curl downloads × 32 MiB (aggregate)`, 'MiB/s', median(r1[0]), 'nginx', median(r1[1]), '≥ 0.8×', 0.8, ...r1));
  }
  if (only === 'large') return printTable('HTTP (loopback)', rows);

  const small = await interleave(Math.max(3, Math.ceil(runs / 2)), {
    pk: async () => wrk(`http://127.0.0.1:${pk.http}/${SMALL}`),
    ngx: async () => wrk(`http://127.0.0.1:${nxPort}/${SMALL}`),
  });
  rows.push(result(`small file (${SMALL}, 1.5 KiB): wrk -t2 -c50 -d10s`, 'req/s', median(small.pk), 'nginx', median(small.ngx), '≥ 0.5×', 0.5, small.pk, small.ngx));
  printTable('HTTP (loopback)', rows);
});
