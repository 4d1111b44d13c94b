/**
 * Vendor classes: option 60 (RFC 2132 §9.13), whose Polycom form is an RFC 3925 enterprise block
 * inside option 60 (docs/sources.md §2; Polycom UCS Admin Guide "Parse Vendor ID Information": enterprise
 * 13885 = `00 00 36 3d`, a length byte, sub-options 1 company, 2 model, 3 part number[,rev],
 * 4 application version, 5 BootROM version, then 0xff), and the V-I options 124/125 (RFC 3925 §3, §4).
 */
import { concatBytes, isPrintable, textBytes, textOf, toHex, uintAt, uintBytes } from './bytes';
import { DhcpDecodeError, DhcpEncodeError } from './errors';
import { encodeTlvs, parseTlvs } from './tlv';

/** IANA private enterprise numbers worth a name in the UI. */
export const ENTERPRISES: Readonly<Record<number, string>> = {
  9: 'Cisco',
  311: 'Microsoft',
  3561: 'Broadband Forum',
  4491: 'CableLabs',
  5003: 'AudioCodes',
  13885: 'Polycom',
};

/** Polycom's IANA enterprise number (RFC 3925 form of option 60). */
export const POLYCOM_ENTERPRISE = 13885;

/** Names of the Polycom vendor-class sub-options (Admin Guide "Parse Vendor ID Information"). */
export const POLYCOM_SUBOPTIONS: Readonly<Record<number, string>> = {
  1: 'company',
  2: 'model',
  3: 'partNumber',
  4: 'appVersion',
  5: 'bootromVersion',
};

/** A text sub-option of an enterprise block. */
export interface TextSubOption {
  code: number;
  name?: string;
  text?: string;
  hex: string;
}

/** The RFC 3925 form of option 60 (Polycom phones). */
export interface EnterpriseVendorClass {
  form: 'rfc3925';
  enterprise: number;
  vendor?: string;
  subOptions: TextSubOption[];
  company?: string;
  model?: string;
  partNumber?: string;
  appVersion?: string;
  bootromVersion?: string;
}

/** Option 60's value: plain text, or the RFC 3925 enterprise form. */
export type VendorClassValue = string | EnterpriseVendorClass;

function subOption(code: number, data: Uint8Array, names: Readonly<Record<number, string>>): TextSubOption {
  const name = names[code];
  return { code, ...(name ? { name } : {}), ...(isPrintable(data) ? { text: textOf(data) } : {}), hex: toHex(data) };
}

/**
 * Decode option 60.
 * @param data the option's data
 * @returns the text, or the enterprise form when the data starts with an enterprise number and a
 *   length that fits (always tried for Polycom's 13885; for others only when the data is not text)
 * @throws DhcpDecodeError when a Polycom block's sub-options overrun
 */
export function decodeVendorClass(data: Uint8Array): VendorClassValue {
  if (data.length >= 5) {
    const enterprise = uintAt(data, 0, 4);
    const len = data[4]!;
    const fits = 5 + len <= data.length;
    if (enterprise === POLYCOM_ENTERPRISE || (fits && !isPrintable(data))) {
      if (!fits) throw new DhcpDecodeError(4, `enterprise ${enterprise} block says ${len} bytes but only ${data.length - 5} follow`);
      const names = enterprise === POLYCOM_ENTERPRISE ? POLYCOM_SUBOPTIONS : {};
      const subs = parseTlvs(data.subarray(5, 5 + len), { end: true }, 5).map((t) => subOption(t.code, t.data, names));
      const out: EnterpriseVendorClass = { form: 'rfc3925', enterprise, subOptions: subs };
      const vendor = ENTERPRISES[enterprise];
      if (vendor) out.vendor = vendor;
      if (enterprise === POLYCOM_ENTERPRISE) {
        for (const s of subs) if (s.name && s.text !== undefined) (out as unknown as Record<string, string>)[s.name] = s.text;
      }
      return out;
    }
  }
  return textOf(data);
}

/** Fields of a Polycom vendor class, as a phone reports them. */
export interface PolycomVendorFields {
  company?: string;
  model: string;
  partNumber: string;
  appVersion: string;
  bootromVersion: string;
}

/**
 * Encode a Polycom vendor class (option 60 data) in the RFC 3925 form a Polycom phone sends:
 * `00 00 36 3d`, the sub-options' length (without the end code), sub-options 1-5, `ff`.
 * @throws DhcpEncodeError when a field is longer than 255 bytes or the block exceeds 255 bytes
 */
