/**
 * Byte helpers of the DHCP codec: IPv4 addresses, hex, big-endian integers, DHCP text.
 * Pure (Uint8Array only; Node Buffers are accepted since they are Uint8Arrays).
 */
import { DhcpEncodeError } from './errors';

/**
 * Lowercase hex of some bytes, no separators.
 * @param b bytes
 * @returns e.g. `"0a0b0c"`; `""` for no bytes
 */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!]!;
  return s;
}

/** Two-digit lowercase hex of every byte value. */
export const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

/**
 * Bytes from hex text. Accepts separators `:`, `-`, spaces and a leading `0x`.
 * @throws DhcpEncodeError when a character is not hex or the digit count is odd
 */
export function fromHex(hex: string, field = 'hex'): Uint8Array {
  const clean = hex.trim().replace(/^0x/i, '').replace(/[\s:.-]/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(clean)) throw new DhcpEncodeError(field, `"${hex}" is not an even number of hex digits`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Dotted-quad text of 4 bytes at `at`. */
export function ipAt(b: Uint8Array, at = 0): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/**
 * Bytes of a dotted-quad IPv4 address.
 * @throws DhcpEncodeError when the text is not four decimal octets 0-255
 */
export function ipBytes(ip: string, field = 'address'): Uint8Array {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  const parts = m ? m.slice(1).map(Number) : [];
  if (!m || parts.some((n) => n > 255)) throw new DhcpEncodeError(field, `"${ip}" is not an IPv4 address (four numbers 0-255 joined by dots)`);
  return Uint8Array.from(parts);
}

/** Whether a text is a dotted-quad IPv4 address. */
export function isIpv4(text: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  return Boolean(m && m.slice(1).every((n) => Number(n) <= 255));
}

/** Unsigned big-endian integer of `n` (1, 2 or 4) bytes at `at`. */
export function uintAt(b: Uint8Array, at: number, n: 1 | 2 | 4): number {
  if (n === 1) return b[at]!;
  if (n === 2) return (b[at]! << 8) | b[at + 1]!;
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

/**
 * Big-endian bytes of an unsigned integer.
 * @throws DhcpEncodeError when the value does not fit in `n` bytes
 */
export function uintBytes(v: number, n: 1 | 2 | 4, field = 'number'): Uint8Array {
  const max = n === 4 ? 0xffffffff : (1 << (8 * n)) - 1;
  if (!Number.isInteger(v) || v < 0 || v > max) throw new DhcpEncodeError(field, `${v} does not fit in ${n} byte(s) (0-${max})`);
  const out = new Uint8Array(n);
  for (let i = n - 1, x = v; i >= 0; i--, x = Math.floor(x / 256)) out[i] = x % 256;
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');
const encoder = new TextEncoder();

/**
 * DHCP text (RFC 2132 §2: NVT ASCII, "not NUL terminated", though many clients add NULs).
 * Trailing NULs are dropped; UTF-8 when valid, else Latin-1, so no byte is lost.
 * @returns the text
 */
export function textOf(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  let ascii = true;
  for (let i = 0; i < end && ascii; i++) ascii = b[i]! < 0x80;
  if (ascii) {
    let s = '';
    for (let i = 0; i < end; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  const body = b.subarray(0, end);
  try {
    return utf8.decode(body);
  } catch {
    return latin1.decode(body);
  }
}

/** UTF-8 bytes of a text. */
export function textBytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Whether bytes look like text a person typed (printable ASCII, tab, trailing NULs allowed). */
export function isPrintable(b: Uint8Array): boolean {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  if (end === 0) return false;
  for (let i = 0; i < end; i++) {
    const c = b[i]!;
    if (c < 0x20 || c > 0x7e) {
      if (c !== 0x09) return false;
    }
  }
  return true;
}

/** Concatenate byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
