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
  private readonly transactions = new Map<string, string[]>();
  private readonly hints = new Map<number, string>();

  constructor(private readonly opts: DhcpStoreOptions = {}) {}

  /** The vendor class of the request with this xid (for option 43 in replies). */
  vendorHint(xid: number): string | undefined {
    return this.hints.get(xid);
  }

  /**
   * Record a packet (or a malformed one) and update its transaction and client.
   * @returns the event to emit
   */
  add(packet: DhcpPacket | PartialPacket | undefined, origin: PacketOrigin, error?: DhcpDecodeError): DhcpPacketEvent {
    const p = (packet ?? {}) as Partial<DhcpPacket>;
    const ethernet = chaddrMac(p);
    const mac = ethernet ?? (p.chaddr ?? '').replace(/:/g, ''); // the DTO's "else as sent"
    const xid = p.xid !== undefined ? formatXid(p.xid) : '';
    const full = !error && packet ? (packet as DhcpPacket) : undefined;
    if (full?.op === 1) {
      const vc = vendorClassOf(full);
      if (vc) this.remember(full.xid, vc);
    }
    const key = `${xid}/${mac}`;
    const steps = this.transactions.get(key) ?? [];
    // The same message seen twice in a row (a retry, or the probe's copy and the capture's) counts once.
    if (p.messageType && steps[steps.length - 1] !== p.messageType) steps.push(p.messageType);
    this.transactions.set(key, steps);
    if (this.transactions.size > 5000) this.transactions.delete(this.transactions.keys().next().value!);
    const ev: DhcpPacketEvent = {
      id: this.nextId++,
      time: origin.time ?? Date.now(),
      source: origin.source,
      ...(origin.iface ? { iface: origin.iface } : {}),
      src: origin.src,
      dst: origin.dst,
      op: p.op ?? 0,
      xid,
      mac,
      transaction: [...steps],
      options: (p.options ?? []).map(optionJson),
      ...(error ? { error: error.message } : {}),
    };
    const oui = ethernet ? this.opts.ouiVendor?.(ethernet) : undefined;
    if (oui) ev.ouiVendor = oui;
    if (p.messageType) ev.messageType = p.messageType;
    if (full) this.describe(full, ev);
    this.events.push(ev);
    if (this.events.length > (this.opts.maxEvents ?? 5000)) this.events.shift();
    if (ethernet) this.track(ethernet, ev);
    return ev;
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
