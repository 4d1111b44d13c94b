/**
 * The ProvKit engine: composes the file store, renderer, request log and servers, owns settings and
 * the event bus, and implements the API contract (shared/api.ts). Plain Node — never imports
 * 'electron' — so it runs the same in the desktop app, `provkit serve`, the CLI and tests.
 */
import type { Readable } from 'node:stream';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkoutRoot } from './shipped-paths';
import type Conf from 'conf';
import pkg from '../../package.json' with { type: 'json' };
import type { ApiEvents, ApiHandlers, EventName } from '../../shared/api';
import type { PhoneSummary, ServerKind, ServerStatus } from '../../shared/dto';
import { createApiHandlers } from './api/compose';
import { EnrollmentStore } from './enroll/enroll-store';
import { FirmwareService } from './firmware/service';
import { DhcpService } from './dhcp/dhcp-service';
import { queueView } from './firmware/handlers';
import { limitHeapGrowth } from './memory-policy';

import { listPhones, listPhonesJson } from './phones/phone-list';
import { decoratePhone, PhoneRows, type Decoration } from './phones/phone-rows';
import { createLogger, type LogSink, type Logger } from './logger';
import { Inventory } from './inventory/inventory';
import { actor } from './inventory/handlers';
import { setHttpsBootstrap } from './inventory/https-bootstrap';
import { InventoryServices } from './inventory/inventory-services';
import { PhoneService } from './phones/phone-service';
import type { FtpServerOptions } from './provisioning/ftp/options';
import { FtpProvisioningServer } from './provisioning/ftp/server';
import { HttpProvisioningServer, type HttpServerOptions } from './provisioning/http-server';
import { OuiTable } from './provisioning/oui';
import { RequestLog } from './provisioning/request-log';
import { BootTracker } from './phones/boot-tracker';
import { PhoneEventBatcher } from './phones/phone-events';
import { ProvisioningResolver } from './provisioning/resolver';
import { TftpProvisioningServer } from './provisioning/tftp/server';
import type { TftpServerOptions } from './provisioning/tftp/server-options';
import { UploadStore } from './provisioning/uploads';
import { ServerControl } from './server-control';
import { describeFtp, describeHttp, describeHttps, describeTftp } from './server-descriptions';
import { ProvisioningAccounts } from './provisioning/accounts';
import { ProvisioningGuard } from './provisioning/guard';
import { UploadFlags } from './provisioning/upload-flags';
import { acquireDataLock, type DataLock, type LockHolder } from './data-lock';
import { fileCipher, SecretStore, type SecretCipher } from './secrets';
import { openSettings, type FtpSettings, type HttpSettings, type HttpsSettings, type SettingsData, type TftpSettings } from './settings';
import { HttpsSide } from './tls/https-side';

/** Options to create an engine. */
export interface EngineOptions {
  /** Data directory: settings, inventory, request log, uploads, default provisioning root. */
  dataDir: string;
  mode: 'desktop' | 'headless';
  /** Folder with shipped data (`oui.tsv`); default `<repo>/resources`. */
  resourcesDir?: string;
  /** Settings for this run only (command-line flags); not saved. */
  overrides?: { http?: Partial<HttpSettings>; https?: Partial<HttpsSettings>; ftp?: Partial<FtpSettings>; tftp?: Partial<TftpSettings>; provisioningRoot?: string };
  /** Where log records go (default stderr). */
  logSink?: LogSink;
  /** Request-log size bound (events). */
  maxEvents?: number;
  /** Cipher for secrets at rest; the desktop passes one backed by Electron safeStorage. Default: key file. */
  secretCipher?: SecretCipher;
  /** Take the data folder's lock (data-lock.ts) as this kind of holder; default: no lock (tests, read-only commands). */
  lock?: LockHolder['kind'];
}

/** How often the running HTTPS server's bench certificate is checked for renewal, ms (6 h). */
const RENEW_CHECK_MS = 6 * 3600_000;

/** Longest a `phone` event waits so that one goes out per phone for several requests, ms. */
const PHONE_EVENT_MS = 100;
/** `phone` events given in one go; more follow in the next turn of the event loop. */
const PHONE_EVENTS_PER_TURN = 200;

/** Default shipped-resources folder of the checkout (`<repo>/resources`, see shipped-paths.ts). */
export function defaultResourcesDir(): string {
  return resolve(checkoutRoot(), 'resources');
}

