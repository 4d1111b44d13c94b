/**
 * The firmware area of the engine: repository (`<data>/firmware/`), the file source that serves it
 * to phones through the ProvisioningResolver, the upgrade queue (`<data>/firmware/queue.json`),
 * the phone controller and serial power control (`<data>/firmware/power.json`), run reports
 * (`<data>/firmware/reports/`). Issue #6.
 */
import { join } from 'node:path';
import type { QueuePhone } from '../../../shared/firmware-dto';
import { parseUserAgent } from '../../../shared/phone-identity';
import { readJson, writeFileAtomic, writeJsonAtomic } from '../atomic-file';
import type { Logger } from '../logger';
import type { RequestLog } from '../provisioning/request-log';
import type { ProvisioningResolver, RequestContext } from '../provisioning/resolver';
import { FirmwareFileSource } from './file-source';
import { ManualController, type PhoneController } from './phone-controller';
import { createPowerDriver, type PowerConfig } from './power/drivers';
import { PowerControlError, type PortFactory } from './power/serial-line';
import { UpgradeQueue, type PowerCycler } from './queue';
import { QueueStore } from './queue-store';
import { FirmwareRepository } from './repository';
import { benchReportText, reportCsv, reportRows } from './run-report';
import { TokenBucket } from './token-bucket';

/** Power control settings: the driver and which outlet each phone is on is in the queue. */
export interface PowerSettings {
  config?: PowerConfig;
}

/** What the service needs from the engine. */
export interface FirmwareServiceDeps {
  dataDir: string;
  resolver: ProvisioningResolver;
  requestLog: RequestLog;
  logger: Logger;
}

/** Everything firmware. */
export class FirmwareService {
  readonly dir: string;
  readonly repo: FirmwareRepository;
  readonly bucket = new TokenBucket();
  readonly source: FirmwareFileSource;
  readonly queue: UpgradeQueue;
  private controller: PhoneController = new ManualController();
  private power: PowerSettings = {};
  private ports: PortFactory | undefined;
  private powerLock: Promise<unknown> = Promise.resolve();
  private readonly cycledHooks: Array<(mac: string) => void> = [];

  constructor(private readonly deps: FirmwareServiceDeps) {
    this.dir = join(deps.dataDir, 'firmware');
    this.repo = new FirmwareRepository(this.dir, deps.logger.child('repository'));
    const macFor = (ctx: RequestContext | undefined) => parseUserAgent(ctx?.userAgent).mac ?? (ctx?.client ? deps.requestLog.macForAddress(ctx.client) : undefined);
    this.source = new FirmwareFileSource(this.repo, this.bucket, macFor);
    this.queue = new UpgradeQueue({
      store: new QueueStore(join(this.dir, 'queue.json')),
      repo: this.repo,
      source: this.source,
      bucket: this.bucket,
      controller: () => this.controller,
      power: () => (this.power.config ? this.cycler : undefined),
      logger: deps.logger.child('queue'),
    });
    deps.resolver.addSource(this.source);
    deps.requestLog.on('request', (ev) => this.queue.onRequest(ev));
    this.source.on('transfer', (t) => this.queue.onTransfer(t));
  }

  /**
   * Load the repository, power settings and the queue (resuming phones mid-step).
   * @throws SyntaxError when a state file is corrupt (with its path)
   */
  async load(): Promise<void> {
    await this.repo.load();
    this.power = await readJson<PowerSettings>(join(this.dir, 'power.json'), {});
    await this.queue.load();
  }

  /** Use another phone controller (the #4 web-UI client, a simulated bench). */
  setController(c: PhoneController): void {
    this.controller = c;
  }

  /** The controller in use. */
  get controllerKind(): PhoneController['kind'] {
    return this.controller.kind;
  }

  /**
   * Set (or clear) the power-control device; saved.
   * @param ports serial port factory (tests inject a mock)
   */
  async setPower(config: PowerConfig | undefined, ports?: PortFactory): Promise<void> {
    this.power = config ? { config } : {};
    if (ports) this.ports = ports;
    await writeJsonAtomic(join(this.dir, 'power.json'), this.power);
  }

  /** The power-control settings. */
  get powerSettings(): PowerSettings {
    return this.power;
  }

  /** Be told when a phone's outlet was power-cycled (the simulator reboots its phone). */
  onPowerCycled(fn: (mac: string) => void): void {
    this.cycledHooks.push(fn);
  }

  /** Power-cycle a phone's outlet; one serial exchange at a time. */
  private readonly cycler: PowerCycler = (phone: QueuePhone) => {
    const cfg = this.power.config;
    if (!cfg) return Promise.reject(new PowerControlError('no power-control device is set up', []));
    if (phone.outlet === undefined) return Promise.reject(new PowerControlError(`${phone.mac} has no outlet number`, []));
    const run = this.powerLock.then(async () => {
      const transcript = await createPowerDriver(cfg, this.ports).cycle(phone.outlet!);
      for (const fn of this.cycledHooks) fn(phone.mac);
      return transcript;
    });
    this.powerLock = run.catch(() => undefined);
    return run;
  };

  /** Report rows, CSV and text of the current run. */
  report() {
    const view = this.queue.state;
    return { rows: reportRows(view.phones), csv: reportCsv(reportRows(view.phones)), text: benchReportText(view) };
  }

  /**
   * Write the bench run report (`reports/bench-run-<time>.txt` and `.csv`).
   * @returns the text report's path
   */
  async writeReport(): Promise<string> {
    const r = this.report();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const base = join(this.dir, 'reports', `bench-run-${stamp}`);
    await writeFileAtomic(`${base}.csv`, r.csv);
    await writeFileAtomic(`${base}.txt`, r.text);
    return `${base}.txt`;
  }

  /** Stop the queue's timers and flush its state. */
  async close(): Promise<void> {
    await this.queue.close();
  }
}
