/**
 * The bench DHCP server, for an isolated bench network only: leases from a pool on one interface
 * (and pools behind relay agents), answers only allow-listed MACs or vendor prefixes, hands out 1,
 * 3, 6, 42, 66 and/or 160 (pointing at ProvKit's own server), optional 43 and a VLAN option.
 * Requests are read through dhcp-link.ts (packet capture: this interface only). Replies follow
 * RFC 2131 §4.1 and Table 3 (see {@link replyDestination}); REQUESTs are handled by client state
 * (RFC 2131 §4.3.2). An address is checked free before it is offered (in-use.ts). Another server's
 * OFFER/ACK heard on the link is reported (`foreign`), for bench-guard.ts to stop leasing.
 * Leases persist (leases.ts). Malformed requests are logged and dropped.
 */
import { EventEmitter } from 'node:events';
import type { DhcpBenchSettings } from '../../../shared/dhcp-dto';
import { fromHex, ipBytes, textBytes, uintBytes } from './codec/bytes';
import { chaddrMac } from './codec/header';
import { encodeFitting, getOption, tryDecodePacket, type DhcpPacket } from './codec/packet';
import { formatVlanString } from './codec/vlan';
import { poolFor, type BenchPool } from './bench-config';
import { BROADCAST_MAC, openDhcpLink, type DhcpLink, type LinkDestination } from './dhcp-link';
import { addressInUse, type InUseResult } from './in-use';
import type { Ipv4Interface } from './interfaces';
import type { LeaseStore } from './leases';
import type { UdpDatagram } from './link';
import type { Logger } from '../logger';

/** Bench server configuration: the settings, the interface, the boot URL and pools resolved. */
export interface BenchConfig extends DhcpBenchSettings {
  iface: string;
  bootUrl: string;
  /** From bench-config.ts `benchPools` (the interface's own pool first). */
  pools: BenchPool[];
  /** How to hear and send (dhcp-link.ts); default capture when available. */
  linkMode?: 'auto' | 'capture' | 'socket';
  /** Check an address is free before offering it (default true); a test may replace the check. */
  inUseCheck?: false | ((ip: string) => Promise<InUseResult>);
}

/** Another DHCP server's answer heard while serving. */
export interface ForeignAnswer {
  server: string;
  from: string;
  mac?: string;
  messageType: string;
  chaddr: string;
}

/** A packet the bench server received or sent (for `dhcp` events). */
export interface BenchPacket {
  direction: 'received' | 'sent';
  packet: DhcpPacket;
  from: string;
  to: string;
}

/**
 * Whether a MAC is allow-listed.
 * @param mac 12 lowercase hex digits; @param allow MACs (12 hex) and prefixes (6 hex)
 */
export function isAllowed(mac: string, allow: readonly string[]): boolean {
  return allow.some((a) => (a.length === 12 ? mac === a : mac.startsWith(a)));
}

/** Default allow-list: phone vendor prefixes (docs/sources.md §5). */
export const PHONE_PREFIXES = ['0004f2', '64167f', '482567', '00908f', '001719', '001565', '805ec0', '805e0c', '249ad8', '44dbd2'];

/**
 * Where a reply goes (RFC 2131 §4.1, "If the 'giaddr' field ... is nonzero ..."):
 * - giaddr set: to the relay agent, giaddr:67 (a NAK also gets the broadcast bit, so the relay broadcasts it);
 * - a NAK otherwise: broadcast to 255.255.255.255:68;
 * - ciaddr set (RENEWING, REBINDING, INFORM): unicast to ciaddr:68;
 * - broadcast bit set: 255.255.255.255:68;
 * - else unicast to yiaddr at chaddr: `mac` asks for a raw frame (capture); without capture the
 *   caller broadcasts instead, which §4.1 allows "if unicasting is not possible".
 */
