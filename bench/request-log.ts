/**
 * Cost of recording one request in the main thread (RequestLog.record: attribution, phone summary,
 * the JSON line written to requests.jsonl, the live events), the work every request served by any
 * of the three servers adds to the main thread (HTTP small files, where the front in a
 * worker thread answers and the main thread only records). Not a comparison with a reference
 * server: a figure to watch when the request log changes.
 *
 * Run: `npx tsx bench/request-log.ts [--runs N] [--verdict]`. Prints µs per record for N rounds of
 * 200,000. `--verdict` adds what the engine does per request for the boot verdict: the boot tracker
 * counts the request, and the `phone` event carries the phone's verdict (computed per event).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, silentSink } from '../electron/engine/logger';
import { OuiTable } from '../electron/engine/provisioning/oui';
import { RequestLog } from '../electron/engine/provisioning/request-log';
import { BootTracker } from '../electron/engine/phones/boot-tracker';
// @ts-expect-error plain .mjs helpers without type declarations
import { runsArg } from './lib.mjs';

const N = 200_000;
const dir = mkdtempSync(join(tmpdir(), 'provkit-bench-log-'));
const verdict = process.argv.includes('--verdict');
const master = '<APPLICATION APP_FILE_PATH="sip.ld" CONFIG_FILES="site.cfg"/>';
const boots = verdict ? new BootTracker({ readMaster: async () => master, onChange: () => {} }) : undefined;
const log = new RequestLog({ file: join(dir, 'requests.jsonl'), oui: OuiTable.empty(), logger: createLogger('bench', silentSink), ...(boots ? { boots } : {}) });
await log.load();
log.on('request', () => {});
log.on('phone', (p: { mac: string }) => boots?.verdict(p.mac));
try {
  for (let round = 1; round <= (runsArg(3) as number); round++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const mac = `0004f2${(i % 500).toString(16).padStart(6, '0')}`;
      log.record({ time: Date.now(), protocol: 'http', client: `10.0.${(i % 500) >> 8}.${i % 256}`, method: 'GET', path: `/${mac}.cfg`, status: 200, bytesSent: 1500, bytesReceived: 0, durationMs: 0, source: 'file', userAgent: 'FileTransport PolycomVVX-VVX_400-UA/5.9.6.2327 Type/Application', session: `10.0.0.1|x` });
      if (i % 500 === 0) await new Promise((r) => setImmediate(r)); // let the file writes run, as a server would
    }
    process.stdout.write(`round ${round}: ${(((performance.now() - t0) * 1000) / N).toFixed(2)} µs per record (${N.toLocaleString('en-US')} records, 500 phones${verdict ? ', with boot verdicts' : ''})\n`);
  }
} finally {
  await log.close();
  boots?.close();
  rmSync(dir, { recursive: true, force: true });
}
