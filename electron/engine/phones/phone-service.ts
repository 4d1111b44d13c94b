/**
 * The phones area of the engine (issue #4): logs in to phones with the site's passwords, runs
 * verified actions one at a time or in batches, finds phones, receives syslog. Owns
 * `<data>/phone-credentials.json` (sealed), `<data>/phone-web.json` (found phones) and
 * `<data>/phone-settings.json` (syslog receiver). Emits the phones events of shared/api-phones.ts.
 */
import { isPhoneMac } from '../../../shared/phone-identity';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { PhoneActionProgress, PhonesEvents, SyslogStatus, WebPhone } from '../../../shared/api-phones';
import { endpointLabel, type PhoneDialect, type PhoneEndpoint, type PhoneProvisioning, type PhoneWebInfo } from '../../../shared/phone-web';
import { readJson, writeJsonAtomic } from '../atomic-file';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets';
import { listInterfaces } from '../server-control';
import { BatchRunner, type RowUpdate } from './batch';
import { DEFAULT_SITE, PhoneCredentials } from './credentials';
import { discover, type DiscoverOptions } from './discovery/discover';
import type { Neighbour } from './discovery/neighbours';
import { NoPasswordError, PhoneError, PhoneRefusedError, toPhoneErrorInfo } from './phone-errors';
import { DEFAULT_TIMING, runAction, type ActionArgs, type ActionContext, type ActionTiming } from './phone-actions';
import { connectPolycom, type LoggedInClient } from './polycom/connect';
import { SyslogReceiver, type SyslogSettings } from './syslog/receiver';
import type { RequestSource } from './verify';
import { pointsAtServers } from './provkit-target';
import { WebDirectory } from './web-directory';

/** What the service needs from the engine. */
export interface PhoneServiceDeps {
  dataDir: string;
  secrets: SecretStore;
  requestLog: RequestSource & { macForAddress(a: string): string | undefined; phones(): Array<{ mac: string; lastAddress?: string }>; phone(mac: string): { lastAddress?: string } | undefined };
  logger: Logger;
  emit<E extends keyof PhonesEvents>(event: E, payload: PhonesEvents[E]): void;
  /** Vendor of a MAC from the OUI table. */
  vendorOf(mac: string): string | undefined;
  /** ProvKit's provisioning servers now listening. */
  provkitServers(): Array<{ kind: string; bind: string; port: number }>;
  /** Every engine event (optional): DHCP packets (`dhcp`, when the DHCP sniffer runs) give phones' addresses. */
  onEvent?(listener: (event: string, payload: unknown) => void): () => void;
}

/** A phone to act on, as the API gives it. */
export interface TargetArg {
  mac?: string;
  host?: string;
  port?: number;
  https?: boolean;
}

/** An action as requested: a target instead of a resolved endpoint. */
export type ActionRequest = Omit<ActionArgs, 'endpoint'> & { target: TargetArg };

const DEFAULT_SYSLOG: SyslogSettings = { enabled: false, bind: '127.0.0.1', port: 514 };

/** The phones service. */
export class PhoneService {
  readonly credentials: PhoneCredentials;
  readonly directory: WebDirectory;
  readonly syslog: SyslogReceiver;
  readonly batches: BatchRunner<ActionRequest>;
  /** Verification times; tests shorten them. */
  timing: ActionTiming = { ...DEFAULT_TIMING };
  /** Where the neighbour (ARP) table comes from; tests replace it so they contact only loopback. */
  neighbourSource: (() => Promise<Neighbour[]>) | undefined;
  private readonly recent: PhoneActionProgress[] = [];
  private singleIds = 0;
  /** Addresses DHCP gave phones (MAC → IPv4), from `dhcp` events. */
  private readonly dhcpSeen = new Map<string, string>();

