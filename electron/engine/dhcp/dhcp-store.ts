/**
 * What ProvKit has seen of DHCP: recent packets as events, transactions correlated by xid and MAC
 * (DISCOVER → OFFER → REQUEST → ACK), the vendor class of each request (to read option 43 in the
 * reply), and one summary per client MAC — the DHCP part of a phone's timeline. Memory only, bounded.
 */
import type { DhcpClientSummary, DhcpPacketEvent } from '../../../shared/dhcp-dto';
import { formatXid, getOption, type DhcpPacket, type PartialPacket } from './codec/packet';
import type { DhcpDecodeError } from './codec/errors';
import { chaddrMac } from './codec/header';
import { optionJson } from './packet-json';
import { offeredOf, phoneHintOf, vendorClassOf, vendorClassText } from './summary';

/** Where a packet came from, and its addresses. */
export interface PacketOrigin {
  source: DhcpPacketEvent['source'];
  iface?: string;
  src: string;
  dst: string;
  time?: number;
}

/** Options of the store. */
export interface DhcpStoreOptions {
  maxEvents?: number;
  maxPerMac?: number;
  /** Vendor of a MAC prefix (OUI table). */
  ouiVendor?: (mac: string) => string | undefined;
  /** The custom boot-server option to report in `offered` (Polycom setting). */
  customOption?: () => number;
}

/** Recent DHCP packets, transactions and clients. */
export class DhcpStore {
  private events: DhcpPacketEvent[] = [];
  private nextId = 1;
  private readonly byMac = new Map<string, DhcpPacketEvent[]>();
  private readonly clients = new Map<string, DhcpClientSummary>();
  private readonly transactions = new Map<string, { steps: string[]; id: number; done: boolean }>();
  private nextExchange = 1;
  /** Recent packets by content key, to merge the copies two views saw of one packet. */
  private readonly recentByKey = new Map<string, DhcpPacketEvent>();
  private readonly hints = new Map<number, string>();
  /** Leases seen in ACKs: address → MAC and expiry (ms since epoch). */
  private readonly acked = new Map<string, { mac: string; expires: number }>();

  constructor(private readonly opts: DhcpStoreOptions = {}) {}

  /** The vendor class of the request with this xid (for option 43 in replies). */
  vendorHint(xid: number): string | undefined {
    return this.hints.get(xid);
  }

  /**
   * Record a packet (or a malformed one) and update its exchange and client. The same packet seen by
   * a second view within a second (capture and the bench server, the probe and capture) is not a new
   * row: the first event gets the view added to `seenBy` and is returned again (same id).
   * @returns the event to emit (a new one, or the updated first copy)
   */
  add(packet: DhcpPacket | PartialPacket | undefined, origin: PacketOrigin, error?: DhcpDecodeError): DhcpPacketEvent {
    const p = (packet ?? {}) as Partial<DhcpPacket>;
    const ethernet = chaddrMac(p);
    const mac = ethernet ?? (p.chaddr ?? '').replace(/:/g, ''); // the DTO's "else as sent"
    const xid = p.xid !== undefined ? formatXid(p.xid) : '';
    const time = origin.time ?? Date.now();
    const copyKey = `${p.op}/${xid}/${mac}/${p.messageType ?? ''}/${p.yiaddr ?? ''}/${p.ciaddr ?? ''}/${error ? 'bad' : ''}`;
    const first = this.recentByKey.get(copyKey);
    if (first && Math.abs(time - first.time) < 1000 && !first.seenBy!.includes(origin.source)) {
      first.seenBy!.push(origin.source);
      return first;
    }
    const full = !error && packet ? (packet as DhcpPacket) : undefined;
    if (full?.op === 1) {
      const vc = vendorClassOf(full);
      if (vc) this.remember(full.xid, vc);
    }
    const exchange = this.step(`${xid}/${mac}`, p.messageType);
    const ev: DhcpPacketEvent = {
      id: this.nextId++,
      time,
      source: origin.source,
      seenBy: [origin.source],
      ...(origin.iface ? { iface: origin.iface } : {}),
      src: origin.src,
      dst: origin.dst,
      op: p.op ?? 0,
      xid,
      mac,
      transaction: [...exchange.steps],
      exchange: exchange.id,
      options: (p.options ?? []).map(optionJson),
      ...(error ? { error: error.message } : {}),
    };
    const oui = ethernet ? this.opts.ouiVendor?.(ethernet) : undefined;
    if (oui) ev.ouiVendor = oui;
    if (p.messageType) ev.messageType = p.messageType;
    if (full) this.describe(full, ev);
    this.events.push(ev);
    if (this.events.length > (this.opts.maxEvents ?? 5000)) this.events.shift();
    this.recentByKey.set(copyKey, ev);
    if (this.recentByKey.size > 200) this.recentByKey.delete(this.recentByKey.keys().next().value!);
    if (ethernet) this.track(ethernet, ev);
    return ev;
  }

