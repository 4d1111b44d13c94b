/**
 * Test child (run inside a network namespace with `node --import tsx`): the engine's DhcpService —
 * the code behind the DHCP page's Start button — with its settings saved through `configure`, then
 * `startBench()`. Prints `BENCH {json}` for every bench status it emits, until SIGTERM.
 * argv: data folder, then JSON of the bench settings patch.
 */
import { DhcpService } from '../../electron/engine/dhcp/dhcp-service';
import { createLogger } from '../../electron/engine/logger';

const [dataDir, patch] = process.argv.slice(2) as [string, string];
let last = '';
const svc = new DhcpService({
  dataDir,
  logger: createLogger('dhcp'),
  ouiVendor: () => undefined,
  emitPacket: () => {},
  emitPhone: () => {},
  knownPhone: () => false,
  provisioningUrl: () => undefined,
  emitStatus: (st) => {
    const line = JSON.stringify({ state: st.bench.state, message: st.bench.message, otherServers: st.bench.otherServers });
    if (line !== last) process.stdout.write(`BENCH ${line}\n`);
    last = line;
  },
});
await svc.load();
try {
  await svc.configure({ bench: JSON.parse(patch) });
} catch (err) {
  process.stdout.write(`CONFIGURE-ERROR ${JSON.stringify({ message: (err as Error).message, issues: (err as { issues?: string[] }).issues })}\n`);
  process.exit(0);
}
await svc.startBench(false);
process.once('SIGTERM', () => void svc.close().then(() => process.exit(0)));
