/**
 * Decode and encode whole DHCP messages (RFC 2131, RFC 2132): the fixed header, the magic cookie,
 * the options (overload and long options joined), each option's typed value.
 */
import { concatBytes, sameBytes, toHex } from './bytes';
import { DhcpDecodeError } from './errors';
import { decodeHeader, encodeHeader, FILE_AT, HEADER_SIZE, MAGIC_COOKIE, MIN_MESSAGE_SIZE, SNAME_AT, type DhcpHeader, type HeaderInput } from './header';
import { optionDef } from './option-table';
import type { DecodeContext } from './option-types';
import type { VendorClassValue } from './vendor-class';
import { encodeOptions, joinInstances, overloadAreas, readArea, type OptionArea, type RawOption } from './wire';

/** One decoded option. */
export interface DhcpOption {
  code: number;
  /** RFC name (`vendor-class-identifier`), `option-<code>` when unknown. */
  name: string;
  /** The option's data (instances joined). */
  data: Uint8Array;
  /** The typed value (JSON-friendly); null for unknown options or when the data does not fit the type. */
  value: unknown;
  /** Offset of the (first) instance's code byte in the message. */
  offset: number;
  where: OptionArea;
  /** Instances joined (RFC 3396). */
  parts: number;
  /** Why the typed decode failed; `offset` is the message offset of the bad byte. */
  error?: { offset: number; reason: string };
}

/** A decoded DHCP (or plain BOOTP) message. */
export interface DhcpPacket extends DhcpHeader {
  /** Whether the magic cookie was present (false for plain BOOTP). */
  cookie: boolean;
  /** Option 52's value when present. */
  overload?: number;
  options: DhcpOption[];
  /** Option 53 by name (`DISCOVER`, `OFFER`...), absent for BOOTP. */
  messageType?: string;
  /** Things a strict reader would complain about that do not stop decoding (no end option...). */
  warnings: string[];
}

/** What is known when a decode fails part way: the header and the options read before the problem. */
export type PartialPacket = Partial<DhcpPacket>;

function vendorClassText(options: readonly { code: number; value: unknown }[]): string | undefined {
  const v = options.find((o) => o.code === 60)?.value as VendorClassValue | undefined;
  if (typeof v === 'string') return v;
  return v?.vendor;
}

function typed(raw: { code: number; data: Uint8Array; offset: number; where: OptionArea; parts: number }, ctx: DecodeContext): DhcpOption {
  const def = optionDef(raw.code);
  const o: DhcpOption = { code: raw.code, name: def.name, data: raw.data, value: null, offset: raw.offset, where: raw.where, parts: raw.parts };
  try {
    o.value = def.codec.decode(raw.data, ctx);
  } catch (err) {
    if (!(err instanceof DhcpDecodeError)) throw err;
    o.error = { offset: raw.offset + 2 + err.offset, reason: `${def.name}: ${err.reason}` };
  }
  return o;
}

function typedAll(instances: readonly RawOption[], ctx: DecodeContext): DhcpOption[] {
  const joined = joinInstances(instances);
  const v60 = joined.find((o) => o.code === 60);
  const own = v60 ? vendorClassText([typed(v60, {})]) : undefined;
  const c: DecodeContext = { ...ctx, ...(own ? { vendorClass: own } : {}) };
  return joined.map((o) => typed(o, c));
}

/**
 * Decode a DHCP/BOOTP message.
 * @param msg the UDP payload
 * @param ctx what else is known: the client's vendor class for option 43 in a reply
 * @returns the packet; options with a bad value keep their bytes and carry `error`
 * @throws DhcpDecodeError (offset in `msg`) for a short header, a bad magic cookie or an option
 *   overrunning its area; `partial` holds the header and the options read before it
 */
export function decodePacket(msg: Uint8Array, ctx: DecodeContext = {}): DhcpPacket {
  const header = decodeHeader(msg);
  const warnings: string[] = [];
  if (header.hlen > 16) warnings.push(`hlen ${header.hlen} is more than the 16 bytes chaddr holds`);
  const vendorArea = msg.subarray(HEADER_SIZE);
  if (vendorArea.length < 4 || !sameBytes(vendorArea.subarray(0, 4), MAGIC_COOKIE)) {
    if (vendorArea.every((b) => b === 0)) return { ...header, cookie: false, options: [], warnings };
    const found = toHex(vendorArea.subarray(0, 4));
    throw new DhcpDecodeError(HEADER_SIZE, `magic cookie is ${found || '(missing)'}, expected 63825363 (99.130.83.99)`, { ...header, cookie: false, options: [], warnings });
  }
  const found: RawOption[] = [];
  const fail = (err: unknown): never => {
    if (err instanceof DhcpDecodeError) throw new DhcpDecodeError(err.offset, err.reason, { ...header, cookie: true, options: typedAll(found, ctx), warnings });
    throw err;
  };
  let ended = false;
  try {
    ended = readArea(msg, HEADER_SIZE + 4, msg.length, 'options', found).ended;
  } catch (err) {
    fail(err);
  }
  if (!ended) warnings.push('no end option (255) in the options field');
  const ov = found.find((o) => o.code === 52);
  const overload = ov && ov.data.length === 1 ? ov.data[0]! : undefined;
  const out: DhcpPacket = { ...header, cookie: true, options: [], warnings };
  if (overload !== undefined) {
    out.overload = overload;
    for (const [where, start, end] of overloadAreas(overload)) {
      try {
        if (!readArea(msg, start, end, where, found).ended) warnings.push(`no end option (255) in the overloaded ${where} field`);
      } catch (err) {
        fail(err);
      }
      if (where === 'file') out.file = '';
      if (where === 'sname') out.sname = '';
    }
  }
  out.options = typedAll(found, ctx);
  const mt = out.options.find((o) => o.code === 53);
  if (typeof mt?.value === 'string') out.messageType = mt.value;
  return out;
}

