/**
 * Code/length/value sub-options, the layout shared by option 43 (RFC 2132 §8.4), option 82
 * (RFC 3046 §2.0), option 125 and the Polycom vendor class (RFC 3925 §4), and Toshiba's option 43
 * (Toshiba IPedge IP Telephone Auto Configuration guide, Table 1).
 */
import { concatBytes } from './bytes';
import { DhcpDecodeError, DhcpEncodeError } from './errors';

/** One sub-option: its code, its data, and where the code byte sits in the parsed buffer. */
export interface Tlv {
  code: number;
  data: Uint8Array;
  offset: number;
}

/** How a TLV list is delimited. */
export interface TlvRules {
  /** Code 0 is a one-byte pad (options 43 and 125 in practice; not option 82). */
  pad?: boolean;
  /** Code 255 ends the list (Polycom vendor class, option 43). */
  end?: boolean;
}

/**
 * Parse a list of sub-options.
 * @param data the bytes holding the list
 * @param rules pad and end handling
 * @param base offset of `data` in the caller's buffer, added to offsets in results and errors
 * @returns the sub-options in wire order
 * @throws DhcpDecodeError when a length runs past the end of `data`
 */
export function parseTlvs(data: Uint8Array, rules: TlvRules = {}, base = 0): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < data.length) {
    const code = data[i]!;
    if (rules.pad && code === 0) {
      i++;
      continue;
    }
    if (rules.end && code === 255) break;
    if (i + 1 >= data.length) throw new DhcpDecodeError(base + i, `sub-option ${code} has no length byte`);
    const len = data[i + 1]!;
    if (i + 2 + len > data.length) throw new DhcpDecodeError(base + i, `sub-option ${code} says ${len} bytes but only ${data.length - i - 2} remain`);
    out.push({ code, data: data.subarray(i + 2, i + 2 + len), offset: base + i });
    i += 2 + len;
  }
  return out;
}

/**
 * Encode sub-options as code, length, value.
 * @param tlvs code and data of each (data ≤ 255 bytes)
 * @param end append the 255 end code
 * @throws DhcpEncodeError when a code is not 0-255 or a value is longer than 255 bytes
 */
export function encodeTlvs(tlvs: ReadonlyArray<{ code: number; data: Uint8Array }>, end = false): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const t of tlvs) {
    if (!Number.isInteger(t.code) || t.code < 0 || t.code > 255) throw new DhcpEncodeError(`sub-option ${t.code}`, 'a sub-option code is 0-255');
    if (t.data.length > 255) throw new DhcpEncodeError(`sub-option ${t.code}`, `value is ${t.data.length} bytes; a sub-option holds at most 255`);
    parts.push(Uint8Array.of(t.code, t.data.length), t.data);
  }
  if (end) parts.push(Uint8Array.of(255));
  return concatBytes(parts);
}
