/**
 * Cost of recording one request in the main thread (RequestLog.record: attribution, phone summary,
 * the JSON line written to requests.jsonl, the live events), the work every request served by any
 * of the three servers adds to the main thread (issue #7: HTTP small files, where the front in a
 * worker thread answers and the main thread only records). Not a comparison with a reference
 * server: a figure to watch when the request log changes.
 *
 * Run: `npx tsx bench/request-log.ts [--runs N]`. Prints µs per record for N rounds of 200,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, silentSink } from '../electron/engine/logger';
import { OuiTable } from '../electron/engine/provisioning/oui';
import { RequestLog } from '../electron/engine/provisioning/request-log';
// @ts-expect-error plain .mjs helpers without type declarations
import { runsArg } from './lib.mjs';

const N = 200_000;
const dir = mkdtempSync(join(tmpdir(), 'provkit-bench-log-'));
const log = new RequestLog({ file: join(dir, 'requests.jsonl'), oui: OuiTable.empty(), logger: createLogger('bench', silentSink) });
await log.load();
log.on('request', () => {});
log.on('phone', () => {});
try {
  for (let round = 1; round <= (runsArg(3) as number); round++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const mac = `0004f2${(i % 500).toString(16).padStart(6, '0')}`;
      log.record({ time: Date.now(), protocol: 'http', client: `10.0.${(i % 500) >> 8}.${i % 256}`, method: 'GET', path: `/${mac}.cfg`, status: 200, bytesSent: 1500, bytesReceived: 0, durationMs: 0, source: 'file', userAgent: 'FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 Type/Application', session: `10.0.0.1|x` });
      if (i % 500 === 0) await new Promise((r) => setImmediate(r)); // let the file writes run, as a server would
    }
    process.stdout.write(`round ${round}: ${(((performance.now() - t0) * 1000) / N).toFixed(2)} µs per record (${N.toLocaleString('en-US')} records, 500 phones)\n`);
  }
} finally {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
}