/** Outcome of {@link tryDecodePacket}: a packet, or an error with what was decoded before it. */
export type DecodeOutcome = { ok: true; packet: DhcpPacket } | { ok: false; error: DhcpDecodeError; partial?: PartialPacket };

/**
 * Decode without throwing for malformed input (listeners and the CLI use this; they log and drop).
 * @returns `{ ok: true, packet }` or `{ ok: false, error, partial }`
 * @throws only for a bug in a decoder (never for bad input)
 */
export function tryDecodePacket(msg: Uint8Array, ctx: DecodeContext = {}): DecodeOutcome {
  try {
    return { ok: true, packet: decodePacket(msg, ctx) };
  } catch (err) {
    if (err instanceof DhcpDecodeError) return { ok: false, error: err, ...(err.partial ? { partial: err.partial as PartialPacket } : {}) };
    throw err;
  }
}

/** What {@link encodePacket} takes: header fields and options as code + data. */
export interface PacketInput extends HeaderInput {
  options: ReadonlyArray<{ code: number; data: Uint8Array }>;
  /** Pad the message to at least this many bytes (default 300, RFC 1542 §2.1). */
  minSize?: number;
}

/**
 * Encode a message: header, cookie, options (long ones split, RFC 3396), end, padding.
 * @throws DhcpEncodeError for a field the wire format cannot carry
 */
export function encodePacket(p: PacketInput): Uint8Array {
  const body = concatBytes([encodeHeader(p), encodeOptions(p.options)]);
  const min = p.minSize ?? MIN_MESSAGE_SIZE;
  if (body.length >= min) return body;
  const out = new Uint8Array(min);
  out.set(body);
  return out;
}

/** What {@link encodeFitting} did to fit the client's maximum message size. */
export interface FitResult {
  bytes: Uint8Array;
  /** Option 52's value when options went into `file` (1), `sname` (2) or both (3). */
  overload?: 1 | 2 | 3;
  /** Codes that fitted nowhere and were left out. */
  dropped: number[];
}

/**
 * Encode a reply within the client's maximum DHCP message size (RFC 2132 §9.10, option 57: the
 * whole IP datagram, at least 576 bytes): options that do not fit in the options field go, in
 * order, into the `file` and then the `sname` field, announced by option 52 (RFC 2131 §4.1, RFC 2132
 * §9.3). An option is never split across fields; one that fits nowhere is left out and reported.
 * `sname`/`file` text in the input is kept only for a field not used for options.
 * @param maxDatagram the client's option 57 value (default 576)
 * @throws DhcpEncodeError for a field the wire format cannot carry
 */
export function encodeFitting(p: PacketInput, maxDatagram = 576): FitResult {
  const whole = encodePacket(p);
  const limit = Math.max(576, maxDatagram) - 28; // IPv4 and UDP headers
  const used = encodeHeader(p).length + encodeOptions(p.options).length;
  if (used <= limit) return { bytes: whole, dropped: [] };
  const size = (o: { data: Uint8Array }) => 2 * Math.max(1, Math.ceil(o.data.length / 255)) + o.data.length;
  // Areas: the options field (room for option 52 and end), then file (128 bytes), then sname (64), each with an end code.
  const rooms = [limit - 240 - 3 - 1, 128 - 1, 64 - 1];
  const areas: Array<Array<{ code: number; data: Uint8Array }>> = [[], [], []];
  const dropped: number[] = [];
  let area = 0;
  for (const o of p.options) {
    while (area < 3 && size(o) > rooms[area]!) area++;
    if (area === 3) {
      dropped.push(o.code);
      area = areas[2]!.length ? 2 : areas[1]!.length ? 1 : 0;
      continue;
    }
    areas[area]!.push(o);
    rooms[area]! -= size(o);
  }
  const overload = ((areas[1]!.length ? 1 : 0) | (areas[2]!.length ? 2 : 0)) as 0 | 1 | 2 | 3;
  const head = encodeHeader({ ...p, ...(overload & 1 ? { file: '' } : {}), ...(overload & 2 ? { sname: '' } : {}) });
  if (overload & 2) head.set(encodeOptions(areas[2]!), SNAME_AT);
  if (overload & 1) head.set(encodeOptions(areas[1]!), FILE_AT);
  const main = encodeOptions([...(overload ? [{ code: 52, data: Uint8Array.of(overload) }] : []), ...areas[0]!]);
  const body = concatBytes([head, main]);
  const bytes = body.length >= MIN_MESSAGE_SIZE ? body : Uint8Array.from([...body, ...new Uint8Array(MIN_MESSAGE_SIZE - body.length)]);
  return { bytes, dropped, ...(overload ? { overload } : {}) };
}

/** The first option with this code, if any. */
export function getOption(p: { options: readonly DhcpOption[] }, code: number): DhcpOption | undefined {
  return p.options.find((o) => o.code === code);
}

/** Format a transaction id as `0x` and 8 lowercase hex digits. */
export function formatXid(xid: number): string {
  return `0x${(xid >>> 0).toString(16).padStart(8, '0')}`;
}
