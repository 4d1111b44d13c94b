/**
 * "Probe as a phone": send a DISCOVER (or DHCPINFORM) that looks like a given phone —
 * its option 60, 77 and parameter request list, the broadcast flag, a chosen MAC — out of the chosen
 * interface (to 255.255.255.255 from the interface's address, and to its subnet broadcast), collect every answer for a few seconds, never REQUEST, and say which
 * boot server the phone would use, with a side-by-side diff of the offers and rogue-server warnings.
 */
import { randomBytes } from 'node:crypto';
import type { DhcpOffered, ProbeOffer, ProbeProfileId, ProbeResult } from '../../../shared/dhcp-dto';
import { normalizeMac } from '../../../shared/mac';
import { probeMac } from '../../../shared/phone-identity';
import { chaddrMac } from './codec/header';
import { encodePacket, formatXid, tryDecodePacket, type DhcpPacket } from './codec/packet';
import { bootServerFor } from './boot-server';
import { linkInterface, type Ipv4Interface } from './interfaces';
import { openDhcpLink, BROADCAST_MAC } from './dhcp-link';
import { neighbourLookup } from '../phones/discovery/neighbours';
import { optionJson } from './packet-json';
import { probeProfile, type ProbeProfile } from './profiles';
import { offeredOf } from './summary';
import { diffOffers, probeVerdict } from './offer-diff';
import type { BootPolicy, NextServerRule } from './boot-server';

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
  /** Whether next-server (siaddr/file) counts as a boot server (boot-server.ts). */
  nextServer?: NextServerRule;
  audiocodesOption?: number;
  /** Broadcast flag of the DISCOVER (default on, as most phones send it). */
  broadcastFlag?: boolean;
  /** `capture` sends raw frames from 0.0.0.0 and hears unicast answers; default: capture when available. */
  linkMode?: 'auto' | 'capture' | 'socket';
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
export function probeMessage(profile: ProbeProfile, mac: string, opts: { inform?: boolean; ciaddr?: string; xid?: number; broadcast?: boolean }): { bytes: Uint8Array; xid: number } {
  const xid = opts.xid ?? randomBytes(4).readUInt32BE(0);
  const options = [
    { code: 53, data: Uint8Array.of(opts.inform ? 8 : 1) },
    { code: 61, data: Uint8Array.from([1, ...Buffer.from(mac, 'hex')]) },
    { code: 57, data: Uint8Array.of(0x05, 0xdc) },
    ...(profile.vendorClass ? [{ code: 60, data: profile.vendorClass }] : []),
    ...(profile.userClass ? [{ code: 77, data: profile.userClass }] : []),
    { code: 55, data: Uint8Array.from(profile.requested) },
  ];
  return { bytes: encodePacket({ op: 1, xid, chaddr: mac, broadcast: !opts.inform && opts.broadcast !== false, ...(opts.inform && opts.ciaddr ? { ciaddr: opts.ciaddr } : {}), options }), xid };
}

/** One message to send in an exchange. */
export interface ProbeSend {
  bytes: Uint8Array;
  xid: number;
  /** The client MAC (12 hex digits) it carries in chaddr; raw frames are sent from it. */
  mac: string;
  inform?: boolean;
  /** Vendor class text to read option 43 of its answers with. */
  vendorClass?: string;
}

/** One answer heard. */
export interface ProbeAnswer {
  packet: DhcpPacket;
  /** `address:port` it came from. */
  from: string;
  /** `address:port` it was sent to (`255.255.255.255:68`, a unicast address...). */
  to: string;
  /** The sender's Ethernet address (capture), else from the neighbour table when known. */
  serverMac?: string;
  /** The message it answers. */
  request: ProbeSend;
}

/**
 * Send messages as a DHCP client and collect every answer to them for `waitMs`. Never REQUESTs.
 * Through capture: one raw broadcast frame each, from 0.0.0.0 (INFORM: from the interface's address)
 * and the interface's MAC, answers heard whether broadcast or unicast to the message's chaddr. Through sockets:
 * to 255.255.255.255 and the subnet broadcast from the interface's address (needs one).
 * @returns the answers (one per server and message), and how they were sent
 * @throws the bind or capture error (with `fix` when known); Error for an interface with no address and no capture
 */
