/**
 * Ready-to-paste configuration lines that set one DHCP option on common DHCP servers: Windows
 * (`netsh` and PowerShell), ISC dhcpd, Kea, dnsmasq, Cisco IOS and MikroTik RouterOS. Text options
 * are written as strings, address lists as addresses, option 2 as a signed 32-bit number, binary
 * ones (43) as hex. An option can be limited to the clients that send one vendor class (option 60,
 * RFC 2132 §9.13) in every format that can do it: Windows vendor classes (the Genesys CIC guide's
 * "Configure DHCP Records for Multiple Phone Model Recovery") or, for option 43, a Windows policy
 * (a Windows vendor class would encapsulate the value as a sub-option); ISC `class … match if`;
 * Kea `client-classes`; dnsmasq `dhcp-vendorclass`; RouterOS `matcher`. Cisco IOS pools cannot match
 * a vendor class: its snippet says so. Sources: docs/sources.md "DHCP option builders".
 * snippet-parse.ts reads each back to bytes; builders.ts checks every snippet that way.
 */
import type { DhcpSnippet } from '../../../shared/dhcp-dto';
import { HEX, toHex } from './codec/bytes';
import { DhcpEncodeError } from './codec/errors';

/** What a snippet sets: option code, RFC-style name, and its value in the form the servers take. */
export interface SnippetInput {
  code: number;
  name: string;
  /** Human title for definitions (`Provisioning server`). */
  title: string;
  /** Text value (string options). */
  text?: string;
  /** IPv4 addresses (address-list options 4, 6, 42). */
  ips?: string[];
  /** Signed 32-bit value (option 2, seconds). */
  int32?: number;
  /** The option's data (always given; binary options are written from it). */
  data: Uint8Array;
  /** Whether the server already knows the option (no definition line needed). */
  standard: boolean;
  /** Send the option only to clients whose vendor class (option 60) starts with this text. */
  vendorClass?: string;
}

/**
 * Refuse characters no snippet format can carry safely inside quotes.
 * @throws DhcpEncodeError naming the field and the character
 */
