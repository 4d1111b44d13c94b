/**
 * The fixed BOOTP/DHCP header (RFC 2131 §2, Figure 1): 236 bytes, then the magic cookie
 * 99.130.83.99 (RFC 2132 §2) and the options.
 */
import { HEX, ipAt, ipBytes, uintAt } from './bytes';
import { DhcpDecodeError, DhcpEncodeError } from './errors';

/** Size of the fixed header in bytes (without the cookie). */
export const HEADER_SIZE = 236;
/** Offset of the `sname` field (64 bytes). */
export const SNAME_AT = 44;
/** Offset of the `file` field (128 bytes). */
export const FILE_AT = 108;
/** The magic cookie (RFC 2132 §2). */
export const MAGIC_COOKIE = Uint8Array.of(99, 130, 83, 99);
/** BOOTP's minimum message size (RFC 1542 §2.1): shorter messages are padded. */
export const MIN_MESSAGE_SIZE = 300;

/** The decoded fixed header. Addresses are dotted quads; `chaddr` is `hlen` bytes as `aa:bb:..`. */
export interface DhcpHeader {
  /** 1 BOOTREQUEST (client), 2 BOOTREPLY (server). */
  op: number;
  htype: number;
  hlen: number;
  hops: number;
  /** Transaction id, 32-bit unsigned. */
  xid: number;
  secs: number;
  flags: number;
  /** The broadcast bit of `flags` (RFC 2131 §2, Figure 2). */
  broadcast: boolean;
  ciaddr: string;
  yiaddr: string;
  siaddr: string;
  giaddr: string;
  chaddr: string;
  /** Server host name (up to the first NUL); empty when the field carries options (overload). */
  sname: string;
  /** Boot file name (up to the first NUL); empty when the field carries options (overload). */
  file: string;
}

function cString(b: Uint8Array): string {
  const nul = b.indexOf(0);
  const body = nul < 0 ? b : b.subarray(0, nul);
  let s = '';
  for (const c of body) s += String.fromCharCode(c);
  return s;
}

/** Bytes of a header text field: one byte per character (Latin-1), as {@link decodeHeader} reads them. */
function latin1Bytes(s: string, field: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new DhcpEncodeError(field, `"${s[i]}" cannot be sent in a BOOTP header field (Latin-1 only)`);
    out[i] = c;
  }
  return out;
}

/** Format `n` bytes of a hardware address as `aa:bb:...`. */
export function formatHw(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? ':' : '') + HEX[b[i]!]!;
  return s;
}

/**
 * The client's MAC address from a header's `chaddr` — the one place this rule is written: only an
 * Ethernet hardware address (RFC 2131 §2 and RFC 1700 "Hardware Type": `htype` 1, `hlen` 6) is a MAC.
 * @param p a decoded header (complete or partial): `htype`, `hlen`, `chaddr` as `aa:bb:…`
 * @returns 12 lowercase hex digits, or undefined for another hardware type or length
 */
export function chaddrMac(p: { htype?: number; hlen?: number; chaddr?: string }): string | undefined {
  if (p.htype !== 1 || p.hlen !== 6 || !p.chaddr) return undefined;
  const mac = p.chaddr.replace(/:/g, '');
  return /^[0-9a-f]{12}$/.test(mac) ? mac : undefined;
}

/** The fields a cut-short header still holds (op, htype, hlen, hops, xid; chaddr from 44 bytes). */
function shortHeader(b: Uint8Array): Partial<DhcpHeader> {
  const out: Partial<DhcpHeader> = {};
  if (b.length >= 4) Object.assign(out, { op: b[0], htype: b[1], hlen: b[2], hops: b[3] });
  if (b.length >= 8) out.xid = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4);
  if (b.length >= 44) out.chaddr = formatHw(b.subarray(28, 28 + Math.min(b[2]!, 16)));
  return out;
}

