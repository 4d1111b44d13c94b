/**
 * The engine's DHCP service: settings, the sniffer, the probe, the bench server, and the
 * store of what was seen; it turns packets into `dhcp` events, tells the engine about phones seen
 * only by DHCP (`phone` events), and reports one status for the DHCP page.
 */
import { isPhoneMac } from '../../../shared/phone-identity';
import { join } from 'node:path';
import type { DhcpStatus } from '../../../shared/api-dhcp';
import type { DhcpBenchStatus, DhcpPacketEvent, DhcpSettings, DhcpSnifferStatus, ProbeResult } from '../../../shared/dhcp-dto';
import type { PhoneSummary } from '../../../shared/dto';
import { isPrintable, textOf, toHex } from './codec/bytes';
import { optionDef } from './codec/option-table';
import type { Logger } from '../logger';
import { isAllowed, PHONE_PREFIXES, type BenchPacket } from './bench-server';
import { benchPools, BenchSettingsError, benchSettingsErrors } from './bench-config';
import { startGuardedBench, type GuardedStart } from './bench-guard';
import type { BootPolicy } from './boot-server';
import { DhcpStore } from './dhcp-store';
import { loadDhcpSettings, saveDhcpSettings } from './dhcp-settings';
import { interfacesWithoutIpv4, ipv4Interface, ipv4Interfaces } from './interfaces';
import { LeaseStore } from './leases';
import { probe, type ProbeOptions } from './probe';
import { DhcpSniffer, type SniffedPacket } from './sniffer';

/** What the service needs from the engine. */
export interface DhcpServiceDeps {
  dataDir: string;
  logger: Logger;
  ouiVendor: (mac: string) => string | undefined;
  /** Emit a `dhcp` or `dhcpStatus` event. */
  emitPacket: (ev: DhcpPacketEvent) => void;
  emitStatus: (st: DhcpStatus) => void;
  /** A phone seen by DHCP that the request log does not know: its summary for the Phones list. */
  emitPhone: (p: PhoneSummary) => void;
  /** Whether the request log already has this phone. */
  knownPhone: (mac: string) => boolean;
  /** ProvKit's provisioning URL as reachable at `host`, when the HTTP server runs. */
  provisioningUrl: (host: string) => string | undefined;
}

/** The DHCP service. */
export class DhcpService {
  settings!: DhcpSettings;
  readonly store: DhcpStore;
  readonly sniffer: DhcpSniffer;
  private bench: GuardedStart | undefined;
  private benchStatus: DhcpBenchStatus = { state: 'stopped', otherServers: [], leases: [], offering: [] };
  private leases: LeaseStore | undefined;
  private snifferPackets = 0;
  private readonly file: string;

  constructor(private readonly deps: DhcpServiceDeps) {
    this.file = join(deps.dataDir, 'dhcp.json');
    this.store = new DhcpStore({ ouiVendor: deps.ouiVendor, customOption: () => this.settings.polycomCustomOption });
    this.sniffer = new DhcpSniffer(deps.logger.child('sniffer'), (xid) => this.store.vendorHint(xid));
    this.sniffer.on('packet', (p: SniffedPacket) => {
      this.snifferPackets++;
      const origin = { source: p.backend, iface: p.iface, src: `${p.udp.srcIp}:${p.udp.srcPort}`, dst: `${p.udp.dstIp || '*'}:${p.udp.dstPort}`, time: p.time };
      this.record(p.outcome.ok ? p.outcome.packet : p.outcome.partial, origin, p.outcome.ok ? undefined : p.outcome.error);
    });
    this.sniffer.on('state', () => this.deps.emitStatus(this.status()));
  }

  /** Load settings. @throws when dhcp.json is corrupt (with its path) */
  async load(): Promise<void> {
    this.settings = await loadDhcpSettings(this.file);
  }

  /** Record a packet: store, `dhcp` event, and a `phone` event for DHCP-only phones. */
  private record(...args: Parameters<DhcpStore['add']>): void {
    const ev = this.store.add(...args);
    this.deps.emitPacket(ev);
    if (ev.mac.length === 12 && !this.deps.knownPhone(ev.mac)) {
      const p = this.phoneSummary(ev.mac);
      if (p) this.deps.emitPhone(p);
    }
  }

