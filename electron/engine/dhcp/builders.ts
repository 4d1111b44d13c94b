/**
 * Option builders: from a form (boot server URL, VLAN, time and name servers, recovery records,
 * Toshiba server and VLAN fields) to the exact option values — strings for 15/66/67/132/160, address
 * lists for 4/6/42, a signed 32-bit number for 2, `VLAN-A=` strings, hex for 43 — and snippets for
 * seven DHCP servers. Every snippet is read back (snippet-parse.ts) and decoded with the codec before
 * it is returned: a snippet that would not carry the same bytes (or the same vendor-class scope) is
 * a bug, never shown. Types and recommendations: RFC 2132 §3.4-§3.17, §8.3-§8.4, §9.4-§9.5; Genesys
 * CIC Managed IP Phones guide "Required DHCP Option Provisioning Records"; Toshiba IPedge "IPT Auto
 * Config" Table 1 (docs/sources.md, "DHCP option builders").
 */
import type { BuiltOption, DhcpBuildResult } from '../../../shared/dhcp-dto';
import { readTimeOffset } from '../../../shared/dhcp-time-offset';
import { concatBytes, ipBytes, sameBytes, textBytes, toHex, uintBytes } from './codec/bytes';
import { DhcpEncodeError } from './codec/errors';
import { encodeToshiba43, type ToshibaFields } from './codec/option43';
import { optionDef } from './codec/option-table';
import { formatVlanString } from './codec/vlan';
import { CIC_RECOVERY_FILES, defaultBootOptions, TOSHIBA_VENDOR_CLASS, type PhoneFamily } from './phone-families';
import { parseSnippet } from './snippet-parse';
import { checkSnippetText, snippetsFor } from './snippets';

/** The builder form. */
export interface BuildForm {
  /** Phone family the records are for (changes defaults and notes). */
  family?: PhoneFamily;
  /** The procedure the site follows: `cic` applies the Genesys CIC guide's recommendations. */
  procedure?: 'cic';
  /** Boot server: URL (`http://10.0.0.5/`), host or address. */
  bootUrl?: string;
  /** Options that carry it (default: {@link defaultBootOptions} of the family). */
  bootOptions?: Array<66 | 160>;
  /** VLAN id for Polycom VLAN discovery (`VLAN-A=id;`). */
  vlan?: number;
  /** Option that carries it (default 128, the first a Polycom phone reads). */
  vlanOption?: 128 | 144 | 157 | 191;
  /** Option 132 (CIC: ISS/AudioCodes/Genesys recovery mode, native VLAN scope): the voice VLAN id, as a string. */
  recoveryVlan?: number;
  /** Option 2: offset from UTC in seconds (e.g. -18000). */
  timeOffset?: number;
  /** Option 4: RFC 868 time servers (IPv4 addresses). */
  timeServers?: string[];
  /** Option 6: DNS servers (IPv4 addresses). */
  dnsServers?: string[];
  /** Option 15: DNS domain name of the voice VLAN. */
  domainName?: string;
  /** Option 42: NTP servers (IPv4 addresses). */
  ntpServers?: string[];
  /** Option 66 for ISS/AudioCodes/Genesys recovery mode: the TFTP server address, as a string. */
  tftpServer?: string;
  /** Option 67 recovery firmware: vendor classes (`420HD`, `SIP100`), one record each, limited to that class. */
  recoveryModels?: string[];
  /** Toshiba IPedge option 43 fields (IPedge guide Table 1). */
  toshiba?: ToshibaFields;
}

const TITLES: Record<number, string> = { 2: 'Time Offset', 4: 'Time Server', 6: 'DNS Servers', 15: 'DNS Domain Name', 42: 'NTP Servers', 43: 'Vendor Specific Info', 66: 'Boot Server Host Name', 67: 'Bootfile Name', 128: 'VLAN discovery', 132: 'VLAN ID', 144: 'VLAN discovery', 157: 'VLAN discovery', 160: 'Provisioning server', 191: 'VLAN discovery' };
/** Options Windows, ISC dhcpd, Kea, dnsmasq, IOS and RouterOS know without a definition. */
const STANDARD = new Set([2, 4, 6, 15, 42, 43, 66, 67]);

type Value = { text: string } | { ips: string[] } | { int32: number } | { binary: Uint8Array };