/**
 * Decode the fixed header.
 * @param b the BOOTP message (UDP payload)
 * @throws DhcpDecodeError when fewer than 236 bytes are given (offset = the length; `partial` = the fields present)
 */
export function decodeHeader(b: Uint8Array): DhcpHeader {
  if (b.length < HEADER_SIZE) throw new DhcpDecodeError(b.length, `the BOOTP header is ${HEADER_SIZE} bytes but the packet has ${b.length}`, shortHeader(b));
  const hlen = b[2]!;
  const flags = (b[10]! << 8) | b[11]!;
  return {
    op: b[0]!,
    htype: b[1]!,
    hlen,
    hops: b[3]!,
    xid: uintAt(b, 4, 4),
    secs: (b[8]! << 8) | b[9]!,
    flags,
    broadcast: (flags & 0x8000) !== 0,
    ciaddr: ipAt(b, 12),
    yiaddr: ipAt(b, 16),
    siaddr: ipAt(b, 20),
    giaddr: ipAt(b, 24),
    chaddr: formatHw(b.subarray(28, 28 + Math.min(hlen, 16))),
    sname: cString(b.subarray(SNAME_AT, FILE_AT)),
    file: cString(b.subarray(FILE_AT, HEADER_SIZE)),
  };
}

/** Header fields for encoding; everything but `op`, `xid` and `chaddr` has a default. */
export interface HeaderInput {
  op: 1 | 2;
  xid: number;
  /** Hardware address, `aa:bb:cc:dd:ee:ff` or 12 hex digits (Ethernet). */
  chaddr: string;
  htype?: number;
  hops?: number;
  secs?: number;
  /** Whole flags field; `broadcast` sets the top bit. */
  flags?: number;
  broadcast?: boolean;
  ciaddr?: string;
  yiaddr?: string;
  siaddr?: string;
  giaddr?: string;
  sname?: string;
  file?: string;
}

/**
 * Encode the fixed header and the magic cookie (240 bytes).
 * @throws DhcpEncodeError for a bad address, a hardware address over 16 bytes, or sname/file too long
 */
export function encodeHeader(h: HeaderInput): Uint8Array {
  const b = new Uint8Array(HEADER_SIZE + 4);
  const dv = new DataView(b.buffer);
  const hw = h.chaddr.replace(/[^0-9a-f]/gi, '');
  if (hw.length % 2 || hw.length > 32) throw new DhcpEncodeError('chaddr', `"${h.chaddr}" is not a hardware address of up to 16 bytes`);
  b[0] = h.op;
  b[1] = h.htype ?? 1;
  b[2] = hw.length / 2;
  b[3] = h.hops ?? 0;
  dv.setUint32(4, h.xid >>> 0);
  dv.setUint16(8, h.secs ?? 0);
  dv.setUint16(10, ((h.flags ?? 0) | (h.broadcast ? 0x8000 : 0)) & 0xffff);
  b.set(ipBytes(h.ciaddr ?? '0.0.0.0', 'ciaddr'), 12);
  b.set(ipBytes(h.yiaddr ?? '0.0.0.0', 'yiaddr'), 16);
  b.set(ipBytes(h.siaddr ?? '0.0.0.0', 'siaddr'), 20);
  b.set(ipBytes(h.giaddr ?? '0.0.0.0', 'giaddr'), 24);
  for (let i = 0; i < hw.length / 2; i++) b[28 + i] = parseInt(hw.slice(i * 2, i * 2 + 2), 16);
  for (const [field, at, size] of [['sname', SNAME_AT, 64], ['file', FILE_AT, 128]] as const) {
    const t = latin1Bytes(h[field] ?? '', field);
    if (t.length >= size) throw new DhcpEncodeError(field, `${t.length} bytes; the field holds ${size - 1} and a NUL`);
    b.set(t, at);
  }
  b.set(MAGIC_COOKIE, HEADER_SIZE);
  return b;
}
