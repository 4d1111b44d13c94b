/**
 * Probe for the small-file goal (≥ 0.5× nginx requests/s): what a design that serves HTTP
 * from a worker thread and records in the main thread would reach, before building it.
 * A worker thread answers GET of a 1.5 KiB file from memory with pre-built headers and posts one
 * batch of request records per event-loop turn; the main thread gives every record to ProvKit's
 * real RequestLog (attribution, phone summaries, events), as `provkit serve` does. nginx serves
 * the same file side by side (bench/lib.mjs nginxConf). Not ProvKit's server: no path checks, no
 * other files, no uploads — a ceiling, to decide whether the design is worth building.
 *
 * Run: `npx tsx bench/http-worker-probe.ts [--runs N]` (needs nginx and wrk; loopback only).
 * Prints requests/s of the probe with and without recording, and of nginx, per run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLogger, silentSink } from '../electron/engine/logger';
import { OuiTable } from '../electron/engine/provisioning/oui';
import { RequestLog, type RequestRecord } from '../electron/engine/provisioning/request-log';
// @ts-expect-error plain .mjs helpers without type declarations
import { freePort, nginxConf, runsArg, startProcess, waitTcp, workDir, wrk } from './lib.mjs';

const FILE = '0004f2000001.cfg';

/** The serving thread: answers every GET with the file, batches records per turn. */
const WORKER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const body = Buffer.from(workerData.body);
const headers = { 'Accept-Ranges': 'bytes', 'Content-Type': 'application/xml', 'Last-Modified': new Date().toUTCString(), 'Cache-Control': 'no-cache', 'Content-Length': String(body.length) };
let batch = [];
const flush = () => { const b = batch; batch = []; parentPort.postMessage(b); };
createServer({ keepAlive: true }, (req, res) => {
  res.writeHead(200, headers);
  res.end(body);
  const client = req.socket.remoteAddress;
  batch.push({ time: Date.now(), protocol: 'http', client, method: req.method, path: req.url, status: 200, bytesSent: body.length, bytesReceived: 0, durationMs: 0, session: client + '|' + (req.headers['user-agent'] || '') });
  if (batch.length === 1) setImmediate(flush);
}).listen(workerData.port, '127.0.0.1', () => parentPort.postMessage('listening'));
`;

const { dir, cleanup } = workDir('http-worker-probe') as { dir: string; cleanup: () => void };
const body = `<?xml version="1.0" standalone="yes"?>\n<PHONE_CONFIG>\n${'  <ALL voIpProt.server.1.address="pbx.example.test"/>\n'.repeat(24)}</PHONE_CONFIG>\n`;
const root = join(dir, 'root');
mkdirSync(join(dir, 'nginx'), { recursive: true });
mkdirSync(root, { recursive: true, mode: 0o755 });
writeFileSync(join(root, FILE), body, { mode: 0o644 });

const log = new RequestLog({ oui: OuiTable.empty(), logger: createLogger('probe', silentSink) });
let record = true;
let recorded = 0;
const port = (await freePort()) as number;
const worker = new Worker(WORKER, { eval: true, workerData: { body, port } });
await new Promise<void>((resolve) =>
  worker.on('message', (m: RequestRecord[] | 'listening') => {
    if (m === 'listening') return resolve();
    for (const r of m) if (record) log.record(r);
    recorded += m.length;
  }),
);
const nxPort = (await freePort()) as number;
writeFileSync(join(dir, 'nginx', 'nginx.conf'), nginxConf(join(dir, 'nginx'), root, nxPort) as string);
const ngx = startProcess('nginx', ['-c', join(dir, 'nginx', 'nginx.conf'), '-p', join(dir, 'nginx')]) as { stop: () => Promise<void> };
await waitTcp(nxPort);

try {
  const url = (p: number) => `http://127.0.0.1:${p}/${FILE}`;
  await wrk(url(port), 3); // warm-up
  for (let run = 1; run <= (runsArg(3) as number); run++) {
    record = true;
    const before = recorded;
    const withLog = (await wrk(url(port), 8)) as number;
    const logged = recorded - before;
    record = false;
    const without = (await wrk(url(port), 8)) as number;
    const nginx = (await wrk(url(nxPort), 8)) as number;
    const r = (x: number) => Math.round(x).toLocaleString('en-US');
    process.stdout.write(
      `run ${run}: worker + RequestLog ${r(withLog)} req/s (${r(logged)} recorded), worker alone ${r(without)} req/s, nginx ${r(nginx)} req/s → ${(withLog / nginx).toFixed(2)}× nginx\n`,
    );
  }
} finally {
  await worker.terminate();
  await ngx.stop();
  cleanup();
}
