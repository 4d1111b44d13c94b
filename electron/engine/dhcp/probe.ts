/**
 * "Probe as a phone" (issue #3 §3): send a DISCOVER (or DHCPINFORM) that looks like a given phone —
 * its option 60, 77 and parameter request list, the broadcast flag, a chosen MAC — out of the chosen
 * interface (to 255.255.255.255 from the interface's address, and to its subnet broadcast), collect every answer for a few seconds, never REQUEST, and say which
 * boot server the phone would use, with a side-by-side diff of the offers and rogue-server warnings.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import type { DhcpOffered, ProbeOffer, ProbeProfileId, ProbeResult } from '../../../shared/dhcp-dto';
import { normalizeMac } from '../../../shared/mac';
import { probeMac } from '../../../shared/phone-identity';
import { chaddrMac } from './codec/header';
import { encodePacket, formatXid, tryDecodePacket, type DhcpPacket } from './codec/packet';
import { bootServerFor } from './boot-server';
import { ipv4Interface } from './interfaces';
import { optionJson } from './packet-json';
import { probeProfile, type ProbeProfile } from './profiles';
import { offeredOf } from './summary';
import { diffOffers, probeVerdict } from './offer-diff';
import { bindDhcpSocket } from './sockets';
import type { BootPolicy } from './boot-server';

/** Probe options. */
export interface ProbeOptions {
  iface: string;
  profile: ProbeProfileId;
  /** Client MAC (any notation); default: the profile's vendor prefix + ProvKit's probe marker + random (shared/phone-identity.ts probeMac). */
  mac?: string;
  /** How long to collect answers, ms (default 4,000). */
  waitMs?: number;
  /** Send DHCPINFORM from the interface's own address instead of DISCOVER. */
  inform?: boolean;
  /** Option 60 text for the custom profile. */
  vendorClass?: string;
  /** Polycom boot-server mode (settings) and AudioCodes URL option. */
  polycomPolicy?: BootPolicy;
  audiocodesOption?: number;
  /** Called for each packet sent and received (the engine turns them into `dhcp` events). */
  onPacket?: (p: { direction: 'sent' | 'received'; packet: DhcpPacket; from: string; to: string }) => void;
}

/** The vendor's prefix and ProvKit's probe marker (recognised by isProbeMac, so never a phone). */
function defaultMac(profile: ProbeProfile): string {
  return probeMac(profile.oui, randomBytes(1)[0]!);
}

/**
 * Build the probe's message (exported for tests).
 * @returns the bytes and the xid
 */
export function probeMessage(profile: ProbeProfile, mac: string, opts: { inform?: boolean; ciaddr?: string; xid?: number }): { bytes: Uint8Array; xid: number } {
  const xid = opts.xid ?? randomBytes(4).readUInt32BE(0);
  const options = [
    { code: 53, data: Uint8Array.of(opts.inform ? 8 : 1) },
    { code: 61, data: Uint8Array.from([1, ...Buffer.from(mac, 'hex')]) },
    { code: 57, data: Uint8Array.of(0x05, 0xdc) },
    ...(profile.vendorClass ? [{ code: 60, data: profile.vendorClass }] : []),
    ...(profile.userClass ? [{ code: 77, data: profile.userClass }] : []),
    { code: 55, data: Uint8Array.from(profile.requested) },
  ];
  return { bytes: encodePacket({ op: 1, xid, chaddr: mac, broadcast: !opts.inform, ...(opts.inform && opts.ciaddr ? { ciaddr: opts.ciaddr } : {}), options }), xid };
}

/**
 * Run a probe.
 * @returns what answered and the verdict; never throws for a silent network (then `offers` is empty)
 * @throws InterfaceError for an unknown interface or one without IPv4; the bind error (EACCES,
 *   EADDRINUSE) explained when UDP port 68 cannot be opened
 */
