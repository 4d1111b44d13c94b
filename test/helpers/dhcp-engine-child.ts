/**
 * Test child (run inside a network namespace with `node --import tsx`): the whole engine, HTTP on
 * port 8080 of all addresses (FTP and TFTP off), its bench DHCP server started through the API
 * handlers the DHCP page calls. Prints `BENCH {json}` once started, then `REQUEST {json}` for every
 * request recorded (client, path, phone identity) with `DHCP [...]` (that phone's DHCP messages).
 * argv: data folder, bench pool first address, last address.
 */
import { Engine } from '../../electron/engine/engine';
import { silentSink } from '../../electron/engine/logger';
import type { RequestEvent } from '../../shared/dto';

const [dataDir, first, last] = process.argv.slice(2) as [string, string, string];
const engine = await Engine.create({ dataDir, mode: 'headless', logSink: silentSink, overrides: { http: { enabled: true, bind: '0.0.0.0', port: 8080 }, ftp: { enabled: false }, tftp: { enabled: false } } });
await engine.startEnabledServers();
engine.onEvent((event, payload) => {
  if (event !== 'request') return;
  const e = payload as RequestEvent;
  void engine.handlers.dhcpListPackets({ ...(e.phone.mac ? { mac: e.phone.mac } : {}) }).then((rows) => {
    process.stdout.write(`REQUEST ${JSON.stringify({ client: e.client, path: e.path, phone: e.phone })}\n`);
    process.stdout.write(`DHCP ${JSON.stringify(e.phone.mac ? rows.map((r) => r.messageType) : [])}\n`);
  });
});
await engine.handlers.dhcpConfigure({ iface: 'eth0', bench: { iface: 'eth0', poolStart: first, poolEnd: last } });
const st = await engine.handlers.dhcpStartBench({});
process.stdout.write(`BENCH ${JSON.stringify({ state: st.state, message: st.message })}\n`);
process.once('SIGTERM', () => void engine.close().then(() => process.exit(0)));