  /**
   * Advance the exchange of one xid and MAC: DISCOVER and INFORM start a new one, so does a REQUEST
   * after the last exchange ended (a renewal reusing the xid); ACK and NAK end it. A message repeated
   * in a row (a retry) counts once.
   */
  private step(key: string, type: string | undefined): { steps: string[]; id: number } {
    let x = this.transactions.get(key);
    const fresh = type === 'DISCOVER' || type === 'INFORM' || (type === 'REQUEST' && x?.done);
    if (!x || (fresh && !(x.steps.length === 1 && x.steps[0] === type))) {
      x = { steps: [], id: this.nextExchange++, done: false };
      this.transactions.delete(key);
      this.transactions.set(key, x);
      if (this.transactions.size > 5000) this.transactions.delete(this.transactions.keys().next().value!);
    }
    if (type && x.steps[x.steps.length - 1] !== type) x.steps.push(type);
    if (type === 'ACK' || type === 'NAK') x.done = true;
    return x;
  }

  private remember(xid: number, vendorClass: string): void {
    this.hints.set(xid, vendorClass);
    if (this.hints.size > 5000) this.hints.delete(this.hints.keys().next().value!);
  }

  private describe(p: DhcpPacket, ev: DhcpPacketEvent): void {
    if (p.op === 1) {
      const vc = vendorClassText(p);
      if (vc) ev.vendorClass = vc;
      const hint = phoneHintOf(p);
      if (hint) ev.phone = hint;
      const prl = getOption(p, 55)?.value;
      if (Array.isArray(prl)) ev.requested = prl as number[];
      return;
    }
    const sid = getOption(p, 54)?.value;
    if (typeof sid === 'string') ev.serverId = sid;
    if (p.yiaddr !== '0.0.0.0') ev.yiaddr = p.yiaddr;
    const offered = offeredOf(p, this.opts.customOption?.());
    if (Object.keys(offered).length) ev.offered = offered;
  }

  private track(mac: string, ev: DhcpPacketEvent): void {
    const list = this.byMac.get(mac) ?? [];
    list.push(ev);
    if (list.length > (this.opts.maxPerMac ?? 500)) list.shift();
    this.byMac.set(mac, list);
    const c: DhcpClientSummary = this.clients.get(mac) ?? { mac, firstSeen: ev.time, lastSeen: ev.time, packets: 0, servers: [] };
    c.packets++;
    c.lastSeen = ev.time;
    if (ev.messageType) c.lastMessageType = ev.messageType;
    if (ev.ouiVendor) c.ouiVendor = ev.ouiVendor;
    if (ev.phone) c.phone = { ...c.phone, ...ev.phone };
    if (ev.vendorClass) c.vendorClass = ev.vendorClass;
    if (ev.yiaddr && (ev.messageType === 'ACK' || ev.messageType === 'OFFER')) c.address = ev.yiaddr;
    if (ev.messageType === 'ACK' && ev.yiaddr) {
      const secs = ev.options.find((o) => o.code === 51)?.value;
      this.acked.set(ev.yiaddr, { mac, expires: ev.time + (typeof secs === 'number' ? secs : 3600) * 1000 });
      if (this.acked.size > 5000) this.acked.delete(this.acked.keys().next().value!);
    }
    if (ev.messageType === 'RELEASE' && c.address && this.acked.get(c.address)?.mac === mac) this.acked.delete(c.address);
    if (ev.serverId && !c.servers.includes(ev.serverId)) c.servers.push(ev.serverId);
    const boot = ev.offered?.option160 ?? ev.offered?.option66 ?? ev.offered?.sname;
    if (boot) c.bootServer = boot;
    this.clients.set(mac, c);
    if (this.clients.size > 2000) {
      const oldest = this.clients.keys().next().value!;
      this.clients.delete(oldest);
      this.byMac.delete(oldest);
    }
  }

  /**
   * The MAC an ACK seen gave this address to, while that lease runs (option 51, default 1 h).
   * @param now ms since epoch
   */
  leaseAt(ip: string, now = Date.now()): string | undefined {
    const l = this.acked.get(ip);
    return l && l.expires > now ? l.mac : undefined;
  }

  /** The newest packets, oldest first; one MAC's when given. */
  recent(limit = 500, mac?: string): DhcpPacketEvent[] {
    return (mac ? (this.byMac.get(mac) ?? []) : this.events).slice(-limit);
  }

  /** Clients seen, most recent first. */
  clientList(): DhcpClientSummary[] {
    return [...this.clients.values()].sort((a, b) => b.lastSeen - a.lastSeen);
  }

  /** One client's summary. */
  client(mac: string): DhcpClientSummary | undefined {
    return this.clients.get(mac);
  }
}
