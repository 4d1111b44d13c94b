/**
 * Who is asking? Derives a phone's identity from a provisioning request: the MAC from where the
 * vendor puts it (the User-Agent of Polycom `(SN:...)`, AudioCodes, Yealink, Grandstream `DevId`,
 * Cisco/Linksys SPA), else from the file name; vendor/model/firmware from the User-Agent, or the
 * model from a Polycom part-numbered image name. Model-wide file names and ProvKit's own DHCP probe
 * MACs never name a phone.
 * Sources: Polycom UC Software Administrator Guide (User-Agent, part numbers); Wazo provd plugins'
 * Grandstream and Cisco SPA User-Agent parsers; docs/sources.md, "Phone identity".
 * Pure: no Node, no DOM.
 */
import { DEFAULT_MAC, tryNormalizeMac } from './mac';
import { findPolycomModel, findPolycomModelByPart } from './models';

/** What a User-Agent string tells about the phone. Every field is optional: UAs vary. */
export interface UserAgentInfo {
  vendor?: 'Polycom' | 'AudioCodes' | 'Yealink' | 'Grandstream' | 'Cisco';
  /** Model code: `VVX400`, `SPIP650` for Polycom; `420HD` for AudioCodes; `SIP-T46G` for Yealink. */
  model?: string;
  /** Firmware version the request was made with, e.g. `4.1.4.7430`. */
  firmware?: string;
  /** Polycom boot stage: `Updater` (BootROM) or `Application`. */
  stage?: 'Updater' | 'Application';
  /** MAC carried in the User-Agent (Polycom `(SN:...)`, AudioCodes, Yealink), normalised. */
  mac?: string;
}

const POLYCOM = /^FileTransport Polycom(\w+)-(\w+?)-UA\/([\d.]+[A-Za-z]?)/;
const POLYCOM_SN = /\(SN:([0-9A-Fa-f]{12})\)/;
const POLYCOM_TYPE = /Type\/(Updater|Application)/;
const AUDIOCODES = /^AUDC-IPPhone\/([\w.]+)\s*\(([^;)]+);\s*([0-9A-Fa-f:]{12,17})\)/;
const YEALINK = /^Yealink\s+(\S+)\s+([\d.]+)\s+([0-9A-Fa-f:]{17}|[0-9A-Fa-f]{12})/;
const GRANDSTREAM = /^Grandstream Model HW (\w+)(?:\s+V\S+)?\s+SW (\S+) DevId ([0-9A-Fa-f:]{17}|[0-9A-Fa-f]{12})/;
const CISCO_SPA = /^(?:Cisco|Linksys)\/(SPA-?\w+?)-([\w.()]+)\s+\(([0-9A-Fa-f]{12})\)/;

/**
 * Parse a provisioning client's User-Agent header.
 * Polycom: `FileTransport PolycomVVX-VVX_400-UA/4.1.4.7430 (SN:0004f2aabbcc) Type/Application`;
 * AudioCodes: `AUDC-IPPhone/2.0.0_build_15 (420HD; 00908F3BBCBA)`;
 * Yealink: `Yealink SIP-T46G 28.72.0.1 00:15:65:4a:a9:37`.
 * @param ua the header value (may be undefined)
 * @returns what could be read; an empty object for unknown agents
 */
export function parseUserAgent(ua: string | undefined): UserAgentInfo {
  if (!ua) return {};
  const p = POLYCOM.exec(ua);
  if (p) {
    const token = p[2]!;
    const model = findPolycomModel(token)?.code ?? token.replace('_', '');
    const info: UserAgentInfo = { vendor: 'Polycom', model, firmware: p[3]! };
    const sn = POLYCOM_SN.exec(ua);
    if (sn) info.mac = sn[1]!.toLowerCase();
    const type = POLYCOM_TYPE.exec(ua);
    if (type) info.stage = type[1] as 'Updater' | 'Application';
    return info;
  }
  const a = AUDIOCODES.exec(ua);
  if (a) return { vendor: 'AudioCodes', model: a[2]!.trim(), firmware: a[1]!, ...macField(a[3]) };
  const y = YEALINK.exec(ua);
  if (y) return { vendor: 'Yealink', model: y[1]!, firmware: y[2]!, ...macField(y[3]) };
  const g = GRANDSTREAM.exec(ua);
  if (g) return { vendor: 'Grandstream', model: g[1]!, firmware: g[2]!, ...macField(g[3]) };
  const c = CISCO_SPA.exec(ua);
  if (c) return { vendor: 'Cisco', model: c[1]!.replace('-', ''), firmware: c[2]!, ...macField(c[3]) };
  return {};
}

function macField(raw: string | undefined): { mac?: string } {
  const mac = tryNormalizeMac(raw);
  return mac && isPhoneMac(mac) ? { mac } : {};
}