export function encodePolycomVendorClass(f: PolycomVendorFields): Uint8Array {
  const fields = [f.company ?? 'Polycom', f.model, f.partNumber, f.appVersion, f.bootromVersion];
  const subs = encodeTlvs(fields.map((v, i) => ({ code: i + 1, data: textBytes(v) })));
  if (subs.length > 255) throw new DhcpEncodeError('vendor class', `sub-options take ${subs.length} bytes; the block holds 255`);
  return concatBytes([uintBytes(POLYCOM_ENTERPRISE, 4), Uint8Array.of(subs.length), subs, Uint8Array.of(255)]);
}

/** One enterprise's classes in option 124. */
export interface ViVendorClass {
  enterprise: number;
  vendor?: string;
  /** Each vendor-class-data item: text when printable. */
  classes: Array<{ text?: string; hex: string }>;
}

/** One enterprise's sub-options in option 125. */
export interface ViVendorSpecific {
  enterprise: number;
  vendor?: string;
  subOptions: TextSubOption[];
}

function enterpriseBlocks(data: Uint8Array): Array<{ enterprise: number; body: Uint8Array; offset: number }> {
  const out: Array<{ enterprise: number; body: Uint8Array; offset: number }> = [];
  let i = 0;
  while (i < data.length) {
    if (i + 5 > data.length) throw new DhcpDecodeError(i, `enterprise block needs 5 bytes, ${data.length - i} left`);
    const enterprise = uintAt(data, i, 4);
    const len = data[i + 4]!;
    if (i + 5 + len > data.length) throw new DhcpDecodeError(i + 4, `enterprise ${enterprise} block says ${len} bytes but only ${data.length - i - 5} follow`);
    out.push({ enterprise, body: data.subarray(i + 5, i + 5 + len), offset: i + 5 });
    i += 5 + len;
  }
  return out;
}

/**
 * Decode option 124 (V-I Vendor Class, RFC 3925 §3).
 * @throws DhcpDecodeError when a block or a class item overruns
 */
export function decodeViVendorClass(data: Uint8Array): ViVendorClass[] {
  return enterpriseBlocks(data).map(({ enterprise, body, offset }) => {
    const classes: ViVendorClass['classes'] = [];
    for (let i = 0; i < body.length; ) {
      const len = body[i]!;
      if (i + 1 + len > body.length) throw new DhcpDecodeError(offset + i, `vendor-class item says ${len} bytes but only ${body.length - i - 1} follow`);
      const item = body.subarray(i + 1, i + 1 + len);
      classes.push({ ...(isPrintable(item) ? { text: textOf(item) } : {}), hex: toHex(item) });
      i += 1 + len;
    }
    return { enterprise, ...(ENTERPRISES[enterprise] ? { vendor: ENTERPRISES[enterprise] } : {}), classes };
  });
}

/**
 * Decode option 125 (V-I Vendor-Specific Information, RFC 3925 §4).
 * @throws DhcpDecodeError when a block or sub-option overruns
 */
export function decodeViVendorSpecific(data: Uint8Array): ViVendorSpecific[] {
  return enterpriseBlocks(data).map(({ enterprise, body, offset }) => {
    const names = enterprise === POLYCOM_ENTERPRISE ? POLYCOM_SUBOPTIONS : {};
    const subOptions = parseTlvs(body, {}, offset).map((t) => subOption(t.code, t.data, names));
    return { enterprise, ...(ENTERPRISES[enterprise] ? { vendor: ENTERPRISES[enterprise] } : {}), subOptions };
  });
}

/**
 * Encode option 124 blocks.
 * @param blocks enterprise and class items (text or hex bytes)
 * @throws DhcpEncodeError when a block exceeds 255 bytes
 */
export function encodeViVendorClass(blocks: ReadonlyArray<{ enterprise: number; classes: ReadonlyArray<Uint8Array> }>): Uint8Array {
  return concatBytes(
    blocks.map((b) => {
      const body = concatBytes(b.classes.flatMap((c) => [Uint8Array.of(c.length), c]));
      return enterpriseBlock(b.enterprise, body);
    }),
  );
}

/**
 * Encode option 125 blocks.
 * @throws DhcpEncodeError when a block exceeds 255 bytes
 */
export function encodeViVendorSpecific(blocks: ReadonlyArray<{ enterprise: number; subOptions: ReadonlyArray<{ code: number; data: Uint8Array }> }>): Uint8Array {
  return concatBytes(blocks.map((b) => enterpriseBlock(b.enterprise, encodeTlvs(b.subOptions))));
}

function enterpriseBlock(enterprise: number, body: Uint8Array): Uint8Array {
  if (body.length > 255) throw new DhcpEncodeError(`enterprise ${enterprise}`, `block is ${body.length} bytes; it holds 255`);
  return concatBytes([uintBytes(enterprise, 4, 'enterprise number'), Uint8Array.of(body.length), body]);
}
