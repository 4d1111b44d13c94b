/**
 * The option table: code → RFC name, value codec and what it is for. Names follow RFC 2132 (and the
 * RFC that defined each later option) in lowercase-hyphen form; options phones use outside the
 * RFCs (128, 144, 157, 160, 191) carry the phone vendors' meaning in `description` (facts §2).
 * Unknown codes decode as raw bytes under the name `option-<code>`.
 */
import { classlessRoutes, clientId, codeList, domainSearch, flag, int32, ip, ips, messageType, raw, text, textOrNumber, uint, type ValueCodec } from './option-types';
import { relayAgent, sipServers, userClass, vendorClass, vendorSpecific, viVendorClass, viVendorSpecific, vlanText } from './structured-options';

/** One option's definition. */
export interface OptionDef {
  code: number;
  name: string;
  codec: ValueCodec;
  /** Where the option comes from and what phones do with it. */
  description: string;
}

const u8 = uint(1);
const u16 = uint(2);
const u32 = uint(4);

const DEFS: Array<[number, string, ValueCodec, string]> = [
  [1, 'subnet-mask', ip, 'RFC 2132 §3.3'],
  [2, 'time-offset', int32, 'RFC 2132 §3.4: seconds from UTC (CIC guide: required for Polycom and AudioCodes)'],
  [3, 'router', ips, 'RFC 2132 §3.5'],
  [4, 'time-server', ips, 'RFC 2132 §3.6 (RFC 868 time servers)'],
  [5, 'name-server', ips, 'RFC 2132 §3.7 (IEN 116)'],
  [6, 'domain-name-server', ips, 'RFC 2132 §3.8'],
  [7, 'log-server', ips, 'RFC 2132 §3.9'],
  [12, 'host-name', text, 'RFC 2132 §3.14'],
  [15, 'domain-name', text, 'RFC 2132 §3.17'],
  [26, 'interface-mtu', u16, 'RFC 2132 §5.1'],
  [28, 'broadcast-address', ip, 'RFC 2132 §5.3'],
  [42, 'ntp-servers', ips, 'RFC 2132 §8.3'],
  [43, 'vendor-specific-information', vendorSpecific, 'RFC 2132 §8.4: sub-options by vendor (Toshiba IPedge server and VLAN, Toshiba IPedge IP Telephone Auto Configuration guide, Table 1)'],
  [44, 'netbios-name-servers', ips, 'RFC 2132 §8.5'],
  [46, 'netbios-node-type', u8, 'RFC 2132 §8.7'],
  [50, 'requested-ip-address', ip, 'RFC 2132 §9.1'],
  [51, 'ip-address-lease-time', u32, 'RFC 2132 §9.2: seconds'],
  [52, 'option-overload', u8, 'RFC 2132 §9.3: 1 file, 2 sname, 3 both hold options'],
  [53, 'dhcp-message-type', messageType, 'RFC 2132 §9.6'],
  [54, 'server-identifier', ip, 'RFC 2132 §9.7'],
  [55, 'parameter-request-list', codeList, 'RFC 2132 §9.8'],
  [56, 'message', text, 'RFC 2132 §9.9'],
  [57, 'maximum-dhcp-message-size', u16, 'RFC 2132 §9.10: bytes'],
  [58, 'renewal-time-value', u32, 'RFC 2132 §9.11: seconds (T1)'],
  [59, 'rebinding-time-value', u32, 'RFC 2132 §9.12: seconds (T2)'],
  [60, 'vendor-class-identifier', vendorClass, 'RFC 2132 §9.13; Polycom sends an RFC 3925 enterprise block (13885) here'],
  [61, 'client-identifier', clientId, 'RFC 2132 §9.14'],
  [66, 'tftp-server-name', text, 'RFC 2132 §9.4: boot server (host, address or URL for phones)'],
  [67, 'bootfile-name', text, 'RFC 2132 §9.5'],
  [77, 'user-class', userClass, 'RFC 3004'],
  [80, 'rapid-commit', raw, 'RFC 4039'],
  [82, 'relay-agent-information', relayAgent, 'RFC 3046'],
  [116, 'auto-configure', flag, 'RFC 2563'],
  [119, 'domain-search', domainSearch, 'RFC 3397'],
  [120, 'sip-servers', sipServers, 'RFC 3361'],
  [121, 'classless-static-route', classlessRoutes, 'RFC 3442'],
  [124, 'vendor-identifying-vendor-class', viVendorClass, 'RFC 3925 §3'],
  [125, 'vendor-identifying-vendor-specific-information', viVendorSpecific, 'RFC 3925 §4'],
  [128, 'vlan-discovery-128', vlanText, 'Polycom "Fixed" VLAN discovery, first choice: VLAN-A=<id>; (Polycom UC Software Administrator Guide, VLAN discovery; IANA: PXE, vendor specific)'],
  [132, 'vlan-id', textOrNumber, 'IEEE 802.1Q VLAN id; CIC: ISS/AudioCodes recovery mode only (CIC guide, Option 132)'],
  [144, 'vlan-discovery-144', vlanText, 'Polycom "Fixed" VLAN discovery, second choice (Polycom UC Software Administrator Guide; IANA: GeoLoc, RFC 6225)'],
  [150, 'tftp-server-address', ips, 'RFC 5859: TFTP server addresses (Cisco phones)'],
  [157, 'vlan-discovery-157', vlanText, 'Polycom "Fixed" VLAN discovery, third choice (Polycom UC Software Administrator Guide; IANA: data-source, RFC 7724)'],
  [160, 'provisioning-server', text, 'Polycom/AudioCodes provisioning server URL (Polycom UC Software Administrator Guide; CIC guide Option 160)'],
  [161, 'mud-url', text, 'RFC 8520 MUD URL; Polycom use uncertain'],
  [191, 'vlan-discovery-191', vlanText, 'Polycom "Fixed" VLAN discovery, fourth choice (Polycom UC Software Administrator Guide)'],
];

/** Every known option, by code. */
export const OPTION_TABLE: ReadonlyMap<number, OptionDef> = new Map(DEFS.map(([code, name, codec, description]) => [code, { code, name, codec, description }]));

const RAW_DEF = (code: number): OptionDef => ({ code, name: `option-${code}`, codec: raw, description: 'not decoded: raw bytes' });

/** The definition of an option code (a raw one for unknown codes). */
export function optionDef(code: number): OptionDef {
  return OPTION_TABLE.get(code) ?? RAW_DEF(code);
}

/** An option code from its number or its name (`66`, `tftp-server-name`); undefined when unknown. */
export function optionCode(nameOrCode: string | number): number | undefined {
  if (typeof nameOrCode === 'number' || /^\d+$/.test(nameOrCode)) {
    const n = Number(nameOrCode);
    return Number.isInteger(n) && n >= 1 && n <= 254 ? n : undefined;
  }
  for (const d of OPTION_TABLE.values()) if (d.name === nameOrCode) return d.code;
  const m = /^option-(\d+)$/.exec(nameOrCode);
  return m ? optionCode(m[1]!) : undefined;
}
