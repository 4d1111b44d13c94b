/**
 * Codecs for options with inner structure: user class (77, RFC 3004), relay agent information
 * (82, RFC 3046), SIP servers (120, RFC 3361), vendor classes (60, 124, 125; RFC 3925), vendor
 * specific information (43) and the VLAN strings of options 128/144/157/191 (docs/sources.md §2).
 */
import { concatBytes, fromHex, ipAt, ipBytes, isPrintable, textBytes, textOf, toHex } from './bytes';
import { DhcpDecodeError, DhcpEncodeError } from './errors';
import { decodeVendorSpecific, type VendorSpecificValue } from './option43';
import { decodeDomainNames, encodeDomainNames, type ValueCodec } from './option-types';
import { encodeTlvs, parseTlvs } from './tlv';
import {
  decodeVendorClass,
  decodeViVendorClass,
  decodeViVendorSpecific,
  encodeViVendorClass,
  encodeViVendorSpecific,
  type VendorClassValue,
  type ViVendorClass,
  type ViVendorSpecific,
} from './vendor-class';
import { parseVlanString } from './vlan';

/**
 * Option 77: RFC 3004 instances (length-prefixed), or one plain text as many clients send it
 * (Windows, AudioCodes model names, docs/sources.md §2).
 */
export const userClass: ValueCodec<string | string[]> = {
  kind: 'user-class',
  decode: (d) => {
    const items: string[] = [];
    let ok = d.length > 0;
    for (let i = 0; ok && i < d.length; ) {
      const len = d[i]!;
      if (len === 0 || i + 1 + len > d.length) ok = false;
      else items.push(textOf(d.subarray(i + 1, i + 1 + len)));
      i += 1 + len;
    }
    return ok && !isPrintable(d) ? items : textOf(d);
  },
  encode: (v) => (typeof v === 'string' ? textBytes(v) : concatBytes(v.flatMap((s) => [Uint8Array.of(textBytes(s).length), textBytes(s)]))),
};

/** Names of relay agent sub-options (RFC 3046, 3527, 3993, 4243, 5107). */
export const RELAY_SUBOPTIONS: Readonly<Record<number, string>> = {
  1: 'agent-circuit-id',
  2: 'agent-remote-id',
  4: 'docsis-device-class',
  5: 'link-selection',
  6: 'subscriber-id',
  9: 'vendor-specific',
  11: 'server-id-override',
};

/** A relay-agent sub-option. */
export interface RelaySubOption {
  code: number;
  name?: string;
  hex: string;
  text?: string;
}

/** Option 82: relay agent sub-options (no pad, no end code). */
export const relayAgent: ValueCodec<RelaySubOption[]> = {
  kind: 'relay-agent',
  decode: (d) =>
    parseTlvs(d).map((t) => ({
      code: t.code,
      ...(RELAY_SUBOPTIONS[t.code] ? { name: RELAY_SUBOPTIONS[t.code] } : {}),
      hex: toHex(t.data),
      ...(isPrintable(t.data) ? { text: textOf(t.data) } : {}),
    })),
  encode: (v) => encodeTlvs(v.map((s) => ({ code: s.code, data: fromHex(s.hex) }))),
};

/** Option 120: SIP servers as domain names (encoding 0) or addresses (encoding 1). */
export interface SipServers {
  encoding: 0 | 1;
  servers: string[];
}
export const sipServers: ValueCodec<SipServers> = {
  kind: 'sip-servers',
  decode: (d) => {
    if (!d.length) throw new DhcpDecodeError(0, 'option 120 needs an encoding byte');
    if (d[0] === 0) return { encoding: 0, servers: decodeDomainNames(d, 1) };
    if (d[0] !== 1) throw new DhcpDecodeError(0, `encoding ${d[0]} is neither 0 (names) nor 1 (addresses)`);
    if ((d.length - 1) % 4 !== 0 || d.length < 5) throw new DhcpDecodeError(1, 'addresses must be a positive multiple of 4 bytes');
    const servers: string[] = [];
    for (let i = 1; i < d.length; i += 4) servers.push(ipAt(d, i));
    return { encoding: 1, servers };
  },
  encode: (v) => concatBytes([Uint8Array.of(v.encoding), v.encoding === 0 ? encodeDomainNames(v.servers) : concatBytes(v.servers.map((s) => ipBytes(s)))]),
};

/** Option 60 with the Polycom RFC 3925 form recognised. */
export const vendorClass: ValueCodec<VendorClassValue> = {
  kind: 'vendor-class',
  decode: (d) => decodeVendorClass(d),
  encode: (v) => {
    if (typeof v === 'string') return textBytes(v);
    throw new DhcpEncodeError('vendor class', 'encode the enterprise form with encodePolycomVendorClass');
  },
};

/** Option 124. */
export const viVendorClass: ValueCodec<ViVendorClass[]> = {
  kind: 'vi-vendor-class',
  decode: (d) => decodeViVendorClass(d),
  encode: (v) => encodeViVendorClass(v.map((b) => ({ enterprise: b.enterprise, classes: b.classes.map((c) => fromHex(c.hex)) }))),
};

/** Option 125. */
export const viVendorSpecific: ValueCodec<ViVendorSpecific[]> = {
  kind: 'vi-vendor-specific',
  decode: (d) => decodeViVendorSpecific(d),
  encode: (v) => encodeViVendorSpecific(v.map((b) => ({ enterprise: b.enterprise, subOptions: b.subOptions.map((s) => ({ code: s.code, data: fromHex(s.hex) })) }))),
};

/** Option 43, decoded by the layout its vendor class calls for. */
export const vendorSpecific: ValueCodec<VendorSpecificValue> = {
  kind: 'vendor-specific',
  decode: (d, ctx) => decodeVendorSpecific(d, ctx.vendorClass),
  encode: (v) => fromHex(v.hex),
};

/** A VLAN-discovery option's value (128, 144, 157, 191). */
export interface VlanTextValue {
  text?: string;
  /** VLAN ids when the text is a `VLAN-A=` string. */
  vlan?: number[];
  hex: string;
}
export const vlanText: ValueCodec<VlanTextValue> = {
  kind: 'vlan-string',
  decode: (d) => {
    if (!isPrintable(d)) return { hex: toHex(d) };
    const t = textOf(d);
    const v = parseVlanString(t);
    return { text: t, ...(v ? { vlan: v.ids } : {}), hex: toHex(d) };
  },
  encode: (v) => (v.text !== undefined ? textBytes(v.text) : fromHex(v.hex)),
};
