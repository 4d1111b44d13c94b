/**
 * From a captured frame to a UDP datagram: Ethernet (with 802.1Q/802.1ad tags), Linux cooked
 * capture v1 and v2, raw IP and BSD loopback; IPv4 only (DHCPv4); non-first fragments are skipped.
 * Used by the capture-file reader and by the live capture backend.
 */
import { ipAt } from './codec/bytes';

/** LINKTYPE_ values this module understands (tcpdump.org link-layer header types). */
export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW: 101, LINUX_SLL: 113, LINUX_SLL2: 276 } as const;

/** A UDP datagram found in a frame. */
export interface UdpDatagram {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  /** Ethernet source/destination, `aa:bb:..`, when the link layer carries them. */
  srcMac?: string;
  dstMac?: string;
  /** 802.1Q VLAN id when the frame was tagged. */
  vlan?: number;
  payload: Uint8Array;
}

function mac(b: Uint8Array, at: number): string {
  return [...b.subarray(at, at + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/**
 * Find the IPv4/UDP datagram in a frame.
 * @param linkType the capture's LINKTYPE_ value
 * @param f the frame bytes
 * @returns the datagram, or undefined for anything else (ARP, IPv6, TCP, fragments, truncated headers)
 */
export function udpFromFrame(linkType: number, f: Uint8Array): UdpDatagram | undefined {
  let at: number;
  let etherType: number;
  let srcMac: string | undefined;
  let dstMac: string | undefined;
  let vlan: number | undefined;
  if (linkType === LINKTYPE.ETHERNET) {
    if (f.length < 14) return undefined;
    [dstMac, srcMac] = [mac(f, 0), mac(f, 6)];
    etherType = (f[12]! << 8) | f[13]!;
    at = 14;
    while ((etherType === 0x8100 || etherType === 0x88a8) && at + 4 <= f.length) {
      vlan ??= ((f[at]! << 8) | f[at + 1]!) & 0x0fff;
      etherType = (f[at + 2]! << 8) | f[at + 3]!;
      at += 4;
    }
  } else if (linkType === LINKTYPE.LINUX_SLL) {
    if (f.length < 16) return undefined;
    if (((f[4]! << 8) | f[5]!) === 6) srcMac = mac(f, 6);
    etherType = (f[14]! << 8) | f[15]!;
    at = 16;
  } else if (linkType === LINKTYPE.LINUX_SLL2) {
    if (f.length < 20) return undefined;
    etherType = (f[0]! << 8) | f[1]!;
    if (f[11] === 6) srcMac = mac(f, 12);
    at = 20;
  } else if (linkType === LINKTYPE.RAW || linkType === 12 || linkType === 14) {
    etherType = 0x0800;
    at = 0;
  } else if (linkType === LINKTYPE.NULL) {
    if (f.length < 4) return undefined;
    const family = f[0] === 2 || f[3] === 2 ? 2 : 0;
    if (family !== 2) return undefined;
    etherType = 0x0800;
    at = 4;
  } else return undefined;
  if (etherType !== 0x0800 || at + 20 > f.length || f[at]! >> 4 !== 4) return undefined;
  const ihl = (f[at]! & 0x0f) * 4;
  // A first fragment (offset 0) is decoded as far as it goes; later fragments hold no UDP header.
  const fragment = ((f[at + 6]! << 8) | f[at + 7]!) & 0x1fff;
  if (ihl < 20 || f[at + 9] !== 17 || fragment !== 0 || at + ihl + 8 > f.length) return undefined;
  const u = at + ihl;
  const udpLen = (f[u + 4]! << 8) | f[u + 5]!;
  const end = udpLen >= 8 ? Math.min(f.length, u + udpLen) : f.length;
  return {
    srcIp: ipAt(f, at + 12),
    dstIp: ipAt(f, at + 16),
    srcPort: (f[u]! << 8) | f[u + 1]!,
    dstPort: (f[u + 2]! << 8) | f[u + 3]!,
    ...(srcMac ? { srcMac } : {}),
    ...(dstMac ? { dstMac } : {}),
    ...(vlan !== undefined ? { vlan } : {}),
    payload: f.subarray(u + 8, end),
  };
}

/** Whether a datagram is DHCPv4/BOOTP: either port is 67 or 68 (RFC 2131 §4.1; relays use 67↔67). */
export function isDhcpDatagram(d: UdpDatagram): boolean {
  return d.srcPort === 67 || d.srcPort === 68 || d.dstPort === 67 || d.dstPort === 68;
}
