/**
 * Who is asking? Derives a phone's identity from a provisioning request: the MAC from the file
 * name or the User-Agent `(SN:...)` tag, and vendor/model/firmware from the User-Agent.
 * Source: ../shared/reference/phone-provisioning-facts.md §1 (real User-Agent strings).
 * Pure: no Node, no DOM.
 */
import { DEFAULT_MAC, tryNormalizeMac } from './mac';
import { findPolycomModel } from './models';

/** What a User-Agent string tells about the phone. Every field is optional: UAs vary. */
export interface UserAgentInfo {
  vendor?: 'Polycom' | 'AudioCodes' | 'Yealink';
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
  return {};
}

function macField(raw: string | undefined): { mac?: string } {
  const mac = tryNormalizeMac(raw);
  return mac ? { mac } : {};
}

const MAC_IN_NAME = /^(?:y|spa)?([0-9a-f]{12})(?=[-._]|$)/i;

/**
 * The phone MAC named by a requested file, from its base name: `0004f218dece.cfg`,
 * `0004f218dece-boot.log`, `0004f218dece-license.cfg`, Yealink `001565aabbcc.boot`.
 * The all-zero default name `000000000000*.cfg` names no phone.
 * @param path request path, any directories (`/mpv/logs/0004f2...-app.log`)
 * @returns 12 lowercase hex digits, or undefined
 */
export function macFromPath(path: string): string | undefined {
  const base = path.split(/[\\/]/).pop() ?? '';
  const m = MAC_IN_NAME.exec(base);
  if (!m) return undefined;
  const mac = m[1]!.toLowerCase();
  return mac === DEFAULT_MAC ? undefined : mac;
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
 * Classify a requested file by name, following the Polycom boot sequence (facts §1).
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