export function checkSnippetText(field: string, text: string): void {
  const bad = /["'\\]|[^\x20-\x7e]/.exec(text);
  if (bad) throw new DhcpEncodeError(field, `the character ${JSON.stringify(bad[0])} cannot be written safely in DHCP server configurations; remove it`);
}

const upperHex = (b: Uint8Array): string => toHex(b).toUpperCase();
const colonHex = (b: Uint8Array): string => [...b].map((x) => HEX[x]).join(':');
const ciscoHex = (b: Uint8Array): string => (toHex(b).match(/.{1,4}/g) ?? []).join('.');

/** ISC dhcpd names of the standard options (dhcp-options(5)). */
const ISC: Record<number, string> = { 2: 'time-offset', 4: 'time-servers', 6: 'domain-name-servers', 15: 'domain-name', 42: 'ntp-servers', 43: 'vendor-encapsulated-options', 66: 'tftp-server-name', 67: 'bootfile-name' };
/** Kea names of the standard options (Kea manual, "DHCPv4 option definitions"). */
const KEA: Record<number, string> = { ...ISC, 67: 'boot-file-name' };

type Kind = 'text' | 'ips' | 'int32' | 'binary';

function kindOf(o: SnippetInput): Kind {
  return o.text !== undefined ? 'text' : o.ips ? 'ips' : o.int32 !== undefined ? 'int32' : 'binary';
}

/** A name safe as a tag or class identifier (`TOSHIBA IPedge` → `toshiba-ipedge`). */
function tagOf(vendorClass: string): string {
  return vendorClass.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'phones';
}

function windowsNetsh(o: SnippetInput, k: Kind): string {
  const type = { text: 'STRING', ips: 'IPADDRESS', int32: 'DWORD', binary: 'BINARY' }[k];
  const value = { text: `"${o.text}"`, ips: (o.ips ?? []).map((a) => `"${a}"`).join(' '), int32: String((o.int32 ?? 0) >>> 0), binary: upperHex(o.data) }[k];
  const title = o.title.replace(/"/g, '');
  const scoped = o.vendorClass !== undefined && o.code !== 43;
  if (!scoped) return `${o.standard ? '' : `netsh dhcp server add optiondef ${o.code} "${title}" ${type} ${k === 'ips' ? 1 : 0}\n`}netsh dhcp server set optionvalue ${o.code} ${type} ${value}`;
  const cls = `${o.vendorClass} Class`;
  return [
    `netsh dhcp server add class "${cls}" "" "${o.vendorClass}" 1`,
    `netsh dhcp server add optiondef ${o.code} "${title}" ${type} ${k === 'ips' ? 1 : 0} vendor="${cls}"`,
    `netsh dhcp server set optionvalue ${o.code} ${type} vendor="${cls}" ${value}`,
  ].join('\n');
}

function windowsPowerShell(o: SnippetInput, k: Kind): string {
  const type = { text: 'String', ips: 'IPv4Address', int32: 'DWord', binary: 'BinaryData' }[k];
  const value = { text: `"${o.text}"`, ips: (o.ips ?? []).map((a) => `"${a}"`).join(','), int32: String((o.int32 ?? 0) >>> 0), binary: [...o.data].map((b) => `0x${HEX[b]!.toUpperCase()}`).join(',') }[k];
  const title = o.title.replace(/"/g, '');
  if (o.vendorClass === undefined) {
    const def = o.standard ? '' : `Add-DhcpServerv4OptionDefinition -OptionId ${o.code} -Name "${title}" -Type ${type}${k === 'ips' ? ' -MultiValued' : ''}\n`;
    return `${def}Set-DhcpServerv4OptionValue -OptionId ${o.code} -Value ${value}`;
  }
  const cls = `${o.vendorClass} Class`;
  const addClass = `Add-DhcpServerv4Class -Name "${cls}" -Type Vendor -Data "${o.vendorClass}"`;
  if (o.code === 43) {
    // A policy sends the raw option 43 to the matching clients only.
    return [addClass, `Add-DhcpServerv4Policy -Name "${o.vendorClass} phones" -Condition OR -VendorClass EQ,"${cls}"`, `Set-DhcpServerv4OptionValue -PolicyName "${o.vendorClass} phones" -OptionId ${o.code} -Value ${value}`].join('\n');
  }
  return [
    addClass,
    `Add-DhcpServerv4OptionDefinition -VendorClass "${cls}" -OptionId ${o.code} -Name "${title}" -Type ${type}${k === 'ips' ? ' -MultiValued' : ''}`,
    `Set-DhcpServerv4OptionValue -VendorClass "${cls}" -OptionId ${o.code} -Value ${value}`,
  ].join('\n');
}

function iscDhcpd(o: SnippetInput, k: Kind): string {
  const name = ISC[o.code] ?? o.name;
  const def = ISC[o.code] ? '' : `option ${name} code ${o.code} = ${k === 'text' ? 'text' : k === 'ips' ? 'array of ip-address' : k === 'int32' ? 'signed integer 32' : 'string'};\n`;
  const value = { text: `"${o.text}"`, ips: (o.ips ?? []).join(', '), int32: String(o.int32), binary: colonHex(o.data) }[k];
  const set = `option ${name} ${value};`;
  if (o.vendorClass === undefined) return `${def}${set}`;
  const vc = o.vendorClass;
  return `${def}class "${tagOf(vc)}" {\n  match if substring(option vendor-class-identifier, 0, ${vc.length}) = "${vc}";\n  ${set}\n}`;
}

function kea(o: SnippetInput, k: Kind): string {
  const name = KEA[o.code] ?? o.name;
  const type = { text: 'string', ips: 'ipv4-address', int32: 'int32', binary: 'binary' }[k];
  const optionDef = KEA[o.code] ? undefined : [{ name, code: o.code, type, ...(k === 'ips' ? { array: true } : {}), space: 'dhcp4' }];
  const data =
    k === 'binary'
      ? { name, code: o.code, space: 'dhcp4', 'csv-format': false, data: upperHex(o.data) }
      : { name, code: o.code, space: 'dhcp4', data: k === 'text' ? o.text : k === 'ips' ? (o.ips ?? []).join(', ') : String(o.int32) };
  const dhcp4: Record<string, unknown> = { ...(optionDef ? { 'option-def': optionDef } : {}) };
  if (o.vendorClass === undefined) dhcp4['option-data'] = [data];
  else {
    dhcp4['client-classes'] = [{ name: tagOf(o.vendorClass), test: `substring(option[60].hex,0,${o.vendorClass.length}) == '${o.vendorClass}'`, 'option-data': [data] }];
  }
  return JSON.stringify({ Dhcp4: dhcp4 }, null, 2);
}

function dnsmasq(o: SnippetInput, k: Kind): string {
  const value = { text: `"${o.text}"`, ips: (o.ips ?? []).join(','), int32: colonHex(o.data), binary: colonHex(o.data) }[k];
  if (o.vendorClass === undefined) return `dhcp-option=${o.code},${value}`;
  const tag = tagOf(o.vendorClass);
  return `dhcp-vendorclass=set:${tag},${o.vendorClass}\ndhcp-option=tag:${tag},${o.code},${value}`;
}

function ciscoIos(o: SnippetInput, k: Kind): string {
  const value = { text: `ascii "${o.text}"`, ips: `ip ${(o.ips ?? []).join(' ')}`, int32: `hex ${ciscoHex(o.data)}`, binary: `hex ${ciscoHex(o.data)}` }[k];
  const warn = o.vendorClass !== undefined ? `! IOS pools cannot match a vendor class: use a pool that serves only the ${o.vendorClass} phones\n` : '';
  return `${warn}option ${o.code} ${value}`;
}

function mikrotik(o: SnippetInput, k: Kind): string {
  const value = k === 'text' ? `"'${o.text}'"` : `0x${toHex(o.data)}`;
  const add = `/ip dhcp-server option add name=${o.name} code=${o.code} value=${value}`;
  if (o.vendorClass === undefined) return add;
  const tag = tagOf(o.vendorClass);
  return [add, `/ip dhcp-server option sets add name=${tag} options=${o.name}`, `/ip dhcp-server matcher add name=${tag} server=all code=60 value="${o.vendorClass}" option-set=${tag}`].join('\n');
}

/**
 * The snippets for one option, one per DHCP server product.
 * @param o the option, its value and the optional vendor-class scope
 * @returns seven snippets in a fixed order (Windows netsh, PowerShell, ISC dhcpd, Kea, dnsmasq,
 *   Cisco IOS, MikroTik); `scopedTo` names the vendor class on those that limit the option to it
 */
export function snippetsFor(o: SnippetInput): DhcpSnippet[] {
  const k = kindOf(o);
  const scoped = (supported: boolean) => (o.vendorClass !== undefined && supported ? { scopedTo: o.vendorClass } : {});
  return [
    { server: 'windows-netsh', title: 'Windows DHCP (netsh, server options)', text: windowsNetsh(o, k), ...scoped(o.code !== 43) },
    { server: 'windows-powershell', title: 'Windows DHCP (PowerShell)', text: windowsPowerShell(o, k), ...scoped(true) },
    { server: 'isc-dhcpd', title: 'ISC dhcpd (dhcpd.conf)', text: iscDhcpd(o, k), ...scoped(true) },
    { server: 'kea', title: 'Kea (kea-dhcp4.conf, merge into "Dhcp4")', text: kea(o, k), ...scoped(true) },
    { server: 'dnsmasq', title: 'dnsmasq (dnsmasq.conf)', text: dnsmasq(o, k), ...scoped(true) },
    { server: 'cisco-ios', title: 'Cisco IOS (inside "ip dhcp pool NAME")', text: ciscoIos(o, k), ...scoped(false) },
    { server: 'mikrotik', title: "MikroTik RouterOS (then add it to the network's DHCP option set)", text: mikrotik(o, k), ...scoped(true) },
  ];
}
