/**
 * The option areas on the wire: pad (0) and end (255) codes, option overload (52: the `file` and
 * `sname` fields carry options, RFC 2131 §4.1, RFC 2132 §9.3), and long options split across
 * several instances that are joined in the order options, file, sname (RFC 3396 §5-7).
 */
import { concatBytes } from './bytes';
import { DhcpDecodeError, DhcpEncodeError } from './errors';
import { FILE_AT, HEADER_SIZE, SNAME_AT } from './header';

/** Which part of the message an option instance was found in. */
export type OptionArea = 'options' | 'file' | 'sname';

/** One option instance as found on the wire. `offset` is the code byte's offset in the message. */
export interface RawOption {
  code: number;
  data: Uint8Array;
  offset: number;
  where: OptionArea;
}

/** The result of reading one area. */
export interface AreaResult {
  options: RawOption[];
  /** Whether the end code (255) was seen. */
  ended: boolean;
}

/**
 * Read the options of one area.
 * @param msg the whole message
 * @param start offset of the area's first byte; @param end offset after its last byte
 * @param found instances read so far are pushed here, so a caller keeps them when this throws
 * @throws DhcpDecodeError naming the offset of an option whose length byte is missing or overruns
 */
export function readArea(msg: Uint8Array, start: number, end: number, where: OptionArea, found: RawOption[]): AreaResult {
  const options: RawOption[] = [];
  let i = start;
  while (i < end) {
    const code = msg[i]!;
    if (code === 0) {
      i++;
      continue;
    }
    if (code === 255) return { options, ended: true };
    if (i + 1 >= end) throw new DhcpDecodeError(i, `option ${code} has no length byte (the ${where} area ends at offset ${end})`);
    const len = msg[i + 1]!;
    if (i + 2 + len > end) throw new DhcpDecodeError(i, `option ${code} says ${len} bytes but only ${end - i - 2} remain in the ${where} area`);
    const opt: RawOption = { code, data: msg.subarray(i + 2, i + 2 + len), offset: i, where };
    options.push(opt);
    found.push(opt);
    i += 2 + len;
  }
  return { options, ended: false };
}

/** The areas to read after the options field, from the overload value (RFC 2131 §4.1 order). */
export function overloadAreas(overload: number): Array<[OptionArea, number, number]> {
  const out: Array<[OptionArea, number, number]> = [];
  if (overload === 1 || overload === 3) out.push(['file', FILE_AT, HEADER_SIZE]);
  if (overload === 2 || overload === 3) out.push(['sname', SNAME_AT, FILE_AT]);
  return out;
}

/** An option after RFC 3396 concatenation: its instances joined, at the first instance's place. */
export interface JoinedOption {
  code: number;
  data: Uint8Array;
  offset: number;
  where: OptionArea;
  /** How many instances were joined (1 for most options). */
  parts: number;
}

/**
 * Join instances of the same code (RFC 3396 §7), keeping wire order of first appearance.
 * @param instances in the order options, file, sname
 */
export function joinInstances(instances: readonly RawOption[]): JoinedOption[] {
  const byCode = new Map<number, { first: RawOption; parts: Uint8Array[] }>();
  const order: number[] = [];
  for (const o of instances) {
    const seen = byCode.get(o.code);
    if (seen) seen.parts.push(o.data);
    else {
      byCode.set(o.code, { first: o, parts: [o.data] });
      order.push(o.code);
    }
  }
  return order.map((code) => {
    const { first, parts } = byCode.get(code)!;
    return { code, data: parts.length === 1 ? parts[0]! : concatBytes(parts), offset: first.offset, where: first.where, parts: parts.length };
  });
}

/**
 * Encode options into the options field: each as code, length, data; data over 255 bytes split
 * into several instances (RFC 3396 §5); the end code appended.
 * @throws DhcpEncodeError for a code that is not 1-254
 */
export function encodeOptions(options: ReadonlyArray<{ code: number; data: Uint8Array }>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const o of options) {
    if (!Number.isInteger(o.code) || o.code < 1 || o.code > 254) throw new DhcpEncodeError(`option ${o.code}`, 'an option code is 1-254 (0 is pad, 255 end)');
    if (o.data.length === 0) parts.push(Uint8Array.of(o.code, 0));
    for (let at = 0; at < o.data.length; at += 255) {
      const chunk = o.data.subarray(at, at + 255);
      parts.push(Uint8Array.of(o.code, chunk.length), chunk);
    }
  }
  parts.push(Uint8Array.of(255));
  return concatBytes(parts);
}