function built(code: number, v: Value, vendorClass?: string): BuiltOption {
  const def = optionDef(code);
  const data = 'text' in v ? textBytes(v.text) : 'ips' in v ? concatBytes(v.ips.map((a) => ipBytes(a, `option ${code} (${def.name})`))) : 'int32' in v ? uintBytes(v.int32 >>> 0, 4) : v.binary;
  if ('text' in v) checkSnippetText(`option ${code} (${def.name})`, v.text);
  if (vendorClass !== undefined) checkSnippetText('vendor class', vendorClass);
  const snippets = snippetsFor({ code, name: def.name, title: TITLES[code] ?? def.name, ...('binary' in v ? {} : v), data, standard: STANDARD.has(code), ...(vendorClass !== undefined ? { vendorClass } : {}) });
  for (const s of snippets) {
    const back = parseSnippet(s);
    if (back.code !== code || !sameBytes(back.data, data)) throw new Error(`internal: the ${s.server} snippet for option ${code} does not carry the built value`);
    if (back.vendorClass !== s.scopedTo) throw new Error(`internal: the ${s.server} snippet for option ${code} is not limited to the vendor class it names`);
  }
  // The codec reads the bytes as the intended value.
  const decoded = def.codec.decode(data, code === 43 ? { vendorClass: TOSHIBA_VENDOR_CLASS } : {});
  const shown = 'text' in v ? v.text : 'ips' in v ? v.ips.join(', ') : 'int32' in v ? String(v.int32) : toHex(data);
  if ('text' in v && (typeof decoded === 'string' ? decoded : String((decoded as { text?: string }).text ?? decoded)) !== v.text) throw new Error(`internal: option ${code} does not decode to "${v.text}"`);
  if ('int32' in v && decoded !== v.int32) throw new Error(`internal: option ${code} does not decode to ${v.int32}`);
  return { code, name: def.name, value: shown, valueKind: 'binary' in v ? 'hex' : 'string', hex: toHex(data), snippets, ...(vendorClass !== undefined ? { vendorClass } : {}) };
}

/**
 * Read a time offset as the CIC guide writes it: seconds (`-18000`) or the Windows hexadecimal
 * input (`FFFF.B9B0`, `0xFFFFB9B0`), a signed 32-bit value (RFC 2132 §3.4).
 * @returns seconds east of UTC (negative west)
 * @throws DhcpEncodeError naming option 2 when the text is neither
 */
export function parseTimeOffset(text: string): number {
  const n = readTimeOffset(text);
  if (n === undefined) throw new DhcpEncodeError('option 2 (time-offset)', `"${text}" is neither seconds (-18000) nor the hexadecimal form (FFFF.B9B0) of a signed 32-bit number`);
  return n;
}

function addresses(code: number, list: string[] | undefined): string[] | undefined {
  if (!list?.length) return undefined;
  const name = optionDef(code).name;
  for (const a of list) {
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(a.trim())) {
      throw new DhcpEncodeError(`option ${code} (${name})`, `carries IPv4 addresses (RFC 2132); "${a}" is not one — resolve the name and give its address`);
    }
  }
  return list.map((a) => a.trim());
}

/**
 * Build option values and snippets from the form.
 * @returns the options (boot 160/66, VLAN, 43, then 2, 4, 6, 15, 42, recovery 66, 67 per vendor
 *   class), notes for the technician and warnings where the form goes against a source's advice
 * @throws DhcpEncodeError for a value the options cannot carry (bad address, VLAN id, quote in a
 *   URL, a name where an address is needed, option 66 asked twice, an unknown recovery model)
 */
