/**
 * Raw Ethernet frames the DHCP tools send through packet capture (libpcap `pcap_sendpacket`), for
 * what a plain UDP socket cannot do: a DISCOVER from source 0.0.0.0 on an interface without an
 * address (as a phone sends it, RFC 2131 §4.1), an OFFER unicast to a client that has no address
 * yet (to `yiaddr` at `chaddr`, RFC 2131 §4.1 "unicasts ... to the client's hardware address and
 * 'yiaddr' address"), and ARP requests that check an address is free (RFC 826; RFC 2131 §2.2).
 * Pure byte building and parsing; no I/O.
 */
import { ipAt } from './codec/bytes';

const macBytes = (mac: string): number[] => (mac.replace(/[^0-9a-f]/gi, '').match(/../g) ?? []).map((h) => parseInt(h, 16));
const ipBytes4 = (ip: string): number[] => ip.split('.').map(Number);
const macText = (b: Uint8Array, at: number): string => [...b.subarray(at, at + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');

/** The Ethernet broadcast address. */
export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff';

/** Internet checksum (RFC 1071) of `b`, folded to 16 bits. */
function checksum(b: Uint8Array, initial = 0): number {
  let sum = initial;
  for (let i = 0; i + 1 < b.length; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (b.length % 2) sum += b[b.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** Addresses of one UDP/IPv4 frame. MACs `aa:bb:..` or 12 hex digits; IPs dotted quads. */
export interface UdpFrameAddresses {
  srcMac: string;
  dstMac: string;
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
}

/**
 * Build an Ethernet II + IPv4 (TTL 64, no options) + UDP frame with correct IP and UDP checksums.
 * @returns the frame bytes (at least 60 bytes, padded as Ethernet requires)
 */
export function udpFrame(a: UdpFrameAddresses, payload: Uint8Array): Uint8Array {
  const udpLen = 8 + payload.length;
  const ipLen = 20 + udpLen;
  const f = new Uint8Array(Math.max(60, 14 + ipLen));
  f.set(macBytes(a.dstMac), 0);
  f.set(macBytes(a.srcMac), 6);
  f[12] = 0x08;
  f[13] = 0x00;
  const ip = 14;
  f[ip] = 0x45;
  f[ip + 2] = ipLen >> 8;
  f[ip + 3] = ipLen & 255;
  f[ip + 8] = 64;
  f[ip + 9] = 17;
  f.set(ipBytes4(a.srcIp), ip + 12);
  f.set(ipBytes4(a.dstIp), ip + 16);
  const ipSum = checksum(f.subarray(ip, ip + 20));
  f[ip + 10] = ipSum >> 8;
  f[ip + 11] = ipSum & 255;
  const u = ip + 20;
  f[u] = a.srcPort >> 8;
  f[u + 1] = a.srcPort & 255;
  f[u + 2] = a.dstPort >> 8;
  f[u + 3] = a.dstPort & 255;
  f[u + 4] = udpLen >> 8;
  f[u + 5] = udpLen & 255;
  f.set(payload, u + 8);
  // UDP checksum over the pseudo-header (source, destination, protocol, length) and the datagram.
  const pseudo = Uint8Array.from([...f.subarray(ip + 12, ip + 20), 0, 17, udpLen >> 8, udpLen & 255]);
  let pre = 0;
  for (let i = 0; i < pseudo.length; i += 2) pre += (pseudo[i]! << 8) | pseudo[i + 1]!;
  const udpSum = checksum(f.subarray(u, u + udpLen), pre) || 0xffff;
  f[u + 6] = udpSum >> 8;
  f[u + 7] = udpSum & 255;
  return f;
}

/**
 * An ARP request "who has `targetIp`" (RFC 826), broadcast.
 * @param senderIp the asker's address; `0.0.0.0` makes it an ARP probe (RFC 5227 §2.1.1), which
 *   does not disturb the neighbours' caches
 */
export function arpRequest(senderMac: string, senderIp: string, targetIp: string): Uint8Array {
  const f = new Uint8Array(60);
  f.set(macBytes(BROADCAST_MAC), 0);
  f.set(macBytes(senderMac), 6);
  f.set([0x08, 0x06, 0, 1, 0x08, 0x00, 6, 4, 0, 1], 12);
  f.set(macBytes(senderMac), 22);
  f.set(ipBytes4(senderIp), 28);
  f.set(ipBytes4(targetIp), 38);
  return f;
}

/** An ARP packet read from an Ethernet frame. */
export interface ArpPacket {
  op: 1 | 2;
  senderMac: string;
  senderIp: string;
  targetIp: string;
}

/** Read an ARP request/reply from an Ethernet frame. @returns undefined for anything else */
export function parseArp(f: Uint8Array): ArpPacket | undefined {
  if (f.length < 42 || f[12] !== 0x08 || f[13] !== 0x06) return undefined;
  const op = (f[20]! << 8) | f[21]!;
  if (op !== 1 && op !== 2) return undefined;
  return { op, senderMac: macText(f, 22), senderIp: ipAt(f, 28), targetIp: ipAt(f, 38) };
}
