/**
 * VLAN strings handed to phones by DHCP: `VLAN-A=<id>[+<id>...];` in options 128, 144, 157, 191
 * (Polycom "Fixed" VLAN discovery, docs/sources.md §2; ids decimal, hex `0x..` or octal `0..`), and the
 * Avaya-style `VLAN-A:<id>+<id>.` form seen on the same options.
 */
import { DhcpEncodeError } from './errors';

/** A parsed VLAN string. */
export interface VlanSpec {
  /** VLAN ids in the order given (1-4094). */
  ids: number[];
  /** The string as received (trailing NULs removed). */
  text: string;
}

function vlanNumber(s: string): number | undefined {
  const t = s.trim();
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(t)) n = parseInt(t.slice(2), 16);
  else if (/^0[0-7]+$/.test(t)) n = parseInt(t.slice(1), 8);
  else if (/^\d+$/.test(t)) n = Number(t);
  else return undefined;
  return n >= 1 && n <= 4094 ? n : undefined;
}

/**
 * Parse a VLAN string.
 * @param text e.g. `VLAN-A=100;`, `VLAN-A=0x64+200;`, `VLAN-A:100.`
 * @returns the ids, or undefined when the text holds no `VLAN-A` part or an id is not 1-4094
 */
export function parseVlanString(text: string): VlanSpec | undefined {
  const m = /VLAN-A\s*[=:]\s*([^;.]*)/i.exec(text);
  if (!m) return undefined;
  const ids = m[1]!.split('+').map(vlanNumber);
  if (!ids.length || ids.some((n) => n === undefined)) return undefined;
  return { ids: ids as number[], text: text.replace(/\0+$/, '') };
}

/**
 * Format VLAN ids as a Polycom VLAN string.
 * @param ids 1-4094 each
 * @returns e.g. `VLAN-A=100;` or `VLAN-A=100+200;`
 * @throws DhcpEncodeError when an id is not an integer 1-4094 or the list is empty
 */
export function formatVlanString(ids: readonly number[]): string {
  if (!ids.length) throw new DhcpEncodeError('VLAN', 'give at least one VLAN id');
  for (const id of ids) if (!Number.isInteger(id) || id < 1 || id > 4094) throw new DhcpEncodeError('VLAN', `${id} is not a VLAN id (1-4094)`);
  return `VLAN-A=${ids.join('+')};`;
}
