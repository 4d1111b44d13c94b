/**
 * The ProvKit engine: composes the file store, renderer, request log and servers, owns settings and
 * the event bus, and implements the API contract (shared/api.ts). Plain Node — never imports
 * 'electron' — so it runs the same in the desktop app, `provkit serve`, the CLI and tests.
 */
import type { Readable } from 'node:stream';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Conf from 'conf';
import pkg from '../../package.json' with { type: 'json' };
import type { ApiEvents, ApiHandlers, EventName } from '../../shared/api';
import type { PhoneSummary, ServerKind, ServerStatus } from '../../shared/dto';
import { createApiHandlers, listPhones } from './api/handlers';
import { EnrollmentStore } from './enroll/enroll-store';
import { FirmwareService } from './firmware/service';
import { DhcpService } from './dhcp/dhcp-service';
import { queueView } from './api/firmware-handlers';
import { createLogger, type LogSink, type Logger } from './logger';
import { Inventory } from './phones/inventory';
import { InventoryServices } from './phones/inventory-services';
import { PhoneService } from './phones/phone-service';
import type { FtpServerOptions } from './provisioning/ftp/options';
import { FtpProvisioningServer } from './provisioning/ftp/server';
import { HttpProvisioningServer, type HttpServerOptions } from './provisioning/http-server';
import { OuiTable } from './provisioning/oui';
import { RequestLog } from './provisioning/request-log';
import { ProvisioningResolver } from './provisioning/resolver';
import { TftpProvisioningServer } from './provisioning/tftp/server';
import type { TftpServerOptions } from './provisioning/tftp/server-options';
import { UploadStore } from './provisioning/uploads';
import { ServerControl } from './server-control';
import { fileCipher, SecretStore, type SecretCipher } from './secrets';
import { openSettings, type FtpSettings, type HttpSettings, type SettingsData, type TftpSettings } from './settings';

/** Options to create an engine. */
export interface EngineOptions {
  /** Data directory: settings, inventory, request log, uploads, default provisioning root. */
  dataDir: string;
  mode: 'desktop' | 'headless';
  /** Folder with shipped data (`oui.tsv`); default `<repo>/resources`. */
  resourcesDir?: string;
  /** Settings for this run only (command-line flags); not saved. */
  overrides?: { http?: Partial<HttpSettings>; ftp?: Partial<FtpSettings>; tftp?: Partial<TftpSettings>; provisioningRoot?: string };
  /** Where log records go (default stderr). */
  logSink?: LogSink;
  /** Request-log size bound (events). */
  maxEvents?: number;
  /** Cipher for secrets at rest; the desktop passes one backed by Electron safeStorage. Default: key file. */
  secretCipher?: SecretCipher;
}

/** Default shipped-resources folder next to the sources (`<repo>/resources`). */
export function defaultResourcesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../resources');
}