  constructor(private readonly deps: PhoneServiceDeps) {
    this.credentials = new PhoneCredentials(join(deps.dataDir, 'phone-credentials.json'), deps.secrets, deps.logger);
    this.directory = new WebDirectory(join(deps.dataDir, 'phone-web.json'));
    this.syslog = new SyslogReceiver(DEFAULT_SYSLOG, (a) => deps.requestLog.macForAddress(a));
    this.syslog.on('line', (l) => deps.emit('syslog', l));
    this.syslog.on('status', (s: SyslogStatus) => deps.emit('syslogStatus', s));
    this.batches = new BatchRunner<ActionRequest>((row) => this.onRow(row), (b) => deps.emit('phoneBatch', b));
    deps.onEvent?.((event, payload) => {
      if (event === 'dhcp') this.noteDhcp(payload);
    });
  }

  /**
   * Learn a phone's address from a DHCP packet event (ACK, or OFFER until an ACK is seen): its
   * `mac` and `yiaddr`. Anything else is ignored, so this works whatever the sniffer sends.
   */
  noteDhcp(payload: unknown): void {
    const p = payload as { mac?: unknown; yiaddr?: unknown; messageType?: unknown };
    if (typeof p?.mac !== 'string' || !/^[0-9a-f]{12}$/.test(p.mac) || typeof p.yiaddr !== 'string' || isIP(p.yiaddr) !== 4 || p.yiaddr === '0.0.0.0') return;
    const type = String(p.messageType ?? '').toUpperCase();
    if (!isPhoneMac(p.mac)) return; // ProvKit's own probe, or no phone's MAC
    if (type.includes('ACK') || (type.includes('OFFER') && !this.dhcpSeen.has(p.mac))) this.dhcpSeen.set(p.mac, p.yiaddr);
  }

  /** Load stored state. @throws SyntaxError for a damaged JSON file (left untouched) */
  async load(): Promise<void> {
    await this.credentials.load();
    await this.directory.load();
    const s = await readJson<Partial<SyslogSettings>>(join(this.deps.dataDir, 'phone-settings.json'), {});
    this.syslogSettings = { ...DEFAULT_SYSLOG, ...s };
    this.syslog.setSettings(this.syslogSettings);
  }

  private syslogSettings: SyslogSettings = DEFAULT_SYSLOG;

  /** Start the syslog receiver if its saved settings say enabled. */
  async startSyslogIfEnabled(): Promise<SyslogStatus> {
    return this.syslogSettings.enabled ? this.syslog.start() : this.syslog.status();
  }

  /** Change and save the syslog settings (restarts the receiver). */
  async configureSyslog(patch: Partial<SyslogSettings>): Promise<SyslogStatus> {
    this.syslogSettings = { ...this.syslogSettings, ...patch };
    await writeJsonAtomic(join(this.deps.dataDir, 'phone-settings.json'), this.syslogSettings);
    return this.syslog.configure(this.syslogSettings);
  }

  /** Stop the receiver and flush files. */
  async close(): Promise<void> {
    await this.syslog.stop();
    await this.directory.flush();
  }

  /**
   * Where to reach a phone: the endpoint given, or for a MAC the address it was found at (the web
   * directory, else the address its provisioning requests came from).
   * @returns endpoints to try in order (HTTP then HTTPS when neither scheme nor port was given)
   * @throws PhoneRefusedError when a MAC has no known address
   */
  endpoints(t: TargetArg): Array<Required<PhoneEndpoint>> {
    let host = t.host;
    let port = t.port;
    let https = t.https;
    if (!host && t.mac) {
      const known = this.directory.byMac(t.mac);
      if (known) return [{ host: known.host, port: known.port, https: known.https }];
      host = this.deps.requestLog.phone(t.mac)?.lastAddress;
      if (!host) throw new PhoneRefusedError(t.mac, 'ProvKit knows no address for this phone', 'Find it with Discover (or type its IP address).');
    }
    const h = host!.replace(/^\[|\]$/g, '');
    if (https === undefined && port === undefined) return [{ host: h, port: 80, https: false }, { host: h, port: 443, https: true }];
    https ??= port === 443;
    port ??= https ? 443 : 80;
    return [{ host: h, port, https }];
  }