  /**
   * A Phones-list summary for a MAC seen only by DHCP, when it looks like a phone (vendor prefix of
   * docs/sources.md §5 or a phone vendor class).
   */
  phoneSummary(mac: string): PhoneSummary | undefined {
    const c = this.store.client(mac);
    if (!c || !isPhoneMac(mac) || !(isAllowed(mac, PHONE_PREFIXES) || c.phone?.vendor)) return undefined;
    return {
      mac,
      requests: 0,
      errors: 0,
      inInventory: false,
      firstSeen: c.firstSeen,
      lastSeen: c.lastSeen,
      ...(c.ouiVendor ? { ouiVendor: c.ouiVendor } : {}),
      ...(c.phone?.vendor ? { vendor: c.phone.vendor } : {}),
      ...(c.phone?.model ? { model: c.phone.model } : {}),
      ...(c.phone?.appVersion ? { firmware: c.phone.appVersion } : {}),
      ...(c.address ? { lastAddress: c.address } : {}),
    };
  }

  /** Phones seen only by DHCP (for `listPhones`). */
  dhcpOnlyPhones(exclude: ReadonlySet<string>): PhoneSummary[] {
    return this.store
      .clientList()
      .filter((c) => !exclude.has(c.mac) && !this.deps.knownPhone(c.mac))
      .map((c) => this.phoneSummary(c.mac))
      .filter((p): p is PhoneSummary => Boolean(p));
  }

  /** Everything the DHCP page shows. */
  status(): DhcpStatus {
    const avail = DhcpSniffer.captureAvailability();
    const sn = this.sniffer.state();
    const sniffer: DhcpSnifferStatus = { ...sn, captureAvailable: avail.available, ...(avail.reason ? { captureReason: avail.reason } : {}), packets: this.snifferPackets };
    const bench: DhcpBenchStatus = { ...this.benchStatus, leases: this.leases?.list() ?? [] };
    const interfaces = [...ipv4Interfaces().map((i) => ({ name: i.name, address: i.address, netmask: i.netmask })), ...interfacesWithoutIpv4().map((name) => ({ name, address: '', netmask: '' }))];
    return { sniffer, bench, settings: this.settings, interfaces };
  }

  /**
   * Change settings (saved). A running sniffer restarts on a new interface or backend.
   * @throws BenchSettingsError naming each bad bench field (pool outside the subnet, reversed,
   *   holding the server/router/DNS address, lease not a positive number of seconds), checked
   *   against the bench interface when it exists here
   */
  async configure(patch: Partial<Omit<DhcpSettings, 'bench'>> & { bench?: Partial<DhcpSettings['bench']> }): Promise<DhcpStatus> {
    const next: DhcpSettings = { ...this.settings, ...patch, bench: { ...this.settings.bench, ...(patch.bench ?? {}) } };
    if (patch.bench) {
      let iface;
      try {
        iface = ipv4Interface(next.bench.iface || next.iface);
      } catch {
        iface = undefined; // checked again at start, on the interface it then has
      }
      const errors = iface ? benchSettingsErrors(next.bench, iface) : [];
      if (errors.length) throw new BenchSettingsError(errors);
    }
    const restart = this.sniffer.state().state === 'running' && (next.iface !== this.settings.iface || next.backend !== this.settings.backend);
    this.settings = next;
    await saveDhcpSettings(this.file, next);
    if (restart) await this.sniffer.start(next.iface, next.backend);
    const st = this.status();
    this.deps.emitStatus(st);
    return st;
  }

  /** Start the sniffer (on the saved interface unless one is given; saved). */
  async startSniffer(iface?: string, backend?: DhcpSettings['backend']): Promise<DhcpSnifferStatus> {
    if (iface !== undefined || backend !== undefined) await this.configure({ ...(iface !== undefined ? { iface } : {}), ...(backend ? { backend } : {}) });
    if (!this.settings.iface) return { ...this.status().sniffer, state: 'error', error: 'no interface chosen', fix: 'pick the interface the phones are connected to' };
    await this.sniffer.start(this.settings.iface, this.settings.backend);
    return this.status().sniffer;
  }

  /** Stop the sniffer. */
  async stopSniffer(): Promise<DhcpSnifferStatus> {
    await this.sniffer.stop();
    return this.status().sniffer;
  }

  /** The Polycom boot-server mode verdicts assume (settings). */
  polycomPolicy(): BootPolicy {
    const s = this.settings;
    return { vendor: 'polycom', mode: s.polycomMode, customOption: s.polycomCustomOption, customType: s.polycomCustomType };
  }

