/**
 * The MAC of a client from this computer's neighbour (ARP) table, for requests that name no MAC
 * (TFTP has no User-Agent). Linux: `/proc/net/arp` (columns: IP address, HW type, Flags,
 * HW address, Mask, Device; flag 0x2 = complete entry). An address is in that table only when it
 * is on a directly attached network, so the MAC is the phone's own, never a router's.
 * Other systems: no lookup (the MAC then comes from the file name or the DHCP lease).
 */
import { readFileSync } from 'node:fs';

const ATF_COM = 0x2;
/** How long one read of the table is reused, ms. */
const CACHE_MS = 2000;

/**
 * Parse the text of `/proc/net/arp`.
 * @returns IPv4 address → MAC as 12 lowercase hex digits, complete entries only
 */
export function parseArpTable(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    const [ip, , flags, hw] = line.trim().split(/\s+/);
    if (!ip || !flags || !hw) continue;
    if ((Number.parseInt(flags, 16) & ATF_COM) === 0) continue;
    const mac = hw.toLowerCase().replace(/:/g, '');
    if (!/^[0-9a-f]{12}$/.test(mac) || mac === '000000000000') continue;
    out.set(ip, mac);
  }
  return out;
}

/**
 * A lookup function over the neighbour table, re-reading it at most every 2 s.
 * @param file the table (default `/proc/net/arp`; tests pass their own)
 * @returns `(ip) => mac | undefined`; always undefined when the table cannot be read
 */
export function neighbourLookup(file = '/proc/net/arp'): (ip: string) => string | undefined {
  let table = new Map<string, string>();
  let readAt = -Infinity;
  return (ip) => {
    const now = Date.now();
    if (now - readAt > CACHE_MS) {
      readAt = now;
      try {
        table = parseArpTable(readFileSync(file, 'utf8'));
      } catch {
        table = new Map();
      }
    }
    return table.get(ip);
  };
}