/** The engine. Create with {@link Engine.create}; close with {@link Engine.close}. */
export class Engine {
  readonly handlers: ApiHandlers;
  readonly version: string = pkg.version;
  readonly logger: Logger;
  readonly requestLog: RequestLog;
  readonly inventory: Inventory;
  /** Templates, site values, provider profiles, renderer, licences, previews (issue #8). */
  readonly inventoryServices: InventoryServices;
  /** Enrollment wizard state per phone (issue #5), `<data>/enrollments.json`. */
  readonly enrollments: EnrollmentStore;
  /** Firmware repository, upgrade queue, power control (issue #6), `<data>/firmware/`. */
  readonly firmware: FirmwareService;
  /** Phone web-UI/REST client, discovery, batches, admin passwords, syslog (issue #4). */
  readonly phones: PhoneService;
  /** DHCP sniffer, probe, bench server, packet store (issue #3), `<data>/dhcp.json`. */
  readonly dhcp: DhcpService;
  readonly resolver: ProvisioningResolver;
  readonly servers: Record<ServerKind, ServerControl<HttpServerOptions> | ServerControl<FtpServerOptions> | ServerControl<TftpServerOptions>>;
  readonly provisioningRoot: string;
  private readonly bus = new EventEmitter();
  private overrides: NonNullable<EngineOptions['overrides']>;

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
    });
    this.resolver = new ProvisioningResolver(this.provisioningRoot, new UploadStore(join(options.dataDir, 'uploads')), this.inventoryServices.renderer);
    this.requestLog = new RequestLog({
      file: join(options.dataDir, 'requests.jsonl'),
      oui,
      logger: this.logger.child('requests'),
      ...(options.maxEvents ? { maxEvents: options.maxEvents } : {}),
    });
    const http = new HttpProvisioningServer(this.resolver, this.requestLog, this.logger.child('http'));
    const ftp = new FtpProvisioningServer(this.resolver, this.requestLog, this.logger.child('ftp'));
    const tftp = new TftpProvisioningServer(this.resolver, this.requestLog, this.logger.child('tftp'));
    this.servers = {
      http: new ServerControl<HttpServerOptions>('http', 'HTTP', http, () => this.describeHttp()),
      ftp: new ServerControl<FtpServerOptions>('ftp', 'FTP', ftp, () => this.describeFtp()),
      tftp: new ServerControl<TftpServerOptions>('tftp', 'TFTP', tftp, () => this.describeTftp(), 'udp'),
    };
    for (const s of Object.values(this.servers)) s.on('status', (st: ServerStatus) => this.emit('server', st));
    this.requestLog.on('request', (ev) => this.emit('request', ev));
    this.requestLog.on('phone', (p: PhoneSummary) => this.emit('phone', this.decorate(p)));
    this.enrollments = new EnrollmentStore(join(options.dataDir, 'enrollments.json'), secrets, this.logger.child('enroll'));
    this.firmware = new FirmwareService({ dataDir: options.dataDir, resolver: this.resolver, requestLog: this.requestLog, logger: this.logger.child('firmware'), phoneLogin: () => this.phones, seenPhones: () => listPhones(this), webPhones: () => this.phones.webPhones() });
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

  /** Streamed uploads of the headless UI server (http-transport.ts): firmware packages. */
  readonly uploads = { firmware: (fileName: string, body: Readable) => this.firmware.importUpload(fileName, body) };

  /**
   * Open the data directory and load persisted state. Servers are not started: call
   * {@link startEnabledServers} or the `startServer` request.
   * @throws when the data directory cannot be created or a state file is corrupt (with its path)
   */
  static async create(options: EngineOptions): Promise<Engine> {
    await mkdir(options.dataDir, { recursive: true });
    const cipher = options.secretCipher ?? (await fileCipher(options.dataDir));
    let settingsNotice: string | undefined;
    const engine = new Engine(options, openSettings(options.dataDir, (m) => (settingsNotice = m)), new SecretStore(cipher));
    if (settingsNotice) engine.logger.warn(settingsNotice);
    await engine.resolver.init();
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
    for (const kind of ['http', 'ftp', 'tftp'] as const) {
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

  /** A phone summary with inventory facts (label, inInventory) merged in. */
  decorate(p: PhoneSummary): PhoneSummary {
    const inv = this.inventory.get(p.mac);
    return { ...p, inInventory: Boolean(inv), ...(inv?.label ? { label: inv.label } : {}), ...(!p.model && inv?.model ? { model: inv.model } : {}) };
  }

  /** Stop servers and flush state. */
  async close(): Promise<void> {
    await Promise.allSettled(Object.values(this.servers).map((s) => s.stop()));
    await this.phones.close();
    await this.dhcp.close();
    await this.firmware.close();
    await this.requestLog.close();
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

  private describeHttp() {
    const s = this.effective('http');
    const prefix = s.pathPrefix.replace(/^\/+|\/+$/g, '');
    const options: HttpServerOptions = {
      bind: s.bind,
      port: s.port,
      pathPrefix: prefix,
      ...(s.authUser ? { basicAuth: { user: s.authUser, password: s.authPassword } } : {}),
    };
    return {
      bind: s.bind,
      port: s.port,
      options,
      shown: { pathPrefix: prefix ? `/${prefix}` : '', basicAuth: Boolean(s.authUser) },
      url: (host: string, port: number) => `http://${host}${port === 80 ? '' : `:${port}`}/${prefix ? `${prefix}/` : ''}`,
    };
  }

  private describeFtp() {
    const s = this.effective('ftp');
    const options: FtpServerOptions = {
      bind: s.bind,
      port: s.port,
      pasvMin: s.pasvMin,
      pasvMax: s.pasvMax,
      factoryAccount: s.factoryAccount,
    };
    return {
      bind: s.bind,
      port: s.port,
      options,
      shown: { factoryAccount: s.factoryAccount, passivePorts: `${s.pasvMin}-${s.pasvMax}` },
      url: (host: string, port: number) => `ftp://${host}${port === 21 ? '' : `:${port}`}/`,
    };
  }

  private describeTftp() {
    const s = this.effective('tftp');
    const options: TftpServerOptions = {
      bind: s.bind,
      port: s.port,
      maxTransfers: s.maxTransfers,
      maxWindowsize: s.maxWindowsize,
      retransmitMs: s.retransmitMs,
      maxRetries: s.maxRetries,
    };
    return {
      bind: s.bind,
      port: s.port,
      options,
      shown: { maxTransfers: s.maxTransfers, maxWindowsize: s.maxWindowsize ?? 64 },
      url: (host: string, port: number) => `tftp://${host}${port === 69 ? '' : `:${port}`}/`,
    };
  }
}