/** The engine. Create with {@link Engine.create}; close with {@link Engine.close}. */
export class Engine {
  readonly handlers: ApiHandlers;
  readonly version: string = pkg.version;
  readonly logger: Logger;
  readonly requestLog: RequestLog;
  /** Each phone's latest boot and its verdict (phones/boot-verdict.ts). */
  readonly boots: BootTracker;
  /** The Phones list's rows, rebuilt only for phones that changed (phones/phone-rows.ts). */
  readonly phoneRows: PhoneRows;
  readonly inventory: Inventory;
  /** Templates, site values, provider profiles, renderer, licences, previews. */
  readonly inventoryServices: InventoryServices;
  /** Enrollment wizard state per phone, `<data>/enrollments.json`. */
  readonly enrollments: EnrollmentStore;
  /** Firmware repository, upgrade queue, power control, `<data>/firmware/`. */
  readonly firmware: FirmwareService;
  /** Phone web-UI/REST client, discovery, batches, admin passwords, syslog. */
  readonly phones: PhoneService;
  /** DHCP sniffer, probe, bench server, packet store, `<data>/dhcp.json`. */
  readonly dhcp: DhcpService;
  readonly resolver: ProvisioningResolver;
  readonly servers: Record<ServerKind, ServerControl<HttpServerOptions> | ServerControl<FtpServerOptions> | ServerControl<TftpServerOptions>>;
  readonly provisioningRoot: string;
  /** Uploads that move a phone to another provisioning or SIP server (provisioning/upload-flags.ts). */
  readonly uploadFlags: UploadFlags;
  /** Provisioning accounts and the TFTP secrets choice (provisioning/guard.ts). */
  readonly provisioningAccounts: ProvisioningAccounts;
  /** The data folder's lock when this engine took one (EngineOptions.lock). */
  dataLock: DataLock | undefined;
  private readonly bus = new EventEmitter();
  private overrides: NonNullable<EngineOptions['overrides']>;
  /** Bench CA, "HTTP first, then HTTPS" material, certificate renewal. */
  private readonly httpsSide: HttpsSide;
  /** Checks the running HTTPS server's bench certificate for renewal. */
  private renewTimer: NodeJS.Timeout | undefined;
  /** Re-reads the template folders once a second (a hand edit voids the HTTP front's "not found" answers). */
  private templateTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly options: EngineOptions,
    readonly settings: Conf<SettingsData>,
    /** Seals and opens secrets at rest (passwords); never log what it opens. */
    readonly secrets: SecretStore,
  ) {
    this.logger = createLogger('engine', options.logSink);
    this.overrides = { ...(options.overrides ?? {}) };
    this.bus.setMaxListeners(100);
    const root = this.overrides.provisioningRoot || settings.get('provisioningRoot') || join(options.dataDir, 'provisioning');
    this.provisioningRoot = resolve(root);
    const resources = options.resourcesDir ?? defaultResourcesDir();
    const ouiPath = join(resources, 'oui.tsv');
    const oui = existsSync(ouiPath) ? OuiTable.load(ouiPath) : OuiTable.empty();
    if (!oui.size) this.logger.warn(`no OUI table at ${ouiPath}: vendors will not be named from MAC prefixes`);
    this.inventory = new Inventory(join(options.dataDir, 'inventory.json'), secrets);
    this.inventoryServices = new InventoryServices({
      dataDir: options.dataDir,
      resourcesDir: resources,
      provisioningRoot: this.provisioningRoot,
      secrets,
      inventory: this.inventory,
      servers: () => Object.values(this.servers).map((s) => s.status()),
      logger: this.logger.child('inventory'),
      secureBootstrap: () => this.secureBootstrap(),
    });
    this.resolver = new ProvisioningResolver(this.provisioningRoot, new UploadStore(join(options.dataDir, 'uploads')), this.inventoryServices.renderer);
    // What the renderer answers for a name depends on these alone: each change voids the "not
    // found" answers the HTTP front reuses (answer-revision.ts); templates edited by hand are seen
    // by the store's own rescan (at most once a second), run here even when nothing renders.
    const changed = () => this.resolver.revision.bump();
    this.inventory.onChange = changed;
    this.inventoryServices.site.onChange = changed;
    this.inventoryServices.providers.onChange = changed;
    this.inventoryServices.templates.onChange = changed;
    this.resolver.knownPhones = { has: (mac) => this.inventory.get(mac) !== undefined, macs: () => this.inventory.list().map((p) => p.mac) };
    this.templateTimer = setInterval(() => this.inventoryServices.templates.refresh(), 1000);
    this.templateTimer.unref();
    this.boots = new BootTracker({
      readMaster: (path) => this.resolver.readText(path),
      // With the request's own changes: once per PHONE_EVENT_MS (1,000 master reads finishing
      // at once were 1,000 decorations on the main thread in one go).
      onChange: (mac) => this.phoneChanged(mac),
    });
    this.requestLog = new RequestLog({
      boots: this.boots,
      file: join(options.dataDir, 'requests.jsonl'),
      oui,
      logger: this.logger.child('requests'),
      ...(options.maxEvents ? { maxEvents: options.maxEvents } : {}),
    });
    this.provisioningAccounts = new ProvisioningAccounts(options.dataDir, secrets, (m) => this.logger.warn(m));
    this.resolver.guard = new ProvisioningGuard(this.provisioningAccounts, this.requestLog);
    const http = new HttpProvisioningServer(this.resolver, this.requestLog, this.logger.child('http'));
    const https = new HttpProvisioningServer(this.resolver, this.requestLog, this.logger.child('https'), null);
    const ftp = new FtpProvisioningServer(this.resolver, this.requestLog, this.logger.child('ftp'));
    const tftp = new TftpProvisioningServer(this.resolver, this.requestLog, this.logger.child('tftp'));
    this.servers = {
      http: new ServerControl<HttpServerOptions>('http', 'HTTP', http, () => describeHttp(this.effective('http'))),
      https: new ServerControl<HttpServerOptions>('https', 'HTTPS', https, () => describeHttps(this.effective('http'), this.effective('https'), { bench: () => this.bench(), secrets: this.secrets, caCertPath: this.caCertPath })),
      ftp: new ServerControl<FtpServerOptions>('ftp', 'FTP', ftp, () => describeFtp(this.effective('ftp'))),
      tftp: new ServerControl<TftpServerOptions>('tftp', 'TFTP', tftp, () => describeTftp(this.effective('tftp')), 'udp'),
    };
    for (const s of Object.values(this.servers)) {
      s.on('status', (st: ServerStatus) => this.emit('server', st));
      // One sysctl command for every server's privileged port (shared/ports.ts), not one per server.
      s.peerPorts = () => Object.values(this.servers).map((o) => o.status().port);
    }
    this.httpsSide = new HttpsSide({ dataDir: options.dataDir, secrets, logger: this.logger, settings: () => this.effective('https'), server: this.servers.https });
    this.renewTimer = setInterval(() => void this.renewHttpsCertificate(), RENEW_CHECK_MS);
    this.renewTimer.unref();
    this.requestLog.on('request', (ev) => this.emit('request', ev));
    // A phone's summary changes with every request it makes; its event goes out once per
    // PHONE_EVENT_MS with the latest summary (decorating it per request was main-thread time that
    // the UI's own requests waited behind while 1,000 phones booted).
    this.requestLog.on('phone', (p: PhoneSummary) => this.phoneChanged(p.mac));
    this.phoneRows = new PhoneRows({ revision: (mac) => this.requestLog.revision(mac), decoration: (mac) => this.decoration(mac) });
    this.uploadFlags = new UploadFlags(options.dataDir);
    this.resolver.uploads.onStored = (u) => {
      this.uploadFlags
        .check(u, u.client)
        .then((flag) => {
          if (!flag) return;
          this.logger.warn(`phone ${u.mac} uploaded ${u.name} setting ${flag.params.join(', ')}: it will use these at its next boot`);
          const seen = this.requestLog.phone(u.mac);
          if (seen) this.emit('phone', this.decorate(seen));
        })
        .catch((err: Error) => this.logger.warn(`could not check upload ${u.name}: ${err.message}`));
    };
    this.enrollments = new EnrollmentStore(join(options.dataDir, 'enrollments.json'), secrets, this.logger.child('enroll'));
    this.firmware = new FirmwareService({ dataDir: options.dataDir, resolver: this.resolver, requestLog: this.requestLog, logger: this.logger.child('firmware'), phoneLogin: () => this.phones, seenPhones: () => listPhones(this), webPhones: () => this.phones.webPhones(), httpsBootstrap: async (mac, model) => void (await setHttpsBootstrap(this, mac, true, { model, who: actor('firmware queue') })) });
    for (const s of Object.values(this.servers)) s.on('status', (st: ServerStatus) => this.firmware.serverStatus(st));
    this.firmware.queue.on('phone', (p) => this.emit('firmwareQueuePhone', p));
    this.firmware.queue.on('changed', () => this.emit('firmwareQueue', queueView(this.firmware)));
    this.dhcp = new DhcpService({
      dataDir: options.dataDir,
      logger: this.logger.child('dhcp'),
      ouiVendor: (mac) => oui.lookup(mac),
      emitPacket: (ev) => this.emit('dhcp', ev),
      emitStatus: (st) => this.emit('dhcpStatus', st),
      emitPhone: (p) => this.emit('phone', this.decorate(p)),
      knownPhone: (mac) => Boolean(this.requestLog.phone(mac)),
      provisioningUrl: (host) => this.provisioningUrlFor(host),
    });
    this.requestLog.setLeaseLookup((ip) => this.dhcp.leaseMac(ip));
    this.phones = new PhoneService({
      dataDir: options.dataDir,
      secrets,
      requestLog: this.requestLog,
      logger: this.logger.child('phones'),
      emit: (event, payload) => this.emit(event, payload as ApiEvents[typeof event]),
      vendorOf: (mac) => oui.lookup(mac),
      provkitServers: () => Object.values(this.servers).flatMap((c) => (c.listening ? [{ kind: c.kind, bind: c.status().bind, port: c.status().boundPort ?? 0 }] : [])),
      onEvent: (listener) => this.onEvent(listener),
    });
    this.handlers = createApiHandlers(this);
  }

  /** The `phone` event, at most once per PHONE_EVENT_MS per phone, PHONE_EVENTS_PER_TURN per turn. */
  private readonly phoneEvents = new PhoneEventBatcher(
    (mac) => {
      const p = this.requestLog.phone(mac);
      if (p) this.emit('phone', this.phoneRows.row(p));
    },
    PHONE_EVENT_MS,
    PHONE_EVENTS_PER_TURN,
  );
  private phoneChanged(mac: string): void {
    this.phoneEvents.add(mac);
  }

  /** Streamed uploads of the headless UI server (http-transport.ts): firmware packages. */
  readonly uploads = { firmware: (fileName: string, body: Readable) => this.firmware.importUpload(fileName, body) };

  /** Answers of the headless UI server given as JSON text (http-transport.ts): the Phones list from its cached rows. */
  readonly jsonAnswers = { listPhones: () => listPhonesJson(this) };

  /**
   * Open the data directory and load persisted state. Servers are not started: call
   * {@link startEnabledServers} or the `startServer` request.
   * @throws when the data directory cannot be created or a state file is corrupt (with its path)
   */
  static async create(options: EngineOptions): Promise<Engine> {
    limitHeapGrowth();
    await mkdir(options.dataDir, { recursive: true });
    const lock = options.lock ? await acquireDataLock(options.dataDir, options.lock) : undefined;
    try {
      return await Engine.open(options, lock);
    } catch (err) {
      await lock?.release();
      throw err;
    }
  }

  private static async open(options: EngineOptions, lock: DataLock | undefined): Promise<Engine> {
    const cipher = options.secretCipher ?? (await fileCipher(options.dataDir));
    let settingsNotice: string | undefined;
    const engine = new Engine(options, openSettings(options.dataDir, (m) => (settingsNotice = m)), new SecretStore(cipher));
    engine.dataLock = lock;
    if (settingsNotice) engine.logger.warn(settingsNotice);
    await engine.resolver.init();
    await engine.provisioningAccounts.load();
    await engine.sealPlainHttpAuth();
    await engine.uploadFlags.load();
    await engine.inventoryServices.load();
    await engine.requestLog.load();
    await engine.enrollments.load();
    await engine.firmware.load();
    await engine.phones.load();
    await engine.dhcp.load();
    return engine;
  }

  /** Start every server whose settings say enabled. @returns their statuses */
  async startEnabledServers(): Promise<ServerStatus[]> {
    const out: ServerStatus[] = [];
    for (const kind of ['http', 'https', 'ftp', 'tftp'] as const) {
      out.push(this.effective(kind).enabled ? await this.servers[kind].start() : this.servers[kind].status());
    }
    await this.phones.startSyslogIfEnabled();
    return out;
  }

  /** Effective settings of a server: saved settings with this run's overrides on top. */
  effective<K extends ServerKind>(kind: K): SettingsData[K] {
    return { ...this.settings.get(kind), ...(this.overrides[kind] ?? {}) } as SettingsData[K];
  }

  /**
   * Change a server's settings (saved), dropping this run's overrides of the same keys, and restart
   * it if it was running.
   * @throws Error when the new settings do not match the schema
   */
  async configure<K extends ServerKind>(kind: K, patch: Partial<SettingsData[K]>): Promise<ServerStatus> {
    const next = { ...this.settings.get(kind), ...patch } as SettingsData[K];
    this.settings.set(kind, next);
    const ov = this.overrides[kind] as Record<string, unknown> | undefined;
    if (ov) for (const k of Object.keys(patch)) delete ov[k];
    return this.servers[kind].restart();
  }

  /** Subscribe to every engine event. @returns unsubscribe */
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
    const fn = (e: { event: EventName; payload: unknown }) => listener(e.event, e.payload);
    this.bus.on('event', fn);
    return () => this.bus.off('event', fn);
  }

  /** Emit an event to subscribers. */
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    this.bus.emit('event', { event, payload });
  }

  /**
   * A phone summary with inventory facts (label, inInventory, the inventory model when the phone
   * reported none, a flag when the reported model differs from the inventory's) and the verdict on
   * its latest boot merged in.
   */
  decorate(p: PhoneSummary): PhoneSummary {
    return decoratePhone(p, this.decoration(p.mac));
  }

  /** What {@link decorate} merges into a phone's summary, now. */
  private decoration(mac: string): Decoration {
    return { inv: this.inventory.get(mac), flag: this.uploadFlags.get(mac), boot: this.boots.verdict(mac) };
  }

  /** Stop servers and flush state. */
  async close(): Promise<void> {
    clearInterval(this.renewTimer);
    clearInterval(this.templateTimer);
    await Promise.allSettled(Object.values(this.servers).map((s) => s.stop()));
    await this.phones.close();
    await this.dhcp.close();
    await this.firmware.close();
    await this.requestLog.close();
    this.phoneEvents.flushAll();
    this.boots.close();
    await this.dataLock?.release();
    this.bus.removeAllListeners();
  }

  /**
   * ProvKit's HTTP provisioning URL as a phone at `host`'s network reaches it (for the bench DHCP
   * server's options 66/160), when the HTTP server listens on that address or on all addresses.
   */
  provisioningUrlFor(host: string): string | undefined {
    const st = this.servers.http.status();
    if (st.state !== 'listening' || !st.url || (st.bind !== '0.0.0.0' && st.bind !== host)) return undefined;
    const u = new URL(st.url);
    u.hostname = host;
    return u.toString();
  }

  /**
   * Older settings kept an HTTP Basic user and password in plain text in settings.json: it becomes
   * the sealed provisioning account of site `default` (unless one is set) and leaves settings.json.
   */
  private async sealPlainHttpAuth(): Promise<void> {
    const http = this.settings.get('http');
    if (!http.authUser) return;
    if (!this.provisioningAccounts.required) await this.provisioningAccounts.set('default', http.authUser, http.authPassword);
    this.settings.set('http', { ...http, authUser: '', authPassword: '' });
    this.logger.warn(`the HTTP user "${http.authUser}" of settings.json is now the sealed provisioning account (files carrying passwords and uploads need it); its plain-text password was removed from settings.json`);
  }

  /** The bench CA's certificate path (see tls/https-side.ts). */
  get caCertPath(): string {
    return this.httpsSide.caCertPath;
  }
  /** The data folder's bench CA, created on first use (tls/https-side.ts). */
  bench(): ReturnType<HttpsSide['bench']> {
    return this.httpsSide.bench();
  }
  /** The bench CA and HTTPS address for "HTTP first, then HTTPS", or why not (tls/https-side.ts). */
  secureBootstrap(): ReturnType<HttpsSide['secureBootstrap']> {
    return this.httpsSide.secureBootstrap();
  }
  /** Restart the HTTPS server when its bench certificate is due for renewal (tls/https-side.ts). */
  renewHttpsCertificate(now = Date.now()): Promise<boolean> {
    return this.httpsSide.renewIfDue(now);
  }
}
