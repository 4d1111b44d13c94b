/**
 * Read a snippet from snippets.ts back to the option code and bytes it sets, the way each DHCP
 * server would, and to the vendor class it is limited to: the proof that what a technician pastes
 * carries exactly the built value. Its name and type tables are its own (from the servers'
 * manuals: dhcp-options(5), the Kea manual), not the writer's.
 */
import type { DhcpSnippet } from '../../../shared/dhcp-dto';
import { concatBytes, fromHex, ipBytes, textBytes, uintBytes } from './codec/bytes';

/** The option a snippet sets. */
export interface ParsedSnippet {
  code: number;
  data: Uint8Array;
  /** The vendor class text the option is limited to, when the snippet limits it. */
  vendorClass?: string;
}

/** Thrown when a snippet does not have the shape its server expects. */
export class SnippetParseError extends Error {
  constructor(
    readonly server: string,
    readonly text: string,
  ) {
    super(`cannot read the ${server} snippet: ${text}`);
    this.name = 'SnippetParseError';
  }
}

/** ISC dhcpd's names and types for the standard options the builders use (dhcp-options(5)). */
const ISC_NAMES: Record<string, { code: number; type: 'text' | 'ips' | 'int32' | 'hex' }> = {
  'time-offset': { code: 2, type: 'int32' },
  'time-servers': { code: 4, type: 'ips' },
  'domain-name-servers': { code: 6, type: 'ips' },
  'domain-name': { code: 15, type: 'text' },
  'ntp-servers': { code: 42, type: 'ips' },
  'vendor-encapsulated-options': { code: 43, type: 'hex' },
  'tftp-server-name': { code: 66, type: 'text' },
  'bootfile-name': { code: 67, type: 'text' },
};
/** Windows' predefined address-list options (Windows DHCP: 004 Time Server, 006 DNS Servers, 042 NTP Servers). */
const WINDOWS_IPS = new Set([4, 6, 42]);
/** Kea option types by code (Kea manual: standard DHCPv4 options), for csv-format data. */
const KEA_TYPES: Record<number, 'ips' | 'int32'> = { 2: 'int32', 4: 'ips', 6: 'ips', 42: 'ips' };

const ips = (list: string[]): Uint8Array => concatBytes(list.map((a) => ipBytes(a.trim())));
const int32 = (n: number): Uint8Array => uintBytes(n >>> 0, 4);

function lineMatch(s: DhcpSnippet, re: RegExp): RegExpExecArray {
  for (const line of s.text.split('\n').reverse()) {
    const m = re.exec(line.trim());
    if (m) return m;
  }
  throw new SnippetParseError(s.server, s.text);
}

const find = (text: string, re: RegExp): string | undefined => re.exec(text)?.[1];

/**
 * Parse a snippet.
 * @returns the option code, the data it sets and the vendor class it is limited to
 * @throws SnippetParseError when the text is not in the server's syntax
 */
