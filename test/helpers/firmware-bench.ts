/**
 * Test helper: a bench of 10 simulated phones on a real HTTP provisioning server with the firmware
 * service, the simulated bench as phone controller, and power control through the PoE switch
 * driver on a serial port (the socat switch-console emulator). Used by the queue integration
 * test and by the crash test's child process.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FINISHED_STATES, type QueueSettings } from '../../shared/firmware-dto';
import { createLogger, silentSink } from '../../electron/engine/logger';
import { POE_SWITCH_DEFAULTS } from '../../electron/engine/firmware/power/drivers';
import { FirmwareService } from '../../electron/engine/firmware/service';
import { ConfigRenderer } from '../../electron/engine/provisioning/config-render';
import { HttpProvisioningServer } from '../../electron/engine/provisioning/http-server';
import { OuiTable } from '../../electron/engine/provisioning/oui';
import { RequestLog } from '../../electron/engine/provisioning/request-log';
import { ProvisioningResolver } from '../../electron/engine/provisioning/resolver';
import { UploadStore } from '../../electron/engine/provisioning/uploads';
import { SimulatedBench, type SimBenchPhoneOptions } from '../../electron/engine/simulator/firmware-bench';
import { writePackageFolder } from './firmware';

export const TARGET = '5.9.6.2327';

/** The 10 phones: 7 plain, 2 reject the image once, 1 never returns (outlet 10). */
export const BENCH_PHONES: Array<SimBenchPhoneOptions & { outlet: number }> = Array.from({ length: 10 }, (_, i) => ({
  mac: `0004f2aa00${String(i + 1).padStart(2, '0')}`,
  model: i % 2 ? 'VVX310' : 'VVX400',
  appVersion: '5.4.3.2036',
  outlet: i + 1,
  ...(i === 3 || i === 6 ? { rejectTimes: 1 } : {}),
  ...(i === 9 ? { neverReturn: true } : {}),
}));

/** A running bench. */
export interface Bench {
  svc: FirmwareService;
  sims: SimulatedBench;
  url: string;
  close(): Promise<void>;
}

/**
 * Start (or restart) a bench in `dir` on `port` (0 = ephemeral) with power control on `serialPort`.
 * Repository and queue live in `dir`, so a restarted bench resumes the same run.
 * @param beforeLoad called with the service before it loads the saved queue (e.g. to watch it)
 */
export async function startBench(dir: string, port: number, serialPort: string, settings: Partial<QueueSettings>, beforeLoad?: (svc: FirmwareService) => void): Promise<Bench> {
  const logger = createLogger('bench', silentSink);
  const resolver = new ProvisioningResolver(join(dir, 'provisioning'), new UploadStore(join(dir, 'uploads')), new ConfigRenderer({ getPhone: () => undefined }));
  await resolver.init();
  const log = new RequestLog({ oui: OuiTable.empty(), logger });
  const svc = new FirmwareService({ dataDir: dir, resolver, requestLog: log, logger });
  const http = new HttpProvisioningServer(resolver, log, logger);
  const bound = await http.start({ bind: '127.0.0.1', port, pathPrefix: '' });
  const url = `http://127.0.0.1:${bound}/`;
  const sims = new SimulatedBench({ server: url, flashMs: 100, retryMs: 300, stateFile: join(dir, 'sim-phones.json') });
  sims.add(BENCH_PHONES);
  svc.setController(sims);
  svc.onPowerCycled((mac) => sims.powerCycled(mac));
  beforeLoad?.(svc);
  await svc.load();
  await svc.setPower({ ...POE_SWITCH_DEFAULTS, path: serialPort, offMs: 100, timeoutMs: 3000 });
  if (!svc.repo.versionsFor('VVX400').includes(TARGET)) {
    await svc.repo.importPath(await writePackageFolder(join(dir, 'packages'), 'ucs-5.9.6', TARGET, ['VVX400', 'VVX310'], 256 * 1024));
  }
  if (!svc.queue.state.phones.length) {
    svc.queue.configure({ serverUrl: url, ...settings });
    svc.queue.add(BENCH_PHONES.map((p) => ({ mac: p.mac, model: p.model, current: p.appVersion, outlet: p.outlet, target: TARGET })));
  }
  return {
    svc,
    sims,
    url,
    close: async () => {
      sims.close();
      await http.stop();
      await svc.close();
    },
  };
}

/** Wait until every phone of the queue is done or failed. @throws after `timeoutMs` */
export async function waitFinished(svc: FirmwareService, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!svc.queue.state.phones.every((p) => FINISHED_STATES.includes(p.state))) {
    if (Date.now() > end) throw new Error(`queue not finished: ${svc.queue.state.phones.map((p) => `${p.mac}=${p.state}`).join(' ')}`);
    await sleep(100);
  }
}
