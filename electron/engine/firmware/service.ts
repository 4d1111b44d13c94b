/**
 * The firmware area of the engine: repository (`<data>/firmware/`), the file source that serves it
 * to phones through the ProvisioningResolver, the upgrade queue (`<data>/firmware/queue.json`),
 * the phone controller and serial power control (`<data>/firmware/power.json`), run reports
 * (`<data>/firmware/reports/`).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import type { WebPhone } from '../../../shared/api-phones';
import type { PhoneSummary, ServerStatus } from '../../../shared/dto';
import { FINISHED_STATES, type FirmwareImportReport, type QueuePhone } from '../../../shared/firmware-dto';
import type { PowerConfig } from '../../../shared/firmware-power';
import { normalizeMac } from '../../../shared/mac';
import { parseUserAgent } from '../../../shared/phone-identity';
import { writeFileAtomic } from '../atomic-file';
import type { Logger } from '../logger';
import type { RequestLog } from '../provisioning/request-log';
import type { ProvisioningResolver, RequestContext } from '../provisioning/resolver';
import { FirmwareFileSource } from './file-source';
import { FirmwareImportError } from './importer';
import { ManualController, type PhoneController } from './phone-controller';
import { PolycomWebController, type PhoneLogin } from './polycom-controller';
import { PowerControl } from './power/power-control';
import type { PortFactory } from './power/serial-line';
import { UpgradeQueue, type QueueAddItem } from './queue';
import { QueueStore } from './queue-store';
import { FirmwareRepository } from './repository';
import { benchReportText, reportCsv, reportRows } from './run-report';
import { itemsFromSeen, seenPhones, withScanned } from './seen-phones';
import { TokenBucket } from './token-bucket';

/**
 * Remove temporary files an interrupted atomic write left (`<name>.<pid>.<ms>.tmp`, atomic-file.ts)
 * from `dir`, except this process's own. A missing folder is fine.
 */
async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    const m = /\.(\d+)\.\d+\.tmp$/.exec(n);
    if (m && Number(m[1]) !== process.pid) await rm(join(dir, n), { force: true });
  }
}

/** What the service needs from the engine. */
export interface FirmwareServiceDeps {
  dataDir: string;
  resolver: ProvisioningResolver;
  requestLog: RequestLog;
  logger: Logger;
  /** The phone web-UI client (PhoneService) for the `web` controller; absent = web control unavailable. */
  phoneLogin?: () => PhoneLogin;
  /** The Phones list (request log + DHCP sightings) for adding seen phones; default: the request log's phones. */
  seenPhones?: () => PhoneSummary[];
  /** Phones the network scan found on their web UI (PhoneService.webPhones). */
  webPhones?: () => WebPhone[];
  /** "HTTP first, then HTTPS": make a phone's configuration carry the bench CA (inventory variable). */
  httpsBootstrap?: (mac: string, model: string) => Promise<void>;
}

/** Everything firmware. */
export class FirmwareService {
  readonly dir: string;
  readonly repo: FirmwareRepository;
  readonly bucket = new TokenBucket();
  readonly source: FirmwareFileSource;
  readonly queue: UpgradeQueue;
  /** Power-control device, outlet map, power cycles and the Test action (`power.json`). */
  readonly power: PowerControl;
  private override: PhoneController | undefined;
  private readonly manual = new ManualController();
  private readonly web: PhoneController;

