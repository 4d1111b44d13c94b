/**
 * Which vendor a phone is, from what a list or the inventory says about it. Pure data and functions.
 * Sources: docs/sources.md §5 (MAC prefixes, checked against the IEEE
 * registry) and §1/§2 (model names in User-Agents and DHCP); CIC guide (manufacturer names
 * in TMM lists: AudioCodes, Genesys, ININ, Polycom).
 */
import type { PhoneVendor } from './dto';
import { findPolycomModel } from './models';

/** MAC prefixes (6 lowercase hex digits) by vendor, docs/sources.md §5. A prefix suggests a vendor, it proves no model. */
export const VENDOR_PREFIXES: Readonly<Record<PhoneVendor, readonly string[]>> = {
  polycom: ['0004f2', '64167f', '482567'],
  audiocodes: ['00908f', '001719'],
  yealink: ['001565', '805ec0', '805e0c', '249ad8', '44dbd2'],
};

/** Names for people. */
export const VENDOR_NAMES: Readonly<Record<PhoneVendor, string>> = {
  polycom: 'Polycom',
  audiocodes: 'AudioCodes',
  yealink: 'Yealink',
};

/** Every vendor, in display order. */
export const VENDORS: readonly PhoneVendor[] = ['polycom', 'audiocodes', 'yealink'];

/**
 * Vendor registered for a MAC's prefix.
 * @param mac 12 lowercase hex digits
 * @returns the vendor, or undefined for prefixes not in {@link VENDOR_PREFIXES}
 */
export function vendorFromMac(mac: string): PhoneVendor | undefined {
  const oui = mac.slice(0, 6).toLowerCase();
  return VENDORS.find((v) => VENDOR_PREFIXES[v].includes(oui));
}

/**
 * Vendor of a model name as lists write it: `VVX400`, `IP330`, `SoundPoint IP 650` (Polycom);
 * `420HD`, `IP440HD` (AudioCodes); `SIP-T46G`, `T48S` (Yealink).
 * @returns the vendor, or undefined when the name matches no known pattern
 */
export function vendorFromModel(model: string | undefined): PhoneVendor | undefined {
  if (!model) return undefined;
  const m = model.trim();
  if (findPolycomModel(m) || /^(VVX|SPIP|SSIP|SoundPoint|SoundStation|IP\s?\d{3,4}$)/i.test(m)) return 'polycom';
  if (/^(IP)?\d{3}HDE?$/i.test(m.replace(/\s/g, ''))) return 'audiocodes';
  if (/^(SIP-?)?T\d{2}/i.test(m)) return 'yealink';
  return undefined;
}

/**
 * Vendor from a manufacturer name in a CIC TMM list. Genesys phones are made by AudioCodes (their
 * MACs start 00:90:8f, CIC guide); ININ covers soft phones and Interaction SIP Stations.
 * @returns the vendor ProvKit renders for, or undefined (ININ, unknown names)
 */
export function vendorFromManufacturer(name: string | undefined): PhoneVendor | undefined {
  const n = (name ?? '').trim().toLowerCase();
  if (n === 'polycom' || n === 'poly') return 'polycom';
  if (n === 'audiocodes' || n === 'genesys') return 'audiocodes';
  if (n === 'yealink') return 'yealink';
  return undefined;
}

/**
 * Normalise a model name: Polycom names become ProvKit's model codes when known (`VVX 400` → `VVX400`,
 * `IP650` → `SPIP650`); anything else is kept as written (trimmed).
 */
export function normalizeModel(model: string): string {
  const m = model.trim();
  const direct = findPolycomModel(m);
  if (direct) return direct.code;
  const ip = /^IP\s?(\d{3,4})$/i.exec(m);
  if (ip) {
    const n = Number(ip[1]);
    const guess = findPolycomModel(n >= 5000 ? `SSIP${n}` : `SPIP${n}`);
    if (guess) return guess.code;
  }
  return m;
}