/**
 * The MAC ProvKit's DHCP probe uses when none is given: the imitated vendor's prefix (so DHCP
 * servers that match on it answer as to the real phone), then the marker bytes `fe:ed`, then one
 * random byte. {@link isProbeMac} recognises it, so the probe never becomes a phone.
 * @param oui 6 hex digits (`0004f2`)
 * @param random 0-255
 * @returns 12 lowercase hex digits
 */
export function probeMac(oui: string, random: number): string {
  return `${oui.toLowerCase()}${PROBE_MARK}${(random & 0xff).toString(16).padStart(2, '0')}`;
}

const PROBE_MARK = 'feed';

/**
 * Whether a MAC is one ProvKit's DHCP probe made ({@link probeMac}). A real phone whose MAC has
 * the same 4th and 5th bytes (1 in 65,536 of a vendor's range) is not listed from DHCP alone.
 * @param mac 12 lowercase hex digits
 */
export function isProbeMac(mac: string): boolean {
  return mac.length === 12 && mac.slice(6, 10) === PROBE_MARK;
}

/**
 * Whether a MAC can be a phone's own: not the all-zero prefix that model-wide file names use
 * (`000000000000.cfg`, Yealink `y000000000028.cfg`), not a group (multicast/broadcast) address,
 * not one of ProvKit's probe MACs.
 * @param mac 12 lowercase hex digits
 */
export function isPhoneMac(mac: string): boolean {
  if (mac.startsWith('000000')) return false;
  if (parseInt(mac.slice(0, 2), 16) & 1) return false;
  return !isProbeMac(mac);
}

const PART_IMAGE = /^(\d{4}-\d{5}-\d{3})\.(?:sip|bootrom)\.ld$/i;

/**
 * The Polycom model a part-numbered image name tells (`2345-12600-001.sip.ld` → `SPIP650`): on FTP
 * and TFTP, where there is no User-Agent, the phone's model shows in the images it asks for.
 * @param path request path
 * @returns the model code, or undefined when the name carries no known part number
 */
export function modelFromPath(path: string): string | undefined {
  const m = PART_IMAGE.exec(path.split(/[\\/]/).pop() ?? '');
  return m ? findPolycomModelByPart(m[1]!)?.code : undefined;
}

const MAC_IN_NAME = /^(?:y|spa|cfg|sep)?([0-9a-f]{12})(?=[-._]|$)/i;

/**
 * The phone MAC named by a requested file, from its base name: `0004f218dece.cfg`,
 * `0004f218dece-boot.log`, `0004f218dece-license.cfg`, Yealink `001565aabbcc.boot`.
 * Grandstream `cfg<mac>.xml`, Cisco `SEP<mac>.cnf.xml`. Model-wide names (`000000000000*.cfg`,
 * Yealink `y0000000000NN.cfg`) name no phone (see {@link isPhoneMac}).
 * @param path request path, any directories (`/mpv/logs/0004f2...-app.log`)
 * @returns 12 lowercase hex digits, or undefined
 */
export function macFromPath(path: string): string | undefined {
  const base = path.split(/[\\/]/).pop() ?? '';
  const m = MAC_IN_NAME.exec(base);
  if (!m) return undefined;
  const mac = m[1]!.toLowerCase();
  return mac === DEFAULT_MAC || !isPhoneMac(mac) ? undefined : mac;
}

/** What kind of file a phone asked for, for the timeline. */
export type FileKind =
  | 'bootrom'
  | 'master-config'
  | 'default-master-config'
  | 'firmware'
  | 'config'
  | 'override'
  | 'license'
  | 'directory'
  | 'call-list'
  | 'log'
  | 'other';

/**
 * Classify a requested file by name, following the Polycom boot sequence (docs/sources.md, "Boot verdict").
 * @param path the request path
 * @returns the file's role in the boot sequence
 */
export function classifyFile(path: string): FileKind {
  const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  if (base.endsWith('bootrom.ld')) return 'bootrom';
  if (base === '000000000000.cfg') return 'default-master-config';
  if (/^[0-9a-f]{12}\.cfg$/.test(base)) return 'master-config';
  if (base.endsWith('.sip.ld') || base === 'sip.ld' || base.endsWith('.ld') || base.endsWith('.img')) return 'firmware';
  if (/-(phone|web)\.cfg$/.test(base)) return 'override';
  if (/-license\.cfg$/.test(base)) return 'license';
  if (/-directory\.xml$/.test(base)) return 'directory';
  if (/-calls\.xml$/.test(base)) return 'call-list';
  if (/-(boot|app)\.log$/.test(base)) return 'log';
  if (base.endsWith('.cfg') || base.endsWith('.xml') || base.endsWith('.boot')) return 'config';
  return 'other';
}
