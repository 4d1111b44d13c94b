/**
 * Typed value codecs for DHCP option data (RFC 2132 §3-9 data types: addresses, integers, text,
 * lists). Each decodes bytes to a JSON-friendly value and encodes it back; the option table
 * (option-table.ts) says which codec each option code uses.
 */
import { concatBytes, ipAt, ipBytes, isPrintable, textBytes, textOf, toHex, uintAt, uintBytes } from './bytes';
import { DhcpDecodeError, DhcpEncodeError } from './errors';

/** What a decoder may know besides the option's bytes. */
export interface DecodeContext {
  /** The client's vendor class text (option 60), for option 43. */
  vendorClass?: string;
}

/** A value codec. `decode` throws DhcpDecodeError (offset within the data); `encode` throws DhcpEncodeError. */
export interface ValueCodec<V = unknown> {
  /** Data type shown to people and used by the builders. */
  kind: string;
  decode(data: Uint8Array, ctx: DecodeContext): V;
  encode(value: V): Uint8Array;
}

function need(data: Uint8Array, ok: boolean, what: string): void {
  if (!ok) throw new DhcpDecodeError(0, `${what}, got ${data.length} byte(s)`);
}

/** One IPv4 address (4 bytes). */
export const ip: ValueCodec<string> = {
  kind: 'ip',
  decode: (d) => (need(d, d.length === 4, 'an address is 4 bytes'), ipAt(d)),
  encode: (v) => ipBytes(v),
};

/** A list of IPv4 addresses (n × 4 bytes, n ≥ 1). */
export const ips: ValueCodec<string[]> = {
  kind: 'ip-list',
  decode: (d) => {
    need(d, d.length >= 4 && d.length % 4 === 0, 'an address list is a positive multiple of 4 bytes');
    const out: string[] = [];
    for (let i = 0; i < d.length; i += 4) out.push(ipAt(d, i));
    return out;
  },
  encode: (v) => {
    if (!v.length) throw new DhcpEncodeError('address list', 'give at least one address');
    return concatBytes(v.map((a) => ipBytes(a)));
  },
};

/** Unsigned integers of 1, 2 or 4 bytes. */
export function uint(n: 1 | 2 | 4): ValueCodec<number> {
  return {
    kind: `uint${n * 8}`,
    decode: (d) => (need(d, d.length === n, `this option is ${n} byte(s)`), uintAt(d, 0, n)),
    encode: (v) => uintBytes(v, n),
  };
}

/** Signed 32-bit integer (option 2, time offset in seconds). */
export const int32: ValueCodec<number> = {
  kind: 'int32',
  decode: (d) => (need(d, d.length === 4, 'this option is 4 bytes'), uintAt(d, 0, 4) | 0),
  encode: (v) => {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new DhcpEncodeError('int32', `${v} does not fit in a signed 32-bit integer`);
    return uintBytes(v >>> 0, 4);
  },
};

/** Flag byte 0/1. */
export const flag: ValueCodec<boolean> = {
  kind: 'bool',
  decode: (d) => (need(d, d.length === 1, 'a flag is 1 byte'), d[0] !== 0),
  encode: (v) => Uint8Array.of(v ? 1 : 0),
};

/** Text (NVT ASCII; trailing NULs dropped on decode). */
export const text: ValueCodec<string> = {
  kind: 'string',
  decode: (d) => textOf(d),
  encode: (v) => textBytes(v),
};

/** DHCP message types (RFC 2132 §9.6; 9 RFC 3203; 10-13 RFC 4388; 14-17 RFC 6926; 18 RFC 7724). */
export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
  1: 'DISCOVER',
  2: 'OFFER',
  3: 'REQUEST',
  4: 'DECLINE',
  5: 'ACK',
  6: 'NAK',
  7: 'RELEASE',
  8: 'INFORM',
  9: 'FORCERENEW',
  10: 'LEASEQUERY',
  11: 'LEASEUNASSIGNED',
  12: 'LEASEUNKNOWN',
  13: 'LEASEACTIVE',
  14: 'BULKLEASEQUERY',
  15: 'LEASEQUERYDONE',
  16: 'ACTIVELEASEQUERY',
  17: 'LEASEQUERYSTATUS',
  18: 'TLS',
};

/** Name of a message type number (`TYPE-<n>` when unassigned). */
export function messageTypeName(n: number): string {
  return MESSAGE_TYPES[n] ?? `TYPE-${n}`;
}

/** Option 53: the message type by name. */
export const messageType: ValueCodec<string> = {
  kind: 'message-type',
  decode: (d) => (need(d, d.length === 1, 'the message type is 1 byte'), messageTypeName(d[0]!)),
  encode: (v) => {
    const n = Number(Object.entries(MESSAGE_TYPES).find(([, name]) => name === v.toUpperCase())?.[0] ?? /^TYPE-(\d+)$/.exec(v)?.[1]);
    if (!Number.isInteger(n) || n < 1 || n > 255) throw new DhcpEncodeError('message type', `"${v}" is not a DHCP message type`);
    return Uint8Array.of(n);
  },
};

/** A list of option codes (option 55). */
export const codeList: ValueCodec<number[]> = {
  kind: 'code-list',
  decode: (d) => [...d],
  encode: (v) => {
    for (const c of v) if (!Number.isInteger(c) || c < 0 || c > 255) throw new DhcpEncodeError('code list', `${c} is not an option code (0-255)`);
    return Uint8Array.from(v);
  },
};