  /**
   * Log in to a phone with the site's passwords (the one it accepted last first).
   * @returns a logged-in client and the endpoint that answered
   * @throws NoPasswordError, and the errors of connectPolycom
   */
  async connect(t: TargetArg, opts: { site?: string; dialect?: PhoneDialect; passwords?: string[] } = {}): Promise<{ client: LoggedInClient; endpoint: Required<PhoneEndpoint> }> {
    const candidates = this.endpoints(t);
    const mac = t.mac ?? this.directory.get(candidates[0]!)?.mac;
    const list = opts.passwords ? opts.passwords.map((password, i) => ({ id: `given-${i}`, password })) : this.credentials.passwordsFor(opts.site, mac);
    if (!list.length) throw new NoPasswordError(endpointLabel(candidates[0]!), opts.site ?? DEFAULT_SITE);
    let lastErr: unknown;
    for (const endpoint of candidates) {
      try {
        const { client, passwordIndex } = await connectPolycom(endpoint, { passwords: list.map((p) => p.password), dialect: opts.dialect ?? 'auto', timeoutMs: 8000 });
        const id = list[passwordIndex]!.id;
        if (!opts.passwords) void client.getInfo().then((info) => (info.mac ? this.credentials.accepted(info.mac, id) : undefined)).catch(() => {});
        return { client, endpoint };
      } catch (err) {
        lastErr = err;
        if (!(err instanceof PhoneError) || (err.code !== 'UNREACHABLE' && err.code !== 'TIMEOUT')) throw err;
      }
    }
    throw lastErr;
  }

  /** Read a phone. */
  async info(t: TargetArg, site?: string, dialect?: PhoneDialect): Promise<PhoneWebInfo> {
    const { client, endpoint } = await this.connect(t, { ...(site ? { site } : {}), ...(dialect ? { dialect } : {}) });
    try {
      const info = await client.getInfo();
      this.remember(endpoint, info);
      return info;
    } finally {
      client.close();
    }
  }

  /** Read a phone's Provisioning Server panel. */
  async provisioning(t: TargetArg, site?: string, dialect?: PhoneDialect): Promise<PhoneProvisioning> {
    const { client } = await this.connect(t, { ...(site ? { site } : {}), ...(dialect ? { dialect } : {}) });
    try {
      return await client.getProvisioning();
    } finally {
      client.close();
    }
  }

  /**
   * Run one verified action now, with progress events (`phoneAction`).
   * @returns the final row (state ok or failed, error with its fix), plus what was read
   */
  async single(a: ActionRequest): Promise<{ progress: PhoneActionProgress; info?: PhoneWebInfo; provisioning?: PhoneProvisioning }> {
    let row: PhoneActionProgress = { actionId: `single-${++this.singleIds}`, action: a.kind, target: a.target.host ?? a.target.mac ?? '?', ...(a.target.mac ? { mac: a.target.mac } : {}), state: 'running', step: 'starting', startedAt: Date.now() };
    const update: RowUpdate = (patch) => {
      row = { ...row, ...patch };
      this.onRow(row);
    };
    update({});
    try {
      const out = await this.withEndpoint(a, update);
      update({ state: 'ok', endedAt: Date.now(), percent: 100, verified: out.verified });
      return { progress: row, ...(out.info ? { info: out.info } : {}), ...(out.provisioning ? { provisioning: out.provisioning } : {}) };
    } catch (err) {
      update({ state: 'failed', step: 'failed', endedAt: Date.now(), error: toPhoneErrorInfo(err) });
      return { progress: row };
    }
  }

  /** Start a batch (returns at once; rows move on through events). */
  batch(kind: ActionArgs['kind'], targets: TargetArg[], common: Omit<ActionArgs, 'kind' | 'endpoint'>, concurrency = 8) {
    // A reset in a batch (confirmed as a whole) still only resets the phone selected: a target
    // with a MAC must read back that MAC; one given by address alone is confirmed by the batch.
    const args: ActionRequest[] = targets.map((t) => ({ ...common, kind, target: t, ...(kind === 'factoryReset' ? { confirmMac: t.mac ?? '*' } : {}) }));
    const labels = targets.map((t) => (t.host ? endpointLabel({ host: t.host, ...(t.port ? { port: t.port } : {}), ...(t.https ? { https: t.https } : {}) }) : (t.mac ?? '?')));
    return this.batches.start(kind, args, labels, (arg, update) => this.withEndpoint(arg, update).then(() => undefined), concurrency);
  }

