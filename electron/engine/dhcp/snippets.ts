/**
 * Ready-to-paste configuration lines that set one DHCP option on common DHCP servers: Windows
 * (`netsh` and PowerShell `Set-DhcpServerv4OptionValue`), ISC dhcpd, Kea, dnsmasq, Cisco IOS and
 * MikroTik RouterOS. Text options are written as strings, binary ones (43) as hex.
 * snippet-parse.ts reads each back to bytes; builders.ts checks every snippet that way.
 */
import type { DhcpSnippet } from '../../../shared/dhcp-dto';
import { HEX, toHex } from './codec/bytes';
import { DhcpEncodeError } from './codec/errors';

/** What a snippet sets: option code, RFC-style name, and its value as text or bytes. */
export interface SnippetInput {
  code: number;
  name: string;
  /** Human title for definitions (`Provisioning server`). */
  title: string;
  /** Text value (string options) — or undefined for binary ones. */
  text?: string;
  data: Uint8Array;
  /** Whether the server already knows the option (no definition line needed). */
  standard: boolean;
}

/**
 * Refuse characters no snippet format can carry safely inside quotes.
 * @throws DhcpEncodeError naming the character
 */
export function checkSnippetText(field: string, text: string): void {
  const bad = /["'\\]|[^\x20-\x7e]/.exec(text);
  if (bad) throw new DhcpEncodeError(field, `the character ${JSON.stringify(bad[0])} cannot be written safely in DHCP server configurations; remove it`);
}

const upperHex = (b: Uint8Array): string => toHex(b).toUpperCase();
const colonHex = (b: Uint8Array): string => [...b].map((x) => HEX[x]).join(':');

/** Cisco IOS hex: groups of 4 digits joined by dots (`0204.c0a8.6427`). */
function ciscoHex(b: Uint8Array): string {
  return (toHex(b).match(/.{1,4}/g) ?? []).join('.');
}

/**
 * The snippets for one option, one per DHCP server product.
 * @returns seven snippets in a fixed order
 */
export function snippetsFor(o: SnippetInput): DhcpSnippet[] {
  const isText = o.text !== undefined;
  // ISC dhcpd and Kea call option 43 by its BOOTP-era name.
  const iscName = o.code === 43 ? 'vendor-encapsulated-options' : o.name;
  const t = o.text ?? '';
  const psName = o.title.replace(/"/g, '');
  const netshDef = o.standard ? '' : `netsh dhcp server add optiondef ${o.code} "${psName}" STRING 0\n`;
  const psDef = o.standard ? '' : `Add-DhcpServerv4OptionDefinition -OptionId ${o.code} -Name "${psName}" -Type String\n`;
  const dhcpdDef = o.standard ? '' : `option ${iscName} code ${o.code} = ${isText ? 'text' : 'string'};\n`;
  const keaDef = o.standard ? [] : [{ name: iscName, code: o.code, type: isText ? 'string' : 'binary', space: 'dhcp4' }];
  const keaData = isText ? { name: iscName, code: o.code, space: 'dhcp4', data: t } : { name: iscName, code: o.code, space: 'dhcp4', 'csv-format': false, data: upperHex(o.data) };
  const kea = { Dhcp4: { ...(keaDef.length ? { 'option-def': keaDef } : {}), 'option-data': [keaData] } };
  return [
    { server: 'windows-netsh', title: 'Windows DHCP (netsh, server options)', text: `${netshDef}netsh dhcp server set optionvalue ${o.code} ${isText ? `STRING "${t}"` : `BINARY ${upperHex(o.data)}`}` },
    { server: 'windows-powershell', title: 'Windows DHCP (PowerShell)', text: `${psDef}Set-DhcpServerv4OptionValue -OptionId ${o.code} -Value ${isText ? `"${t}"` : [...o.data].map((b) => `0x${HEX[b]!.toUpperCase()}`).join(',')}` },
    { server: 'isc-dhcpd', title: 'ISC dhcpd (dhcpd.conf)', text: `${dhcpdDef}option ${iscName} ${isText ? `"${t}"` : colonHex(o.data)};` },
    { server: 'kea', title: 'Kea (kea-dhcp4.conf, merge into "Dhcp4")', text: JSON.stringify(kea, null, 2) },
    { server: 'dnsmasq', title: 'dnsmasq (dnsmasq.conf)', text: `dhcp-option=${o.code},${isText ? `"${t}"` : colonHex(o.data)}` },
    { server: 'cisco-ios', title: 'Cisco IOS (inside "ip dhcp pool NAME")', text: `option ${o.code} ${isText ? `ascii "${t}"` : `hex ${ciscoHex(o.data)}`}` },
    { server: 'mikrotik', title: 'MikroTik RouterOS (then add it to the network\'s DHCP option set)', text: `/ip dhcp-server option add name=${o.name} code=${o.code} value=${isText ? `"'${t}'"` : `0x${toHex(o.data)}`}` },
  ];
}
