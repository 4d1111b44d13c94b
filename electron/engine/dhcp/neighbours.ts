/**
 * The host's neighbour (ARP) table, to name a DHCP server by its Ethernet address when the answer
 * came through a UDP socket (packet capture gives the frame's source directly). Linux reads
 * `/proc/net/arp`; elsewhere the address stays unknown (the probe then shows none).
 */
import { readFileSync } from 'node:fs';

/**
 * The MAC the neighbour table holds for an IPv4 address.
 * @returns `aa:bb:cc:dd:ee:ff`, or undefined when not known (or not Linux)
 */
export function macOfNeighbour(ip: string): string | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/net/arp', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n').slice(1)) {
    const [addr, , flags, mac] = line.trim().split(/\s+/);
    if (addr === ip && mac && flags !== '0x0' && mac !== '00:00:00:00:00:00') return mac.toLowerCase();
  }
  return undefined;
}