export function buildOptions(form: BuildForm): DhcpBuildResult {
  const options: BuiltOption[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const cic = form.procedure === 'cic';
  const url = form.bootUrl?.trim();
  let boot66 = false;
  if (url) {
    if (url.length > 250) throw new DhcpEncodeError('boot server', 'keep the URL under 250 characters');
    const which = form.bootOptions?.length ? [...new Set(form.bootOptions)].sort((a, b) => b - a) : defaultBootOptions(form.family);
    for (const code of which) options.push(built(code, { text: url }));
    boot66 = which.includes(66);
    notes.push('Polycom UC 4+ phones try option 160 first, then 66 (boot server mode Custom+66); AudioCodes 400HD: 160, then 66/67, then 43.');
    if (form.family === 'polycom' && !boot66) notes.push('Only option 160 is built, as the Genesys CIC guide recommends for Polycom phones. SoundPoint phones still on SIP 3.x with the boot server mode "Option 66" read only 66: add it for them (--option both).');
    if (form.family === 'polycom' && boot66 && cic) warnings.push('Option 66 is built for Polycom phones: the Genesys CIC guide recommends not using option 66 for Polycom phones (option 160 takes precedence).');
    if (!/^[a-z]+:\/\//i.test(url)) notes.push('Without a scheme, Polycom phones use their configured protocol (factory: FTP) and AudioCodes phones assume TFTP: write http:// to be sure.');
  } else if (form.bootOptions?.length) throw new DhcpEncodeError('boot server', 'give the boot server URL');
  if (form.vlan !== undefined) {
    options.push(built(form.vlanOption ?? 128, { text: formatVlanString([form.vlan]) }));
    notes.push('A VLAN from CDP/LLDP wins over DHCP; Polycom phones read options 128, 144, 157, 191 in that order and only when VLAN discovery is "Fixed".');
  }
  if (form.recoveryVlan !== undefined) {
    if (!Number.isInteger(form.recoveryVlan) || form.recoveryVlan < 1 || form.recoveryVlan > 4094) throw new DhcpEncodeError('option 132 (vlan-id)', `${form.recoveryVlan} is not a VLAN id (1-4094)`);
    options.push(built(132, { text: String(form.recoveryVlan) }));
    notes.push('Option 132 only acts in recovery mode (ISS, AudioCodes, Genesys phones): set it in the native VLAN scope, not the voice VLAN (Genesys CIC guide, Option 132).');
  }
  if (form.toshiba) {
    const fields: ToshibaFields = { ...form.toshiba, vlanEnabled: form.toshiba.vlanEnabled ?? form.toshiba.phoneVlan !== undefined };
    options.push(built(43, { binary: encodeToshiba43(fields) }, TOSHIBA_VENDOR_CLASS));
    notes.push(`Toshiba IP5000 phones read option 43 only at factory defaults. Option 43 is limited to the vendor class "${TOSHIBA_VENDOR_CLASS}" (IPedge guide, Restriction) wherever the DHCP server can do it; Windows netsh and Cisco IOS cannot: their snippets set it for every client.`);
    if (!fields.vlanEnabled) notes.push('No phone VLAN given: sub-option 3 "VLAN Disable" (03 01 00) is sent, so the phone stays untagged.');
  }
  if (form.timeOffset !== undefined) {
    if (!Number.isInteger(form.timeOffset)) throw new DhcpEncodeError('option 2 (time-offset)', `${form.timeOffset} is not a whole number of seconds`);
    options.push(built(2, { int32: form.timeOffset }));
    const hex = (form.timeOffset >>> 0).toString(16).toUpperCase().padStart(8, '0');
    notes.push(`Option 2 is ${form.timeOffset} seconds; the Windows DHCP console shows and takes it in hexadecimal: ${hex.slice(0, 4)}.${hex.slice(4)} (the Genesys CIC guide's example FFFF.B9B0 is -18000).`);
  }
  const time = addresses(4, form.timeServers);
  const ntp = addresses(42, form.ntpServers);
  if (time) options.push(built(4, { ips: time }));
  const dns = addresses(6, form.dnsServers);
  if (dns) options.push(built(6, { ips: dns }));
  if (form.domainName !== undefined) {
    const d = form.domainName.trim();
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(d)) throw new DhcpEncodeError('option 15 (domain-name)', `"${form.domainName}" is not a DNS domain name`);
    options.push(built(15, { text: d }));
  }
  if (ntp) options.push(built(42, { ips: ntp }));
  if (time && ntp) warnings.push('Both option 4 and option 42 are set: the Genesys CIC guide says to set either 004 or 042, not both.');
  if ((time || ntp) && form.timeOffset === undefined) notes.push('The phones take their time server from option 4/42: set the offset too (option 2), as the Genesys CIC guide asks.');
  if (time || ntp) notes.push('With TLS, a phone that cannot reach its time server at boot cannot validate certificates and does not register (Genesys CIC guide, "Configure the Time Server"): give more than one server.');
  if (form.tftpServer !== undefined) {
    if (boot66) throw new DhcpEncodeError('option 66 (tftp-server-name)', 'the boot server URL already uses option 66: choose --option 160 for it, or leave out the TFTP server');
    options.push(built(66, { text: form.tftpServer.trim() }));
    notes.push('Option 66 is the TFTP server ISS, AudioCodes and Genesys phones use in recovery mode (Genesys CIC guide, Option 066); with a Switchover pair, the initial active server only.');
    if (form.family === 'polycom' && cic) warnings.push('Option 66 is built for Polycom phones: the Genesys CIC guide recommends not using option 66 for Polycom phones.');
  }
  for (const model of form.recoveryModels ?? []) {
    const key = model.trim().toUpperCase();
    const file = CIC_RECOVERY_FILES[key];
    if (!file) throw new DhcpEncodeError('option 67 (bootfile-name)', `no recovery firmware file is known for "${model}": use ${Object.keys(CIC_RECOVERY_FILES).join(', ')}`);
    options.push(built(67, { text: file }, key));
  }
  if (form.recoveryModels?.length) notes.push('Each option 67 record is limited to the vendor class the phone sends in option 60, so every model gets its own recovery firmware (Genesys CIC guide, "Configure DHCP Records for Multiple Phone Model Recovery").');
  return { options, notes, ...(warnings.length ? { warnings } : {}) };
}