  constructor(private readonly deps: FirmwareServiceDeps) {
    this.dir = join(deps.dataDir, 'firmware');
    this.repo = new FirmwareRepository(this.dir, deps.logger.child('repository'));
    this.power = new PowerControl(this.dir);
    const macFor = (ctx: RequestContext | undefined) => parseUserAgent(ctx?.userAgent).mac ?? (ctx?.client ? deps.requestLog.macForAddress(ctx.client) : undefined);
    this.source = new FirmwareFileSource(this.repo, this.bucket, macFor);
    const noLogin: PhoneLogin = {
      connect: () => Promise.reject(Object.assign(new Error('this ProvKit process has no phone web-UI client'), { fix: 'Use manual control, or run the queue in the ProvKit app or `provkit serve`.' })),
    };
    this.web = new PolycomWebController({ connect: (t, o) => (deps.phoneLogin?.() ?? noLogin).connect(t, o) }, () => this.queue.state.settings.site);
    this.queue = new UpgradeQueue({
      store: new QueueStore(join(this.dir, 'queue.json')),
      repo: this.repo,
      source: this.source,
      bucket: this.bucket,
      controller: (p) => this.controllerFor(p),
      power: () => this.power.cycler(),
      outletOf: (p) => this.power.outletOf(p),
      timeline: (mac) => deps.requestLog.timeline(mac),
      ...(deps.httpsBootstrap ? { httpsBootstrap: (p: QueuePhone) => deps.httpsBootstrap!(p.mac, p.model) } : {}),
      logger: deps.logger.child('queue'),
    });
    deps.resolver.addSource(this.source);
    deps.requestLog.on('request', (ev) => {
      const ua = parseUserAgent(ev.userAgent);
      if (ev.phone.mac && ua.firmware && ua.stage !== 'Updater') this.source.noteRunning(ev.phone.mac, ua.firmware);
      this.queue.onRequest(ev);
    });
    this.source.on('refused', (r: { reason: string }) => deps.logger.warn(r.reason));
    this.source.on('transfer', (t) => this.queue.onTransfer(t));
    this.queue.on('runFinished', () => {
      if (this.closed) return; // stopping: the data folder may be going away
      this.reporting = this.writeReport().then(
        (r) => deps.logger.info(`bench run finished: report written to ${r.path}`),
        (err: Error) => deps.logger.error(`bench run finished but its report could not be written: ${err.message}`),
      );
    });
  }

  /**
   * Load the repository, power settings and the queue (resuming phones mid-step).
   * @throws SyntaxError when a state file is corrupt (with its path)
   */
  async load(): Promise<void> {
    await removeStaleTemps(this.dir);
    await removeStaleTemps(join(this.dir, 'reports'));
    await this.repo.load();
    await this.power.load();
    await this.queue.load();
  }

