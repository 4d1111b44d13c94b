/**
 * Option builders (issue #3 §5): from a form (boot server URL, VLAN, Toshiba server and VLAN fields)
 * to the exact option values — string for 66/160, `VLAN-A=` string, hex for 43 — and snippets for
 * seven DHCP servers. Every snippet is read back (snippet-parse.ts) and decoded with the codec before
 * it is returned: a snippet that would not carry the same bytes is a bug, never shown.
 */
import type { BuiltOption, DhcpBuildResult } from '../../../shared/dhcp-dto';
import { sameBytes, textBytes, toHex } from './codec/bytes';
import { DhcpEncodeError } from './codec/errors';
import { encodeToshiba43, type ToshibaFields } from './codec/option43';
import { optionDef } from './codec/option-table';
import { formatVlanString } from './codec/vlan';
import { parseSnippet } from './snippet-parse';
import { checkSnippetText, snippetsFor } from './snippets';

/** The builder form. */
export interface BuildForm {
  /** Boot server: URL (`http://10.0.0.5/`), host or address. */
  bootUrl?: string;
  /** Options that carry it (default 160 and 66). */
  bootOptions?: Array<66 | 160>;
  /** VLAN id for Polycom VLAN discovery (facts §2). */
  vlan?: number;
  /** Option that carries it (default 128, the first a Polycom phone reads). */
  vlanOption?: 128 | 144 | 157 | 191;
  /** Toshiba IPedge option 43 fields (seed Table 1). */
  toshiba?: ToshibaFields;
}

const TITLES: Record<number, string> = { 43: 'Vendor Specific Info', 66: 'Boot Server Host Name', 128: 'VLAN discovery', 144: 'VLAN discovery', 157: 'VLAN discovery', 160: 'Provisioning server', 191: 'VLAN discovery' };
/** Options Windows, ISC dhcpd, Kea, dnsmasq, IOS and RouterOS know without a definition. */
const STANDARD = new Set([43, 66]);

function built(code: number, data: Uint8Array, text: string | undefined): BuiltOption {
  const def = optionDef(code);
  if (text !== undefined) checkSnippetText(def.name, text);
  const snippets = snippetsFor({ code, name: def.name, title: TITLES[code] ?? def.name, ...(text !== undefined ? { text } : {}), data, standard: STANDARD.has(code) });
  for (const s of snippets) {
    const back = parseSnippet(s);
    if (back.code !== code || !sameBytes(back.data, data)) throw new Error(`internal: the ${s.server} snippet for option ${code} does not carry the built value`);
  }
  // The codec reads the bytes as the intended value.
  const value = def.codec.decode(data, code === 43 ? { vendorClass: 'TOSHIBA IPedge' } : {});
  if (text !== undefined && (typeof value === 'string' ? value : (value as { text?: string }).text) !== text) throw new Error(`internal: option ${code} does not decode to "${text}"`);
  return { code, name: def.name, value: text ?? toHex(data), valueKind: text !== undefined ? 'string' : 'hex', hex: toHex(data), snippets };
}

/**
 * Build option values and snippets from the form.
 * @returns the options (in the order 160, 66, VLAN, 43) and notes for the technician
 * @throws DhcpEncodeError for a value the options cannot carry (bad address, VLAN id, quote in a URL)
 */
export function buildOptions(form: BuildForm): DhcpBuildResult {
  const options: BuiltOption[] = [];
  const notes: string[] = [];
  const url = form.bootUrl?.trim();
  if (url) {
    if (url.length > 250) throw new DhcpEncodeError('boot server', 'keep the URL under 250 characters');
    const which = form.bootOptions?.length ? [...new Set(form.bootOptions)].sort((a, b) => b - a) : [160, 66];
    for (const code of which) options.push(built(code, textBytes(url), url));
    notes.push('Polycom UC 4+ phones try option 160 first, then 66 (boot server mode Custom+66); AudioCodes 400HD: 160, then 66/67, then 43.');
    if (!/^[a-z]+:\/\//i.test(url)) notes.push('Without a scheme, Polycom phones use their configured protocol (factory: FTP) and AudioCodes phones assume TFTP: write http:// to be sure.');
  } else if (form.bootOptions?.length) throw new DhcpEncodeError('boot server', 'give the boot server URL');
  if (form.vlan !== undefined) {
    const code = form.vlanOption ?? 128;
    const text = formatVlanString([form.vlan]);
    options.push(built(code, textBytes(text), text));
    notes.push('A VLAN from CDP/LLDP wins over DHCP; Polycom phones read options 128, 144, 157, 191 in that order and only when VLAN discovery is "Fixed".');
  }
  if (form.toshiba) {
    options.push(built(43, encodeToshiba43(form.toshiba), undefined));
    notes.push('Toshiba IP5000 phones read option 43 only at factory defaults; if other devices on this network use option 43, set it for the vendor class "TOSHIBA IPedge" (IPedge guide, Restriction).');
  }
  return { options, notes };
}