export function replyDestination(req: Pick<DhcpPacket, 'giaddr' | 'ciaddr' | 'broadcast' | 'chaddr'>, type: 2 | 5 | 6, yiaddr: string | undefined): LinkDestination & { broadcastBit?: boolean } {
  if (req.giaddr !== '0.0.0.0') return { ip: req.giaddr, port: 67, ...(type === 6 ? { broadcastBit: true } : {}) };
  if (type === 6) return { ip: '255.255.255.255', port: 68, mac: BROADCAST_MAC };
  if (req.ciaddr !== '0.0.0.0') return { ip: req.ciaddr, port: 68 };
  if (req.broadcast || !yiaddr) return { ip: '255.255.255.255', port: 68, mac: BROADCAST_MAC };
  return { ip: yiaddr, port: 68, mac: req.chaddr };
}

/**
 * Options in the order the client listed them in its parameter request list (option 55), as ISC
 * dhcpd and dnsmasq answer; options it did not ask for follow in their own order (RFC 2131 §4.3.1:
 * the server returns the parameters requested, and may add others).
 * @param prl the decoded option 55 value (codes), when the client sent one
 */
export function inRequestOrder<T extends { code: number }>(options: readonly T[], prl: unknown): T[] {
  if (!Array.isArray(prl)) return [...options];
  const rank = (c: number) => {
    const i = (prl as number[]).indexOf(c);
    return i < 0 ? prl.length : i;
  };
  return options.map((o, i) => ({ o, i })).sort((a, b) => rank(a.o.code) - rank(b.o.code) || a.i - b.i).map((x) => x.o);
}

/** Emits `packet` (BenchPacket) and `foreign` (ForeignAnswer). */
export class BenchServer extends EventEmitter {
  private link: DhcpLink | undefined;
  /** xids of ProvKit's own safety probes: never answered. */
  readonly ignoreXids = new Set<number>();

