/**
 * The bench DHCP server (issue #3 §4), for an isolated bench network only: leases from a pool on one
 * interface, answers only allow-listed MACs or vendor prefixes, hands out 1, 3, 6, 42, 66 and/or 160
 * (pointing at ProvKit's own server), optional 43 and a VLAN option. Answers leave through the bench
 * interface only (sent to 255.255.255.255 from the interface's own address). Leases persist
 * (leases.ts). The safety check that refuses to start next to another DHCP server is in
 * bench-safety.ts. Malformed requests are logged and dropped.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:dgram';
import type { DhcpBenchSettings } from '../../../shared/dhcp-dto';
import { fromHex, ipBytes, textBytes, uintBytes } from './codec/bytes';
import { chaddrMac } from './codec/header';
import { encodePacket, getOption, tryDecodePacket, type DhcpPacket } from './codec/packet';
import { formatVlanString } from './codec/vlan';
import type { Ipv4Interface } from './interfaces';
import type { LeaseStore } from './leases';
import { bindDhcpSocket } from './sockets';
import type { Logger } from '../logger';

/** Bench server configuration: the settings, the interface, and the boot URL resolved. */
export interface BenchConfig extends DhcpBenchSettings {
  iface: string;
  bootUrl: string;
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

/** Default allow-list: phone vendor prefixes (facts §5). */
export const PHONE_PREFIXES = ['0004f2', '64167f', '482567', '00908f', '001719', '001565', '805ec0', '805e0c', '249ad8', '44dbd2'];

/** Emits `packet` (BenchPacket). */
export class BenchServer extends EventEmitter {
  private listen: Socket | undefined;
  private send: Socket | undefined;

  constructor(
    private readonly cfg: BenchConfig,
    private readonly iface: Ipv4Interface,
    private readonly leases: LeaseStore,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** The options it hands out (code → data), in this order. */
  options(): Array<{ code: number; data: Uint8Array }> {
    const c = this.cfg;
    const out: Array<{ code: number; data: Uint8Array }> = [{ code: 1, data: ipBytes(c.subnetMask) }];
    if (c.router) out.push({ code: 3, data: ipBytes(c.router) });
    if (c.dns.length) out.push({ code: 6, data: Uint8Array.from(c.dns.flatMap((d) => [...ipBytes(d)])) });
    if (c.ntp.length) out.push({ code: 42, data: Uint8Array.from(c.ntp.flatMap((d) => [...ipBytes(d)])) });
    for (const code of [...c.bootOptions].sort((a, b) => a - b)) out.push({ code, data: textBytes(c.bootUrl) });
    if (c.option43Hex) out.push({ code: 43, data: fromHex(c.option43Hex) });
    if (c.vlan > 0) out.push({ code: c.vlanOption, data: textBytes(c.vlanOption === 132 ? String(c.vlan) : formatVlanString([c.vlan])) });
    return out;
  }

  /**
   * Open UDP 67 (all addresses, to hear broadcasts) and the interface's own address (to answer).
   * @throws DhcpPortError when the port cannot be opened (with the fix)
   */
  async start(): Promise<void> {
    this.listen = await bindDhcpSocket(67);
    try {
      this.send = await bindDhcpSocket(67, this.iface.address);
    } catch (err) {
      this.listen.close();
      this.listen = undefined;
      throw err;
    }
    for (const s of [this.listen, this.send]) {
      s.on('message', (msg, rinfo) => {
        this.handle(msg, `${rinfo.address}:${rinfo.port}`).catch((err: Error) => this.logger.error(`bench DHCP: ${err.message}`));
      });
    }
  }

  /** Close the sockets. */
  stop(): void {
    this.listen?.close();
    this.send?.close();
    this.listen = this.send = undefined;
  }

  private async handle(msg: Buffer, from: string): Promise<void> {
    const r = tryDecodePacket(msg);
    if (!r.ok) {
      this.logger.warn(`bench DHCP: malformed packet from ${from} dropped: ${r.error.message}`);
      return;
    }
    const p = r.packet;
    const mac = chaddrMac(p);
    if (p.op !== 1 || !p.messageType || !mac) return;
    if (!isAllowed(mac, this.cfg.allow)) {
      this.logger.debug(`bench DHCP: ${p.messageType} from ${mac} ignored (not allow-listed)`);
      return;
    }
    this.emit('packet', { direction: 'received', packet: p, from, to: `${this.iface.address}:67` } satisfies BenchPacket);
    const requested = getOption(p, 50)?.value as string | undefined;
    const serverId = getOption(p, 54)?.value as string | undefined;
    const hostname = getOption(p, 12)?.value as string | undefined;
    switch (p.messageType) {
      case 'DISCOVER': {
        const ip = this.leases.offer(mac, requested);
        if (!ip) return this.logger.warn(`bench DHCP: pool full, no offer for ${mac}`);
        return this.reply(p, 2, ip);
      }
      case 'REQUEST': {
        if (serverId && serverId !== this.iface.address) return this.leases.forgetOffer(mac);
        const ip = requested ?? (p.ciaddr !== '0.0.0.0' ? p.ciaddr : undefined);
        const lease = ip ? await this.leases.commit(mac, ip, this.cfg.leaseSeconds, hostname) : undefined;
        return lease ? this.reply(p, 5, lease.ip) : this.reply(p, 6, undefined);
      }
      case 'INFORM':
        return this.reply(p, 5, undefined, true);
      case 'RELEASE':
        return this.leases.release(mac);
      case 'DECLINE':
        if (requested) await this.leases.decline(mac, requested);
        return;
      default:
        return;
    }
  }

  private async reply(req: DhcpPacket, type: 2 | 5 | 6, yiaddr: string | undefined, inform = false): Promise<void> {
    const opts: Array<{ code: number; data: Uint8Array }> = [{ code: 53, data: Uint8Array.of(type) }, { code: 54, data: ipBytes(this.iface.address) }];
    if (type !== 6) {
      if (!inform) {
        opts.push({ code: 51, data: uintBytes(this.cfg.leaseSeconds, 4) });
        opts.push({ code: 58, data: uintBytes(Math.floor(this.cfg.leaseSeconds / 2), 4) }, { code: 59, data: uintBytes(Math.floor((this.cfg.leaseSeconds * 7) / 8), 4) });
      }
      opts.push(...this.options());
    }
    const bytes = encodePacket({
      op: 2,
      xid: req.xid,
      chaddr: req.chaddr,
      flags: req.flags,
      giaddr: req.giaddr,
      ...(inform ? { ciaddr: req.ciaddr } : {}),
      ...(yiaddr ? { yiaddr } : {}),
      siaddr: this.iface.address,
      options: opts,
    });
    // INFORM answers go to the client's address; everything else is broadcast on the bench interface.
    const to = inform && req.ciaddr !== '0.0.0.0' ? req.ciaddr : '255.255.255.255';
    await new Promise<void>((resolve) => this.send?.send(bytes, 68, to, (err) => (err ? (this.logger.warn(`bench DHCP: send failed: ${err.message}`), resolve()) : resolve())));
    const sent = tryDecodePacket(bytes);
    if (sent.ok) this.emit('packet', { direction: 'sent', packet: sent.packet, from: `${this.iface.address}:67`, to: `${to}:68` } satisfies BenchPacket);
  }
}