export async function probe(opts: ProbeOptions): Promise<ProbeResult> {
  const iface = ipv4Interface(opts.iface);
  const profile = probeProfile(opts.profile, { ...(opts.vendorClass ? { vendorClass: opts.vendorClass } : {}), ...(opts.polycomPolicy ? { polycomPolicy: opts.polycomPolicy } : {}), ...(opts.audiocodesOption ? { audiocodesOption: opts.audiocodesOption } : {}) });
  const mac = opts.mac ? normalizeMac(opts.mac) : defaultMac(profile);
  const waitMs = opts.waitMs ?? 4000;
  const { bytes, xid } = probeMessage(profile, mac, { inform: Boolean(opts.inform), ciaddr: iface.address });
  const vendorClass = profile.vendorClass ? (opts.profile === 'vvx400' || opts.profile === 'spip650' ? 'Polycom' : Buffer.from(profile.vendorClass).toString('latin1')) : undefined;
  // One socket on 0.0.0.0:68 hears broadcast answers; one on the interface's address sends (so
  // 255.255.255.255 leaves through this interface, not the default route) and hears unicast ones.
  const listen: Socket = await bindDhcpSocket(68);
  let send: Socket | undefined;
  const offers: Array<{ packet: DhcpPacket; from: string }> = [];
  const seen = new Set<string>();
  const started = Date.now();
  const onMessage = (msg: Buffer, rinfo: { address: string; port: number }) => {
    const r = tryDecodePacket(msg, vendorClass ? { vendorClass } : {});
    if (!r.ok || r.packet.op !== 2 || r.packet.xid !== xid || chaddrMac(r.packet) !== mac) return;
    // Both sends may be answered: keep one answer per server.
    const key = `${rinfo.address}/${String(r.packet.options.find((o) => o.code === 54)?.value ?? '')}`;
    if (seen.has(key)) return;
    seen.add(key);
    offers.push({ packet: r.packet, from: rinfo.address });
    opts.onPacket?.({ direction: 'received', packet: r.packet, from: `${rinfo.address}:${rinfo.port}`, to: `${iface.address}:68` });
  };
  try {
    send = await bindDhcpSocket(68, iface.address);
    listen.on('message', onMessage);
    send.on('message', onMessage);
    const s = send;
    const sent = tryDecodePacket(bytes);
    // Limited broadcast as a phone sends it (servers such as dnsmasq ignore directed broadcasts),
    // then the subnet broadcast for servers that listen only to their subnet.
    for (const to of ['255.255.255.255', iface.broadcast]) {
      await new Promise<void>((resolve, reject) => s.send(bytes, 67, to, (err) => (err ? reject(err) : resolve())));
      if (sent.ok) opts.onPacket?.({ direction: 'sent', packet: sent.packet, from: `${iface.address}:68`, to: `${to}:67` });
    }
    await new Promise((r) => setTimeout(r, waitMs));
  } finally {
    listen.close();
    send?.close();
  }
  const answers: ProbeOffer[] = offers.map(({ packet, from }) => {
    const offered: DhcpOffered = offeredOf(packet, profile.policy.vendor === 'polycom' ? profile.policy.customOption : undefined);
    const decision = bootServerFor(packet, profile.policy);
    const server = (packet.options.find((o) => o.code === 54)?.value as string | undefined) ?? from;
    return {
      server,
      from,
      ...(packet.messageType ? { messageType: packet.messageType } : {}),
      ...(packet.yiaddr !== '0.0.0.0' ? { yiaddr: packet.yiaddr } : {}),
      offered,
      ...(decision.server ? { bootServer: decision.server, bootSource: decision.source! } : {}),
      warnings: decision.warnings,
      options: packet.options.map(optionJson),
    };
  });
  const result: ProbeResult = {
    profile: opts.profile,
    iface: iface.name,
    mac,
    xid: formatXid(xid),
    inform: Boolean(opts.inform),
    sentTo: `255.255.255.255 and ${iface.broadcast} via ${iface.name}`,
    waitedMs: Date.now() - started,
    offers: answers,
    diff: diffOffers(answers),
    verdict: '',
    warnings: [],
  };
  const v = probeVerdict(result, profile.label);
  result.verdict = v.verdict;
  result.warnings = v.warnings;
  return result;
}