/** Option 61 (RFC 2132 §9.14): a type byte, then the identifier (a MAC when type 1 and 6 bytes). */
export interface ClientId {
  type: number;
  hex: string;
  mac?: string;
}
export const clientId: ValueCodec<ClientId> = {
  kind: 'client-id',
  decode: (d) => {
    need(d, d.length >= 2, 'a client identifier is at least 2 bytes');
    const rest = d.subarray(1);
    const mac = d[0] === 1 && rest.length === 6 ? [...rest].map((b) => b.toString(16).padStart(2, '0')).join(':') : undefined;
    return { type: d[0]!, hex: toHex(rest), ...(mac ? { mac } : {}) };
  },
  encode: (v) => concatBytes([Uint8Array.of(v.type), Uint8Array.from((v.mac ?? v.hex).replace(/[^0-9a-f]/gi, '').match(/../g)?.map((h) => parseInt(h, 16)) ?? [])]),
};

/** Raw bytes (unknown options): value `null`; the data stays in the option. */
export const raw: ValueCodec<null> = { kind: 'raw', decode: () => null, encode: () => new Uint8Array(0) };

/** Text when printable, else an unsigned number (option 132, VLAN id: CIC gives the text "100"). */
export const textOrNumber: ValueCodec<string | number> = {
  kind: 'string-or-number',
  decode: (d) => {
    if (isPrintable(d)) return textOf(d);
    need(d, d.length === 1 || d.length === 2 || d.length === 4, 'a binary number is 1, 2 or 4 bytes');
    return uintAt(d, 0, d.length as 1 | 2 | 4);
  },
  encode: (v) => (typeof v === 'number' ? uintBytes(v, v < 256 ? 1 : v < 65536 ? 2 : 4) : textBytes(v)),
};

/** Option 121 (RFC 3442): classless static routes. */
export interface ClasslessRoute {
  destination: string;
  router: string;
}
export const classlessRoutes: ValueCodec<ClasslessRoute[]> = {
  kind: 'classless-routes',
  decode: (d) => {
    const out: ClasslessRoute[] = [];
    for (let i = 0; i < d.length; ) {
      const width = d[i]!;
      if (width > 32) throw new DhcpDecodeError(i, `prefix length ${width} is more than 32`);
      const sig = Math.ceil(width / 8);
      if (i + 1 + sig + 4 > d.length) throw new DhcpDecodeError(i, 'route runs past the end of the option');
      const dest = new Uint8Array(4);
      dest.set(d.subarray(i + 1, i + 1 + sig));
      out.push({ destination: `${ipAt(dest)}/${width}`, router: ipAt(d, i + 1 + sig) });
      i += 1 + sig + 4;
    }
    return out;
  },
  encode: (v) =>
    concatBytes(
      v.map((r) => {
        const [addr, w] = r.destination.split('/');
        const width = Number(w);
        if (!Number.isInteger(width) || width < 0 || width > 32) throw new DhcpEncodeError('route', `"${r.destination}" needs a /prefix 0-32`);
        return concatBytes([Uint8Array.of(width), ipBytes(addr ?? '').subarray(0, Math.ceil(width / 8)), ipBytes(r.router)]);
      }),
    ),
};

/**
 * Domain names in RFC 1035 §3.1 wire form (length-prefixed labels, compression pointers allowed
 * within the data as RFC 3397 §2 permits).
 * @throws DhcpDecodeError on overrun or a pointer loop
 */
export function decodeDomainNames(d: Uint8Array, start = 0): string[] {
  const names: string[] = [];
  let i = start;
  while (i < d.length) {
    const labels: string[] = [];
    let at = i;
    let jumped = false;
    for (let hops = 0; ; hops++) {
      if (hops > 255 || at >= d.length) throw new DhcpDecodeError(at, 'domain name runs past the end of the option');
      const len = d[at]!;
      if (len === 0) {
        if (!jumped) i = at + 1;
        break;
      }
      if ((len & 0xc0) === 0xc0) {
        if (at + 1 >= d.length) throw new DhcpDecodeError(at, 'compression pointer cut short');
        if (!jumped) i = at + 2;
        jumped = true;
        at = ((len & 0x3f) << 8) | d[at + 1]!;
        continue;
      }
      if (at + 1 + len > d.length) throw new DhcpDecodeError(at, `label of ${len} bytes runs past the end`);
      labels.push(textOf(d.subarray(at + 1, at + 1 + len)));
      at += 1 + len;
    }
    names.push(labels.join('.'));
  }
  return names;
}

/** Encode domain names in RFC 1035 wire form, without compression. */
export function encodeDomainNames(names: readonly string[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const n of names) {
    for (const label of n.replace(/\.$/, '').split('.')) {
      const b = textBytes(label);
      if (!b.length || b.length > 63) throw new DhcpEncodeError('domain name', `"${n}" has a label of ${b.length} bytes (1-63)`);
      parts.push(Uint8Array.of(b.length), b);
    }
    parts.push(Uint8Array.of(0));
  }
  return concatBytes(parts);
}

/** Option 119 (RFC 3397): domain search list. */
export const domainSearch: ValueCodec<string[]> = { kind: 'domain-list', decode: (d) => decodeDomainNames(d), encode: encodeDomainNames };
