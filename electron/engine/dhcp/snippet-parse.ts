/**
 * Read a snippet from snippets.ts back to the option code and bytes it sets, the way each DHCP
 * server would: the proof that what a technician pastes carries exactly the built value.
 */
import type { DhcpSnippet } from '../../../shared/dhcp-dto';
import { fromHex, textBytes } from './codec/bytes';

/** The option a snippet sets. */
export interface ParsedSnippet {
  code: number;
  data: Uint8Array;
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

function must(m: RegExpExecArray | null, s: DhcpSnippet): RegExpExecArray {
  if (!m) throw new SnippetParseError(s.server, s.text);
  return m;
}

const value = (str: string | undefined, hex: string | undefined): Uint8Array => (str !== undefined ? textBytes(str) : fromHex(hex ?? ''));

/**
 * Parse a snippet.
 * @returns the option code and data it sets
 * @throws SnippetParseError when the text is not in the server's syntax
 */
export function parseSnippet(s: DhcpSnippet): ParsedSnippet {
  const last = s.text.trim().split('\n').pop() ?? '';
  switch (s.server) {
    case 'windows-netsh': {
      const m = must(/^netsh dhcp server set optionvalue (\d+) (?:STRING "([^"]*)"|BINARY ([0-9A-F]+))$/.exec(last), s);
      return { code: Number(m[1]), data: value(m[2], m[3]) };
    }
    case 'windows-powershell': {
      const m = must(/^Set-DhcpServerv4OptionValue -OptionId (\d+) -Value (?:"([^"]*)"|((?:0x[0-9A-F]{2},?)+))$/.exec(last), s);
      return { code: Number(m[1]), data: value(m[2], m[3]?.replace(/0x|,/g, '')) };
    }
    case 'isc-dhcpd': {
      const m = must(/^option (\S+) (?:"([^"]*)"|([0-9a-f:]+));$/.exec(last), s);
      const def = /^option (\S+) code (\d+) = /.exec(s.text);
      const code = def && def[1] === m[1] ? Number(def[2]) : ISC_NAMES[m[1]!];
      if (code === undefined) throw new SnippetParseError(s.server, s.text);
      return { code, data: value(m[2], m[3]) };
    }
    case 'kea': {
      const j = JSON.parse(s.text) as { Dhcp4: { 'option-data': Array<{ code: number; data: string; 'csv-format'?: boolean }> } };
      const d = j.Dhcp4['option-data'][0];
      if (!d) throw new SnippetParseError(s.server, s.text);
      return { code: d.code, data: d['csv-format'] === false ? fromHex(d.data) : textBytes(d.data) };
    }
    case 'dnsmasq': {
      const m = must(/^dhcp-option=(\d+),(?:"([^"]*)"|([0-9a-f:]+))$/.exec(last), s);
      return { code: Number(m[1]), data: value(m[2], m[3]) };
    }
    case 'cisco-ios': {
      const m = must(/^option (\d+) (?:ascii "([^"]*)"|hex ([0-9a-f.]+))$/.exec(last), s);
      return { code: Number(m[1]), data: value(m[2], m[3]?.replace(/\./g, '')) };
    }
    case 'mikrotik': {
      const m = must(/^\/ip dhcp-server option add name=\S+ code=(\d+) value=(?:"'([^']*)'"|0x([0-9a-f]+))$/.exec(last), s);
      return { code: Number(m[1]), data: value(m[2], m[3]) };
    }
  }
}

/** ISC dhcpd's names for the standard options the builders use. */
const ISC_NAMES: Record<string, number> = { 'tftp-server-name': 66, 'vendor-encapsulated-options': 43 };
