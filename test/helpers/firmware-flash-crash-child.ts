// Crash-test child: a headless engine (HTTP provisioning server on a fixed loopback port, the
// firmware queue with the web controller) in `dir`. With `setup <simPort>` it first imports the
// target package, stores the bench admin password and queues the simulated phone listening on
// 127.0.0.1:<simPort>. Prints "started", then runs until killed.
// Usage: node --import tsx firmware-flash-crash-child.ts <dir> <port> [setup <simPort>]
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import { writePackageFolder } from './firmware';

const [dir, port, mode, simPort] = process.argv.slice(2) as [string, string, string?, string?];
const engine = await Engine.create({ dataDir: dir, mode: 'headless', logSink: silentSink, overrides: { http: { bind: '127.0.0.1', port: Number(port) } } });
await engine.servers.http.start();
if (mode === 'setup') {
  await engine.handlers.firmwareImport({ path: await writePackageFolder(dir, 'pkg', '5.9.6.2327', ['VVX400'], 256 * 1024) });
  await engine.handlers.addPhoneCredential({ site: 'bench', password: 'B3nchPw' });
  await engine.handlers.firmwareQueueConfigure({ serverUrl: `http://127.0.0.1:${port}/`, stepTimeoutMs: 120_000, retries: 1, site: 'bench', controller: 'web' });
  await engine.handlers.firmwareQueueAdd({ phones: [{ mac: '0004f2f1c001', model: 'VVX400', current: '5.4.3.2036', host: `127.0.0.1:${simPort}` }] });
}
process.stdout.write('started\n');
setInterval(() => {}, 60_000);