  constructor(
    private readonly cfg: BenchConfig,
    private readonly iface: Ipv4Interface,
    private readonly leases: LeaseStore,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** `capture` or `socket` once started. */
  get mode(): 'capture' | 'socket' | undefined {
    return this.link?.mode;
  }

  /** The options it hands out (code → data), in this order; `router` overrides option 3 (relay pools). */
  options(router = this.cfg.router, mask = this.cfg.subnetMask): Array<{ code: number; data: Uint8Array }> {
    const c = this.cfg;
    const out: Array<{ code: number; data: Uint8Array }> = [{ code: 1, data: ipBytes(mask) }];
    if (router) out.push({ code: 3, data: ipBytes(router) });
    if (c.dns.length) out.push({ code: 6, data: Uint8Array.from(c.dns.flatMap((d) => [...ipBytes(d)])) });
    if (c.ntp.length) out.push({ code: 42, data: Uint8Array.from(c.ntp.flatMap((d) => [...ipBytes(d)])) });
    for (const code of [...c.bootOptions].sort((a, b) => a - b)) out.push({ code, data: textBytes(c.bootUrl) });
    if (c.option43Hex) out.push({ code: 43, data: fromHex(c.option43Hex) });
    if (c.vlan > 0) out.push({ code: c.vlanOption, data: textBytes(c.vlanOption === 132 ? String(c.vlan) : formatVlanString([c.vlan])) });
    return out;
  }

  /**
   * Open the link on UDP 67 of the bench interface.
   * @throws DhcpPortError when the port cannot be opened (with the fix); the capture open error
   */
  async start(): Promise<void> {
    this.link = await openDhcpLink(this.iface, 67, (d) => this.onDatagram(d), this.cfg.linkMode ?? 'auto');
  }

  /** Close the link. */
  stop(): void {
    this.link?.close();
    this.link = undefined;
  }

  private onDatagram(d: UdpDatagram): void {
    const from = `${d.srcIp}:${d.srcPort}`;
    if (d.payload[0] === 2) return this.foreign(d);
    if (d.dstPort !== 67) return;
    this.handle(d.payload, from).catch((err: Error) => this.logger.error(`bench DHCP: ${err.message}`));
  }

  /** An answer on the link: ours (ignored) or another server's (`foreign`). */
  private foreign(d: UdpDatagram): void {
    if (d.srcIp === this.iface.address || (this.iface.mac && d.srcMac === this.iface.mac)) return;
    const r = tryDecodePacket(d.payload);
    if (!r.ok || (r.packet.messageType !== 'OFFER' && r.packet.messageType !== 'ACK')) return;
    const server = (getOption(r.packet, 54)?.value as string | undefined) ?? d.srcIp;
    if (server === this.iface.address) return;
    this.emit('foreign', { server, from: d.srcIp, ...(d.srcMac ? { mac: d.srcMac } : {}), messageType: r.packet.messageType, chaddr: r.packet.chaddr } satisfies ForeignAnswer);
  }

  private async handle(msg: Uint8Array, from: string): Promise<void> {
    const r = tryDecodePacket(msg);
    if (!r.ok) {
      this.logger.warn(`bench DHCP: malformed packet from ${from} dropped: ${r.error.message}`);
      return;
    }
    const p = r.packet;
    const mac = chaddrMac(p);
    if (p.op !== 1 || !p.messageType || !mac || this.ignoreXids.has(p.xid)) return;
    if (!isAllowed(mac, this.cfg.allow)) {
      this.logger.debug(`bench DHCP: ${p.messageType} from ${mac} ignored (not allow-listed)`);
      return;
    }
    const pool = poolFor(this.cfg.pools, p.giaddr);
    if (!pool) return this.logger.warn(`bench DHCP: ${p.messageType} relayed by ${p.giaddr} ignored: no relay pool holds that subnet`);
    this.emit('packet', { direction: 'received', packet: p, from, to: `${this.iface.address}:67` } satisfies BenchPacket);
    const range = { first: pool.first, last: pool.last };
    const requested = getOption(p, 50)?.value as string | undefined;
    const serverId = getOption(p, 54)?.value as string | undefined;
    const hostname = getOption(p, 12)?.value as string | undefined;
    switch (p.messageType) {
      case 'DISCOVER': {
        const ip = await this.freeAddress(mac, requested, range);
        if (!ip) return this.logger.warn(`bench DHCP: pool ${pool.first}-${pool.last} full, no offer for ${mac}`);
        return this.reply(p, 2, ip, pool);
      }
      case 'REQUEST':
        return this.request(p, mac, pool, requested, serverId, hostname);
      case 'INFORM':
        return this.reply(p, 5, undefined, pool, true);
      case 'RELEASE':
        return this.leases.release(mac);
      case 'DECLINE':
        if (requested) await this.leases.decline(mac, requested);
        return;
      default:
        return;
    }
  }

  /** A REQUEST by client state (RFC 2131 §4.3.2). */
  private async request(p: DhcpPacket, mac: string, pool: BenchPool, requested: string | undefined, serverId: string | undefined, hostname: string | undefined): Promise<void> {
    const range = { first: pool.first, last: pool.last };
    const commit = async (ip: string) => {
      const lease = await this.leases.commit(mac, ip, this.cfg.leaseSeconds, hostname, range);
      return lease ? this.reply(p, 5, lease.ip, pool) : this.reply(p, 6, undefined, pool);
    };
    if (serverId) {
      // SELECTING: the client chose a server; another one's choice frees our offer.
      if (serverId !== this.iface.address) return this.leases.forgetOffer(mac);
      return requested ? commit(requested) : this.reply(p, 6, undefined, pool);
    }
    const mine = this.leases.leaseOf(mac);
    if (requested && p.ciaddr === '0.0.0.0') {
      // INIT-REBOOT: NAK an address from another network or another client's; silent without a record.
      const onNet = requested && (pool.local ? this.leases.inPool(requested) || this.onLocalSubnet(requested) : this.leases.inPool(requested, range));
      if (!onNet || (mine && mine.ip !== requested)) return this.reply(p, 6, undefined, pool);
      return mine ? commit(requested) : undefined;
    }
    if (p.ciaddr !== '0.0.0.0') {
      // RENEWING (unicast) or REBINDING (broadcast): extend our own lease, NAK ours given to someone else.
      if (mine && mine.ip === p.ciaddr) return commit(p.ciaddr);
      if (this.leases.inPool(p.ciaddr, range)) return this.reply(p, 6, undefined, pool);
    }
    return undefined;
  }

  private onLocalSubnet(ip: string): boolean {
    const m = this.cfg.pools.find((x) => x.local)!.subnetMask;
    const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    return ((toInt(ip) & toInt(m)) >>> 0) === ((toInt(this.iface.address) & toInt(m)) >>> 0);
  }

  /** An address for a DISCOVER that nothing answers on (up to 8 tries; RFC 2131 §2.2). */
  private async freeAddress(mac: string, requested: string | undefined, range: { first: string; last: string }): Promise<string | undefined> {
    for (let i = 0; i < 8; i++) {
      const ip = this.leases.offer(mac, requested, range);
      if (!ip || this.cfg.inUseCheck === false || this.leases.leaseOf(mac)?.ip === ip) return ip;
      const check = await (this.cfg.inUseCheck ?? ((a: string) => addressInUse(this.iface, a)))(ip);
      if (check.inUse === undefined) this.logger.debug(`bench DHCP: could not check ${ip} is free (${check.how}); offering it`);
      if (!check.inUse) return ip;
      this.logger.warn(`bench DHCP: ${ip} answers ${check.how === 'arp' ? `ARP${check.mac ? ` from ${check.mac}` : ''}` : 'ping'}: skipped for 10 minutes`);
      this.leases.markInUse(ip);
      this.leases.forgetOffer(mac);
      if (ip === requested) requested = undefined;
    }
    return undefined;
  }

  private async reply(req: DhcpPacket, type: 2 | 5 | 6, yiaddr: string | undefined, pool: BenchPool, inform = false): Promise<void> {
    const opts: Array<{ code: number; data: Uint8Array }> = [{ code: 53, data: Uint8Array.of(type) }, { code: 54, data: ipBytes(this.iface.address) }];
    if (type !== 6) {
      if (!inform) {
        opts.push({ code: 51, data: uintBytes(this.cfg.leaseSeconds, 4) });
        opts.push({ code: 58, data: uintBytes(Math.floor(this.cfg.leaseSeconds / 2), 4) }, { code: 59, data: uintBytes(Math.floor((this.cfg.leaseSeconds * 7) / 8), 4) });
      }
      opts.push(...inRequestOrder(this.options(pool.local ? pool.router : pool.router || req.giaddr, pool.subnetMask), getOption(req, 55)?.value));
    }
    const dest = replyDestination(req, type, yiaddr);
    // RFC 2131 Table 3: ciaddr copied in an ACK (0 in OFFER/NAK); siaddr and yiaddr 0 in a NAK.
    const maxSize = getOption(req, 57)?.value;
    const fit = encodeFitting(
      {
        op: 2,
        xid: req.xid,
        chaddr: req.chaddr,
        flags: dest.broadcastBit ? req.flags | 0x8000 : req.flags,
        giaddr: req.giaddr,
        ...(type === 5 ? { ciaddr: req.ciaddr } : {}),
        ...(yiaddr && type !== 6 ? { yiaddr } : {}),
        ...(type !== 6 ? { siaddr: this.iface.address } : {}),
        options: opts,
      },
      typeof maxSize === 'number' ? maxSize : 576,
    );
    if (fit.dropped.length) this.logger.warn(`bench DHCP: options ${fit.dropped.join(', ')} do not fit in ${req.chaddr}'s maximum message size (${typeof maxSize === 'number' ? maxSize : 576} bytes) and were left out`);
    const bytes = fit.bytes;
    // Without capture a frame to chaddr cannot be sent: broadcast, as RFC 2131 §4.1 allows.
    const to = dest.mac && this.link?.mode !== 'capture' ? { ip: '255.255.255.255', port: 68 } : dest;
    try {
      await this.link?.send(bytes, to);
    } catch (err) {
      this.logger.warn(`bench DHCP: send to ${to.ip}:${to.port} failed: ${(err as Error).message}`);
      return;
    }
    const sent = tryDecodePacket(bytes);
    if (sent.ok) this.emit('packet', { direction: 'sent', packet: sent.packet, from: `${this.iface.address}:67`, to: `${to.ip}:${to.port}` } satisfies BenchPacket);
  }
}