  /** Recent action rows, optionally for one phone. */
  actions(mac?: string, limit = 200): PhoneActionProgress[] {
    const rows = [...this.recent].reverse();
    return (mac ? rows.filter((r) => r.mac === mac) : rows).slice(0, limit);
  }

  /** Find phones (see discovery/discover.ts). */
  discover(opts: DiscoverOptions & { site?: string }) {
    return discover(
      {
        seenPhones: () => [
          ...this.deps.requestLog.phones().map((p) => ({ mac: p.mac, source: 'requests' as const, ...(p.lastAddress ? { address: p.lastAddress } : {}) })),
          ...[...this.dhcpSeen].map(([mac, address]) => ({ mac, address, source: 'dhcp' as const })),
        ],
        identify: async (e) => {
          const { client, endpoint } = await this.connect(e, opts.site ? { site: opts.site } : {});
          try {
            return { endpoint, info: await client.getInfo() };
          } finally {
            client.close();
          }
        },
        store: (endpoint, patch) => this.directory.upsert(endpoint, patch),
        vendorOf: (mac) => this.deps.vendorOf(mac),
        progress: (p) => this.deps.emit('phoneDiscovery', p),
        ...(this.neighbourSource ? { neighbours: this.neighbourSource } : {}),
      },
      opts,
    );
  }

  /** Found phones. */
  webPhones(): WebPhone[] {
    return this.directory.list();
  }

  private async withEndpoint(a: ActionRequest, update: RowUpdate) {
    const ctx: ActionContext = {
      requestLog: this.deps.requestLog,
      timing: this.timing,
      connect: async (endpoint, o) => (await this.connect(endpoint, o)).client,
      pointsAtProvKit: (p) => this.pointsAtProvKit(p),
      remember: (endpoint, info) => this.remember(endpoint, info),
    };
    const { target, ...rest } = a;
    if (a.kind === 'checkSync') {
      const host = target.host ?? this.endpoints(target)[0]!.host;
      // The MAC (to watch the request log): the phone known at that web endpoint, or the only one at that address.
      const atHost = this.directory.list().filter((p) => p.host === host && p.mac);
      const known = target.port !== undefined ? atHost.find((p) => p.port === target.port) : atHost.length === 1 ? atHost[0] : undefined;
      const mac = target.mac ?? known?.mac;
      return runAction(ctx, { ...rest, endpoint: { host, port: 80, https: false }, ...(mac ? { mac } : {}) }, update);
    }
    const candidates = this.endpoints(target);
    let endpoint = candidates[0]!;
    if (candidates.length > 1) {
      // HTTP or HTTPS? Log in once to learn which answers, then run the action there.
      const c = await this.connect(target, { ...(a.site ? { site: a.site } : {}), ...(a.dialect ? { dialect: a.dialect } : {}), ...(a.passwords ? { passwords: a.passwords } : {}) });
      c.client.close();
      endpoint = c.endpoint;
    }
    update({ target: endpointLabel(endpoint) });
    return runAction(ctx, { ...rest, endpoint, ...(target.mac && !rest.mac ? { mac: target.mac } : {}) }, update);
  }

  private remember(endpoint: Required<PhoneEndpoint>, info: PhoneWebInfo): void {
    this.directory.upsert(endpoint, { info, source: this.directory.get(endpoint) ? this.directory.get(endpoint)!.sources[0]! : 'manual', ...(info.mac ? { vendor: this.deps.vendorOf(info.mac) ?? 'Polycom' } : {}) });
  }

  private onRow(row: PhoneActionProgress): void {
    const i = this.recent.findIndex((r) => r.actionId === row.actionId);
    if (i >= 0) this.recent[i] = row;
    else this.recent.push(row);
    if (this.recent.length > 2000) this.recent.splice(0, this.recent.length - 2000);
    this.deps.emit('phoneAction', row);
  }

  /** Does a provisioning setting point at one of ProvKit's listening servers? */
  pointsAtProvKit(p: Pick<PhoneProvisioning, 'serverType' | 'serverName'>): boolean {
    return pointsAtServers(p, this.deps.provkitServers(), listInterfaces().map((i) => i.address));
  }
}
