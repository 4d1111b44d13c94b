/**
 * Option 43, Vendor Specific Information (RFC 2132 §8.4): sub-options whose meaning depends on the
 * vendor, recognised from the client's vendor class (option 60) or from the sub-options themselves.
 * Known layouts:
 * - Toshiba IPedge IP5000 (Toshiba IPedge IP Telephone Auto Configuration guide, Table 1; docs/sources.md §2):
 *   1 vendor class text, 2 server IPv4, 3 VLAN enable, 4 phone VLAN id (1 or 2 bytes),
 *   5 PC port type (0 access, 1 trunk), 6 PC port VLAN id (1 or 2 bytes).
 * - MS-UC-Client, used by AudioCodes 400HD phones with Skype for Business / Teams firmware
 *   (Microsoft "DHCP Option 43" for the certificate provisioning service): 1 UC identifier,
 *   2 URL scheme, 3 web server FQDN, 4 port, 5 certificate provisioning path.
 * Anything else decodes as raw sub-options when the bytes parse as such, else as text or hex.
 */
import { concatBytes, ipAt, ipBytes, isPrintable, textBytes, textOf, toHex, uintAt, uintBytes } from './bytes';
import { DhcpDecodeError, DhcpEncodeError } from './errors';
import { encodeTlvs, parseTlvs, type Tlv } from './tlv';

/** A decoded option-43 sub-option. */
export interface VendorSubOption {
  code: number;
  name?: string;
  hex: string;
  value: string | number | boolean | null;
}

/** Option 43's value. */
export interface VendorSpecificValue {
  /** The layout recognised, when one was. */
  vendor?: 'Toshiba IPedge' | 'MS-UC-Client';
  subOptions?: VendorSubOption[];
  /** When the data is not a sub-option list: the text, or only `hex`. */
  text?: string;
  hex: string;
  /** Toshiba: IPedge server address (sub-option 2). */
  serverIp?: string;
  /** Toshiba: VLAN tagging on (sub-option 3). */
  vlanEnabled?: boolean;
  /** Toshiba: phone VLAN id (sub-option 4). */
  phoneVlan?: number;
  /** Toshiba: PC port access or trunk (sub-option 5). */
  pcPortType?: 'access' | 'trunk';
  /** Toshiba: PC port VLAN id (sub-option 6). */
  pcPortVlan?: number;
  /** MS-UC-Client: `scheme://fqdn:port/path` from sub-options 2-5. */
  url?: string;
}

type SubDecoder = (t: Tlv) => string | number | boolean;
const text: SubDecoder = (t) => textOf(t.data);
const vlanId: SubDecoder = (t) => {
  if (t.data.length !== 1 && t.data.length !== 2) throw new DhcpDecodeError(t.offset, `VLAN id sub-option ${t.code} must be 1 or 2 bytes, got ${t.data.length}`);
  return uintAt(t.data, 0, t.data.length as 1 | 2);
};
const oneByte = (t: Tlv): number => {
  if (t.data.length !== 1) throw new DhcpDecodeError(t.offset, `sub-option ${t.code} must be 1 byte, got ${t.data.length}`);
  return t.data[0]!;
};

const TOSHIBA: Record<number, { name: string; decode: SubDecoder }> = {
  1: { name: 'vendorClass', decode: text },
  2: {
    name: 'serverIp',
    decode: (t) => {
      if (t.data.length !== 4) throw new DhcpDecodeError(t.offset, `server address sub-option must be 4 bytes, got ${t.data.length}`);
      return ipAt(t.data);
    },
  },
  3: { name: 'vlanEnabled', decode: (t) => oneByte(t) === 1 },
  4: { name: 'phoneVlan', decode: vlanId },
  5: { name: 'pcPortType', decode: (t) => (oneByte(t) === 1 ? 'trunk' : 'access') },
  6: { name: 'pcPortVlan', decode: vlanId },
};

const MS_UC: Record<number, { name: string; decode: SubDecoder }> = {
  1: { name: 'ucIdentifier', decode: text },
  2: { name: 'urlScheme', decode: text },
  3: { name: 'webServerFqdn', decode: text },
  4: { name: 'webServerPort', decode: text },
  5: { name: 'certProvisioningPath', decode: text },
};