  /** Probe as a phone; its packets become `dhcp` events with source `probe`. */
  async probe(args: Omit<ProbeOptions, 'iface' | 'onPacket'> & { iface?: string }): Promise<ProbeResult> {
    const iface = args.iface || this.settings.iface;
    if (!iface) throw Object.assign(new Error('no interface chosen'), { fix: 'pick the interface the phones are connected to' });
    return probe({
      ...args,
      iface,
      polycomPolicy: this.polycomPolicy(),
      audiocodesOption: this.settings.audiocodesOption,
      ouiVendor: this.deps.ouiVendor,
      nextServer: this.settings.nextServer ?? 'auto',
      // A capture on the same interface records the probe's packets already.
      onPacket: (p) => {
        const sn = this.sniffer.state();
        if (!(sn.state === 'running' && sn.backend === 'capture' && sn.iface === iface)) this.record(p.packet, { source: 'probe', iface, src: p.from, dst: p.to });
      },
    });
  }

  /**
   * Start the bench server on the bench interface under the safety rules of bench-guard.ts (the
   * same path as `provkit dhcp serve`): settings checked, a probe as each allow-listed vendor,
   * multi-NIC refusal without capture, and a watch that stops leasing when another server appears.
   * @returns the bench status (`refused` with the other servers, or `error` with the reason)
   */
  async startBench(force = false): Promise<DhcpBenchStatus> {
    await this.stopBench();
    const b = this.settings.bench;
    const set = (s: Partial<DhcpBenchStatus>) => {
      this.benchStatus = { state: 'stopped', otherServers: [], leases: [], offering: [], ...s };
      this.deps.emitStatus(this.status());
      return this.status().bench;
    };
    let iface;
    let pools;
    try {
      iface = ipv4Interface(b.iface || this.settings.iface);
      pools = benchPools(b, iface);
    } catch (err) {
      return set({ state: 'error', ...(iface ? { iface: iface.name } : {}), message: `${(err as Error).message}${(err as { fix?: string }).fix ? ` — ${(err as { fix?: string }).fix}` : ''}` });
    }
    const bootUrl = b.bootUrl || this.deps.provisioningUrl(iface.address) || '';
    const address = iface.address;
    this.leases = new LeaseStore(join(this.deps.dataDir, 'dhcp-leases.json'), pools.map((p) => ({ first: p.first, last: p.last })));
    await this.leases.load();
    const name = iface.name;
    const g = await startGuardedBench({
      cfg: { ...b, iface: name, pools, subnetMask: iface.netmask, bootUrl, ...(this.settings.backend !== 'auto' ? { linkMode: this.settings.backend } : {}) },
      iface,
      leases: this.leases,
      logger: this.deps.logger.child('bench'),
      force,
      beforeStart: () => (!bootUrl && b.bootOptions.length ? `No boot server URL: ProvKit's HTTP server is not listening on ${address} (or all addresses). Bind it there on the Servers page, or enter a URL.` : undefined),
      onServer: (server) =>
        server.on('packet', (p: BenchPacket) => {
          this.record(p.packet, { source: 'bench', iface: name, src: p.from, dst: p.to });
          if (p.direction === 'sent') this.deps.emitStatus(this.status());
        }),
      onConflict: (message) => {
        this.bench = undefined;
        set({ state: 'refused', iface: name, message });
      },
    });
    if (g.state !== 'running') return set({ state: g.state, iface: name, otherServers: g.otherServers, message: g.message });
    this.bench = g;
    const offering = g.server!.options().map((o) => ({ code: o.code, name: optionDef(o.code).name, value: isPrintable(o.data) ? textOf(o.data) : toHex(o.data) }));
    return set({ state: 'running', iface: name, serverIp: iface.address, otherServers: g.otherServers, offering, message: g.message });
  }

  /**
   * The MAC holding a DHCP lease on an address (for request and syslog attribution): the bench
   * server's own lease, else an ACK the sniffer, probe or bench server saw.
   * @returns 12 hex digits, or undefined
   */
  leaseMac(ip: string): string | undefined {
    return this.leases?.leaseAt(ip)?.mac ?? this.store.leaseAt(ip);
  }

  /** Stop the bench server. */
  async stopBench(): Promise<DhcpBenchStatus> {
    this.bench?.stop();
    if (this.bench) {
      this.bench = undefined;
      this.benchStatus = { state: 'stopped', otherServers: [], leases: [], offering: [] };
      this.deps.emitStatus(this.status());
    }
    return this.status().bench;
  }

  /** Stop everything. */
  async close(): Promise<void> {
    await this.sniffer.stop();
    this.bench?.stop();
    this.bench = undefined;
  }
}