export function parseSnippet(s: DhcpSnippet): ParsedSnippet {
  const t = s.text;
  switch (s.server) {
    case 'windows-netsh': {
      const m = lineMatch(s, /^netsh dhcp server set optionvalue (\d+) (STRING|IPADDRESS|DWORD|BINARY) (?:vendor="([^"]*)" )?(.*)$/);
      const v = m[4]!;
      const data = m[2] === 'STRING' ? textBytes(v.replace(/^"|"$/g, '')) : m[2] === 'IPADDRESS' ? ips(v.split(' ').map((x) => x.replace(/"/g, ''))) : m[2] === 'DWORD' ? uintBytes(Number(v), 4) : fromHex(v);
      const vendorClass = m[3] !== undefined ? find(t, new RegExp(`^netsh dhcp server add class "${esc(m[3])}" "[^"]*" "([^"]*)" 1$`, 'm')) : undefined;
      return { code: Number(m[1]), data, ...(vendorClass !== undefined ? { vendorClass } : {}) };
    }
    case 'windows-powershell': {
      const m = lineMatch(s, /^Set-DhcpServerv4OptionValue (?:-VendorClass "([^"]*)" |-PolicyName "([^"]*)" )?-OptionId (\d+) -Value (.*)$/);
      const v = m[4]!;
      const code = Number(m[3]);
      const defType = find(t, new RegExp(`^Add-DhcpServerv4OptionDefinition (?:-VendorClass "[^"]*" )?-OptionId ${code} -Name "[^"]*" -Type (\\w+)`, 'm'));
      const type = defType === 'IPv4Address' || (!defType && WINDOWS_IPS.has(code)) ? 'ips' : defType === 'DWord' || (!defType && code === 2) ? 'int32' : /^0x/.test(v) ? 'hex' : 'text';
      const data = type === 'hex' ? fromHex(v.replace(/0x|,/g, '')) : type === 'int32' ? uintBytes(Number(v), 4) : type === 'ips' ? ips(v.split(',').map((x) => x.replace(/"/g, ''))) : textBytes(v.replace(/^"|"$/g, ''));
      let cls = m[1];
      if (m[2] !== undefined) cls = find(t, new RegExp(`^Add-DhcpServerv4Policy -Name "${esc(m[2])}" -Condition OR -VendorClass EQ,"([^"]*)"$`, 'm'));
      const vendorClass = cls !== undefined ? find(t, new RegExp(`^Add-DhcpServerv4Class -Name "${esc(cls)}" -Type Vendor -Data "([^"]*)"$`, 'm')) : undefined;
      return { code, data, ...(vendorClass !== undefined ? { vendorClass } : {}) };
    }
    case 'isc-dhcpd': {
      const m = lineMatch(s, /^option (\S+) (.*);$/);
      const def = /^option (\S+) code (\d+) = ([a-z0-9 -]+);$/m.exec(t);
      const known = ISC_NAMES[m[1]!];
      const custom = def && def[1] === m[1] ? { code: Number(def[2]), type: def[3] === 'text' ? 'text' : def[3] === 'string' ? 'hex' : def[3]!.includes('ip-address') ? 'ips' : 'int32' } : undefined;
      const spec = custom ?? known;
      if (!spec) throw new SnippetParseError(s.server, t);
      const v = m[2]!;
      const data = spec.type === 'text' ? textBytes(v.replace(/^"|"$/g, '')) : spec.type === 'ips' ? ips(v.split(',')) : spec.type === 'int32' ? int32(Number(v)) : fromHex(v.replace(/:/g, ''));
      const vendorClass = find(t, /match if substring\(option vendor-class-identifier, 0, \d+\) = "([^"]*)";/);
      return { code: spec.code, data, ...(vendorClass !== undefined ? { vendorClass } : {}) };
    }
    case 'kea': {
      type Data = { code: number; data: string; 'csv-format'?: boolean };
      const j = JSON.parse(t) as { Dhcp4: { 'option-def'?: Array<{ code: number; type: string }>; 'option-data'?: Data[]; 'client-classes'?: Array<{ test: string; 'option-data': Data[] }> } };
      const cls = j.Dhcp4['client-classes']?.[0];
      const d = cls ? cls['option-data'][0] : j.Dhcp4['option-data']?.[0];
      if (!d) throw new SnippetParseError(s.server, t);
      const defType = j.Dhcp4['option-def']?.find((x) => x.code === d.code)?.type;
      const type = defType === 'ipv4-address' ? 'ips' : defType === 'int32' ? 'int32' : KEA_TYPES[d.code];
      const data = d['csv-format'] === false ? fromHex(d.data) : type === 'ips' ? ips(d.data.split(',')) : type === 'int32' ? int32(Number(d.data)) : textBytes(d.data);
      const vendorClass = cls ? find(cls.test, /^substring\(option\[60\]\.hex,0,\d+\) == '([^']*)'$/) : undefined;
      return { code: d.code, data, ...(vendorClass !== undefined ? { vendorClass } : {}) };
    }
    case 'dnsmasq': {
      const m = lineMatch(s, /^dhcp-option=(?:tag:([^,]+),)?(\d+),(.*)$/);
      const v = m[3]!;
      const data = v.startsWith('"') ? textBytes(v.replace(/^"|"$/g, '')) : /^[0-9a-f]{2}(:[0-9a-f]{2})*$/.test(v) ? fromHex(v.replace(/:/g, '')) : ips(v.split(','));
      const vendorClass = m[1] !== undefined ? find(t, new RegExp(`^dhcp-vendorclass=set:${esc(m[1])},(.*)$`, 'm')) : undefined;
      return { code: Number(m[2]), data, ...(vendorClass !== undefined ? { vendorClass } : {}) };
    }
    case 'cisco-ios': {
      const m = lineMatch(s, /^option (\d+) (?:ascii "([^"]*)"|hex ([0-9a-f.]+)|ip ([\d. ]+))$/);
      const data = m[2] !== undefined ? textBytes(m[2]) : m[3] !== undefined ? fromHex(m[3].replace(/\./g, '')) : ips(m[4]!.split(' '));
      return { code: Number(m[1]), data };
    }
    case 'mikrotik': {
      const m = lineMatch(s, /^\/ip dhcp-server option add name=(\S+) code=(\d+) value=(?:"'([^']*)'"|0x([0-9a-f]+))$/);
      const data = m[3] !== undefined ? textBytes(m[3]) : fromHex(m[4]!);
      const set = find(t, new RegExp(`^/ip dhcp-server option sets add name=(\\S+) options=${esc(m[1]!)}$`, 'm'));
      const vendorClass = set !== undefined ? find(t, new RegExp(`^/ip dhcp-server matcher add name=\\S+ server=all code=60 value="([^"]*)" option-set=${esc(set)}$`, 'm')) : undefined;
      return { code: Number(m[2]), data, ...(vendorClass !== undefined ? { vendorClass } : {}) };
    }
  }
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