/** Which layout applies, from the vendor class or the first sub-option. */
function layoutOf(tlvs: Tlv[], vendorClass: string | undefined): VendorSpecificValue['vendor'] {
  const first = tlvs.find((t) => t.code === 1);
  const firstText = first && isPrintable(first.data) ? textOf(first.data) : '';
  if (/V?IPedge/i.test(vendorClass ?? '') || /TOSHIBA/i.test(firstText)) return 'Toshiba IPedge';
  if (/^MS-UC-Client/i.test(vendorClass ?? '') || firstText === 'MS-UC-Client') return 'MS-UC-Client';
  return undefined;
}

/**
 * Decode option 43.
 * @param data the option's data
 * @param vendorClass the client's option 60 text, when known (this packet, or the request this answers)
 * @throws DhcpDecodeError when a known vendor's sub-option has the wrong size
 */
export function decodeVendorSpecific(data: Uint8Array, vendorClass?: string): VendorSpecificValue {
  const hex = toHex(data);
  let tlvs: Tlv[] | undefined;
  try {
    tlvs = parseTlvs(data, { pad: true, end: true });
  } catch {
    tlvs = undefined;
  }
  if (!tlvs || !tlvs.length) return isPrintable(data) ? { text: textOf(data), hex } : { hex };
  const vendor = layoutOf(tlvs, vendorClass);
  const table = vendor === 'Toshiba IPedge' ? TOSHIBA : vendor === 'MS-UC-Client' ? MS_UC : {};
  const out: VendorSpecificValue = { ...(vendor ? { vendor } : {}), hex, subOptions: [] };
  for (const t of tlvs) {
    const known = table[t.code];
    const value = known ? known.decode(t) : isPrintable(t.data) ? textOf(t.data) : null;
    out.subOptions!.push({ code: t.code, ...(known ? { name: known.name } : {}), hex: toHex(t.data), value });
    if (vendor === 'Toshiba IPedge' && known && known.name !== 'vendorClass') (out as unknown as Record<string, unknown>)[known.name] = value;
  }
  if (vendor === 'MS-UC-Client') {
    const get = (code: number) => out.subOptions!.find((s) => s.code === code)?.value as string | undefined;
    const [scheme, host, port, path] = [get(2), get(3), get(4), get(5)];
    if (scheme && host) out.url = `${scheme}://${host}${port ? `:${port}` : ''}${path ?? ''}`;
  }
  return out;
}

/** What the Toshiba option-43 builder takes (seed Table 1). */
export interface ToshibaFields {
  /** IPedge server IPv4 address (sub-option 2). */
  serverIp: string;
  /** Sub-option 1: include the vendor class text, with or without a NUL (the seed: depends on the DHCP server). */
  vendorClass?: 'with-nul' | 'without-nul' | 'omit';
  vlanEnabled?: boolean;
  phoneVlan?: number;
  pcPortType?: 'access' | 'trunk';
  pcPortVlan?: number;
}

function vlanBytes(id: number, field: string): Uint8Array {
  if (!Number.isInteger(id) || id < 1 || id > 4094) throw new DhcpEncodeError(field, `${id} is not a VLAN id (1-4094)`);
  return id < 256 ? uintBytes(id, 1) : uintBytes(id, 2);
}

/**
 * Encode Toshiba IPedge option-43 data: sub-options 1-6 in table order, a VLAN id in 1 byte when
 * below 256 else 2 (seed Table 1).
 * @throws DhcpEncodeError for a bad address or VLAN id
 */
export function encodeToshiba43(f: ToshibaFields): Uint8Array {
  const tlvs: Array<{ code: number; data: Uint8Array }> = [];
  const vc = f.vendorClass ?? 'without-nul';
  if (vc !== 'omit') tlvs.push({ code: 1, data: concatBytes([textBytes('TOSHIBA IPedge'), vc === 'with-nul' ? Uint8Array.of(0) : new Uint8Array(0)]) });
  tlvs.push({ code: 2, data: ipBytes(f.serverIp, 'Toshiba server IP') });
  if (f.vlanEnabled !== undefined) tlvs.push({ code: 3, data: Uint8Array.of(f.vlanEnabled ? 1 : 0) });
  if (f.phoneVlan !== undefined) tlvs.push({ code: 4, data: vlanBytes(f.phoneVlan, 'phone VLAN') });
  if (f.pcPortType !== undefined) tlvs.push({ code: 5, data: Uint8Array.of(f.pcPortType === 'trunk' ? 1 : 0) });
  if (f.pcPortVlan !== undefined) tlvs.push({ code: 6, data: vlanBytes(f.pcPortVlan, 'PC port VLAN') });
  return encodeTlvs(tlvs);
}
