/**
 * Benchmark: how long ProvKit takes to find and act on a bench of phones, against
 * simulated phone web servers on loopback addresses (Linux: all of 127/8 is local).
 * - discovery: scan a /26 on one port and identify every phone (login + getInfo);
 * - batch reboot of N phones (8 at a time), each verified (went away, came back, same MAC);
 * - batch "set boot server" to ProvKit's own HTTP server, verified down to each phone's boot in the
 *   request log.
 * The simulated phones stay down 1 s per reboot; verification polls every 250 ms.
 * Run: `npx tsx bench/phone-web.ts [N]` (default 40). Prints one line per measure.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../electron/engine/engine';
import { silentSink } from '../electron/engine/logger';
import { SimulatedPhoneServer } from '../electron/engine/simulator/polycom-web/server';
import { SimPhone } from '../electron/engine/simulator/polycom-web/sim-phone';

const n = Number(process.argv[2] ?? 40);
if (process.platform !== 'linux' || !Number.isInteger(n) || n < 1 || n > 60) {
  process.stdout.write('phone-web bench: Linux only (127.0.0.0/8 addresses), N 1-60\n');
  process.exit(0);
}
const engine = await Engine.create({ dataDir: mkdtempSync(join(tmpdir(), 'provkit-bench-web-')), mode: 'headless', logSink: silentSink, overrides: { http: { bind: '127.0.0.1', port: 0 } } });
const http = await engine.servers.http.start();
engine.phones.timing = { pollMs: 250, downTimeoutMs: 30_000, upTimeoutMs: 60_000, bootTimeoutMs: 30_000 };
engine.phones.neighbourSource = async () => [];
const dialects = ['legacy', 'ucs6', 'rest'] as const;
const phones: SimulatedPhoneServer[] = [];
let port = 0;
for (let i = 0; i < n; i++) {
  const dialect = dialects[i % 3]!;
  const p = new SimPhone({ dialect, mac: `0004f2ee${i.toString(16).padStart(4, '0')}`, password: dialect === 'rest' ? 'Bench!1' : '456', rebootDownMs: 1000 });
  const srv = new SimulatedPhoneServer(p, { bind: `127.0.1.${i + 1}`, port });
  port = await srv.start();
  phones.push(srv);
}
await engine.handlers.addPhoneCredential({ site: 'default', password: 'Bench!1' });

const ms = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
let t = performance.now();
const found = await engine.handlers.discoverPhones({ known: false, scan: { cidr: '127.0.1.0/26', ports: [port], concurrency: 32 } });
process.stdout.write(`discovery: 62 addresses scanned, ${found.phones.filter((p) => p.info).length}/${n} phones identified (${dialects.join(', ')}) in ${ms(t)}\n`);

const targets = found.phones.map((p) => ({ host: p.host, port: p.port, https: p.https, ...(p.mac ? { mac: p.mac } : {}) }));
for (const [action, settings] of [
  ['reboot', undefined],
  ['setBootServer', { type: 'http' as const, server: `127.0.0.1:${http.boundPort}` }],
] as const) {
  t = performance.now();
  const b = await engine.handlers.phoneBatchRun({ action, targets, concurrency: 8, ...(settings ? { settings } : {}) });
  const done = await engine.phones.batches.settled(b.batchId, 100);
  const booted = done.rows.filter((r) => r.verified?.some((v) => v.startsWith('booted against ProvKit'))).length;
  process.stdout.write(`batch ${action} of ${n} phones, 8 at a time: ${done.ok} verified, ${done.failed} failed${action === 'setBootServer' ? `, ${booted} boots seen in the request log` : ''} in ${ms(t)}\n`);
}
await Promise.all(phones.map((p) => p.stop()));
await engine.close();