  /**
   * Import a package streamed from elsewhere (a browser upload): written under
   * `<data>/firmware/.import-upload-<random>/` (removed afterwards, and at load after a crash), then
   * imported like a file on this computer.
   * @param fileName the package's file name (only its base name is used; `.zip` for a zip)
   * @param maxBytes refuse bodies larger than this (default 4 GiB)
   * @returns the import report
   * @throws FirmwareImportError (bad name, too large, nothing imported), BadPackageError (damaged zip)
   */
  async importUpload(fileName: string, body: Readable, maxBytes = 4 * 1024 ** 3): Promise<FirmwareImportReport> {
    const base = fileName.split(/[\\/]/).pop()!.replace(/[^\w.+-]/g, '_').replace(/^\.+/, '');
    if (!base) throw new FirmwareImportError(fileName, ['the file name is empty']);
    await mkdir(this.dir, { recursive: true });
    const tmp = await mkdtemp(join(this.dir, '.import-upload-'));
    try {
      const file = join(tmp, base);
      let size = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length;
          cb(size > maxBytes ? new FirmwareImportError(base, [`larger than ${maxBytes} bytes`]) : null, chunk);
        },
      });
      await pipeline(body, limit, createWriteStream(file));
      return await this.repo.importPath(file);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** Drive every phone with this controller (a simulated bench in tests) instead of the settings' choice. */
  setController(c: PhoneController): void {
    this.override = c;
  }

  /** The controller of a phone: the override, else the phone's own choice, else the run's. */
  controllerFor(p: Pick<QueuePhone, 'control'>): PhoneController {
    if (this.override) return this.override;
    return (p.control ?? this.queue.state.settings.controller) === 'web' ? this.web : this.manual;
  }

  /** The run's controller kind. */
  get controllerKind(): PhoneController['kind'] {
    return this.controllerFor({}).kind;
  }

  /**
   * Set (or clear) the power-control device; saved.
   * @param ports serial port factory (tests inject a mock)
   */
  async setPower(config: PowerConfig | undefined, ports?: PortFactory): Promise<void> {
    if (ports) this.power.ports = ports;
    await this.power.set(config);
  }

  /** Be told when a phone's outlet was power-cycled (the simulator reboots its phone). */
  onPowerCycled(fn: (mac: string) => void): void {
    this.power.onCycled(fn);
  }

  /**
   * Add phones; a phone without an address gets the one it was seen at (request log, DHCP).
   * @returns added and refused phones (see UpgradeQueue.add)
   */
  addPhones(items: QueueAddItem[]) {
    const seen = new Map(this.phonesSeen().map((p) => [p.mac, p.lastAddress]));
    return this.queue.add(items.map((it) => {
      if (it.host) return it;
      let host: string | undefined;
      try {
        host = seen.get(normalizeMac(it.mac));
      } catch {
        return it; // the queue refuses the bad MAC with its reason
      }
      return host ? { ...it, host } : it;
    }));
  }

  /** Seen phones (Phones list) as the queue's picker lists them. */
  seen() {
    const { phones, scanned } = withScanned(this.phonesSeen(), this.deps.webPhones?.() ?? []);
    return seenPhones(phones, this.queue.state.phones, scanned);
  }

  /**
   * Add seen phones by MAC, with the model, version and address ProvKit saw.
   * @returns added phones and refused ones (not seen, model or version unknown, already queued)
   */
  addSeen(macs: string[], extra: Pick<QueueAddItem, 'target' | 'control' | 'confirmDowngrade'> = {}) {
    const good: string[] = [];
    const bad: Array<{ mac: string; reason: string }> = [];
    for (const m of macs) {
      try {
        good.push(normalizeMac(m));
      } catch (err) {
        bad.push({ mac: m, reason: (err as Error).message });
      }
    }
    const picked = itemsFromSeen(good, this.phonesSeen(), extra);
    const r = this.queue.add(picked.items);
    return { added: r.added, refused: [...bad, ...picked.refused, ...r.refused] };
  }

  /**
   * Delete a version from the repository.
   * @throws Error naming the phones when an unfinished queue phone's plan still needs it
   */
  async deleteVersion(version: string, kind: 'application' | 'bootrom' = 'application'): Promise<void> {
    const users = this.queue.state.phones.filter((p) => !FINISHED_STATES.includes(p.state) && p.steps.slice(p.stepIndex).some((s) => s.kind === kind && s.version === version));
    if (users.length) throw new Error(`${version} is still needed by ${users.map((p) => p.mac).join(', ')} in the queue: cancel or remove them first`);
    await this.repo.deleteVersion(version, kind);
  }

  /** A server's status (about once a second while data moves): FTP/TFTP downloads' live progress. */
  serverStatus(st: ServerStatus): void {
    if (st.transfers?.length) this.queue.onServerTransfers(st.transfers, (a) => this.deps.requestLog.macForAddress(a));
  }

  /** The Phones list joined with the phones the network scan found. */
  private phonesSeen(): PhoneSummary[] {
    return withScanned(this.deps.seenPhones?.() ?? this.deps.requestLog.phones(), this.deps.webPhones?.() ?? []).phones;
  }

  /** Report rows, CSV and text of the current run. */
  report() {
    const view = this.queue.state;
    return { rows: reportRows(view.phones), csv: reportCsv(reportRows(view.phones)), text: benchReportText(view) };
  }

  /**
   * Write the bench run report: `<data>/firmware/reports/bench-run-<time>.txt` (readable summary
   * with every attempt) and `.csv` (one row per phone). Done by itself when a run ends.
   * @returns both paths
   * @throws the fs error (disk full, permissions)
   */
  async writeReport(): Promise<{ path: string; csv: string }> {
    const r = this.report();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const base = join(this.dir, 'reports', `bench-run-${stamp}`);
    await writeFileAtomic(`${base}.csv`, r.csv);
    await writeFileAtomic(`${base}.txt`, r.text);
    this.lastReport = `${base}.txt`;
    return { path: `${base}.txt`, csv: `${base}.csv` };
  }

  /** Path of the last report written (by hand or at the end of a run). */
  lastReport: string | undefined;
  /** The report being written at the end of a run (awaited by {@link close}). */
  private reporting: Promise<void> = Promise.resolve();
  private closed = false;

  /** Stop the queue's timers and flush its state. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue.close();
    await this.reporting;
  }
}