export async function exchange(iface: Ipv4Interface, sends: readonly ProbeSend[], waitMs: number, opts: { linkMode?: 'auto' | 'capture' | 'socket'; onPacket?: ProbeOptions['onPacket'] } = {}): Promise<{ answers: ProbeAnswer[]; sentTo: string }> {
  const byXid = new Map(sends.map((m) => [m.xid, m]));
  const answers: ProbeAnswer[] = [];
  const seen = new Set<string>();
  const link = await openDhcpLink(
    iface,
    68,
    (d) => {
      if (d.dstPort !== 68 && d.dstPort !== 67) return;
      const xid = d.payload.length >= 8 ? Buffer.from(d.payload.subarray(4, 8)).readUInt32BE(0) : -1;
      const req = byXid.get(xid);
      if (!req || d.payload[0] !== 2) return;
      const r = tryDecodePacket(d.payload, req.vendorClass ? { vendorClass: req.vendorClass } : {});
      if (!r.ok || chaddrMac(r.packet) !== req.mac) return;
      // Sent twice (socket path) or heard twice (capture + socket): keep one answer per server and message.
      const key = `${xid}/${d.srcIp}/${String(r.packet.options.find((o) => o.code === 54)?.value ?? '')}`;
      if (seen.has(key)) return;
      seen.add(key);
      const a: ProbeAnswer = { packet: r.packet, from: `${d.srcIp}:${d.srcPort}`, to: `${d.dstIp || iface.address}:${d.dstPort}`, request: req, ...(d.srcMac ? { serverMac: d.srcMac } : {}) };
      answers.push(a);
      opts.onPacket?.({ direction: 'received', packet: r.packet, from: a.from, to: a.to });
    },
    opts.linkMode ?? 'auto',
  );
  let sentTo: string;
  try {
    for (const m of sends) {
      const sent = tryDecodePacket(m.bytes);
      if (link.mode === 'capture') {
        const src = m.inform && iface.address ? iface.address : '0.0.0.0';
        // The frame comes from the interface's own MAC (a switch with port security would shut the
        // port on a new source MAC); answers to chaddr are then unknown unicast, which switches flood.
        await link.send(m.bytes, { ip: '255.255.255.255', port: 67, mac: BROADCAST_MAC }, { mac: iface.mac ?? m.mac, ip: src });
        if (sent.ok) opts.onPacket?.({ direction: 'sent', packet: sent.packet, from: `${src}:68`, to: '255.255.255.255:67' });
      } else {
        // Limited broadcast as a phone sends it (servers such as dnsmasq ignore directed broadcasts),
        // then the subnet broadcast for servers that listen only to their subnet.
        for (const to of ['255.255.255.255', iface.broadcast]) {
          await link.send(m.bytes, { ip: to, port: 67 });
          if (sent.ok) opts.onPacket?.({ direction: 'sent', packet: sent.packet, from: `${iface.address}:68`, to: `${to}:67` });
        }
      }
    }
    sentTo = link.mode === 'capture' ? `255.255.255.255 from 0.0.0.0 via ${iface.name} (raw frame)` : `255.255.255.255 and ${iface.broadcast} via ${iface.name}`;
    await new Promise((r) => setTimeout(r, waitMs));
  } finally {
    link.close();
  }
  const neighbour = neighbourLookup();
  for (const a of answers) {
    const m = a.serverMac ? undefined : neighbour(a.from.split(':')[0]!);
    if (m) a.serverMac = m.match(/../g)!.join(':');
  }
  return { answers, sentTo };
}

/**
 * Run a probe.
 * @returns what answered and the verdict; never throws for a silent network (then `offers` is empty)
 * @throws InterfaceError for an unknown interface; Error for one without IPv4 when capture is not
 *   available; the bind error (EACCES, EADDRINUSE) explained when UDP port 68 cannot be opened
 */
export async function probe(opts: ProbeOptions & { ouiVendor?: (mac: string) => string | undefined }): Promise<ProbeResult> {
  const iface = linkInterface(opts.iface);
  const profile = probeProfile(opts.profile, { ...(opts.vendorClass ? { vendorClass: opts.vendorClass } : {}), ...(opts.polycomPolicy ? { polycomPolicy: opts.polycomPolicy } : {}), ...(opts.audiocodesOption ? { audiocodesOption: opts.audiocodesOption } : {}) });
  const mac = opts.mac ? normalizeMac(opts.mac) : defaultMac(profile);
  const waitMs = opts.waitMs ?? 4000;
  if (opts.inform && !iface.address) throw Object.assign(new Error(`DHCPINFORM needs an address on ${iface.name}`), { fix: 'give the interface an address, or probe with a DISCOVER' });
  const { bytes, xid } = probeMessage(profile, mac, { inform: Boolean(opts.inform), ciaddr: iface.address, broadcast: opts.broadcastFlag !== false });
  const vendorClass = profile.vendorClass ? (opts.profile === 'vvx400' || opts.profile === 'spip650' ? 'Polycom' : Buffer.from(profile.vendorClass).toString('latin1')) : undefined;
  const started = Date.now();
  const { answers: heard, sentTo } = await exchange(iface, [{ bytes, xid, mac, inform: Boolean(opts.inform), ...(vendorClass ? { vendorClass } : {}) }], waitMs, { ...(opts.linkMode ? { linkMode: opts.linkMode } : {}), ...(opts.onPacket ? { onPacket: opts.onPacket } : {}) });
  const answers: ProbeOffer[] = heard.map(({ packet, from, serverMac }) => {
    const offered: DhcpOffered = offeredOf(packet, profile.policy.vendor === 'polycom' ? profile.policy.customOption : undefined);
    const decision = bootServerFor(packet, profile.policy, opts.nextServer ?? 'auto');
    const fromIp = from.split(':')[0]!;
    const server = (packet.options.find((o) => o.code === 54)?.value as string | undefined) ?? fromIp;
    const vendor = serverMac ? opts.ouiVendor?.(serverMac.replace(/:/g, '')) : undefined;
    return {
      server,
      from: fromIp,
      ...(serverMac ? { serverMac } : {}),
      ...(vendor ? { serverVendor: vendor } : {}),
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
    sentTo,
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
