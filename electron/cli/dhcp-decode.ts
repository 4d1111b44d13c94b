/**
 * `provkit dhcp decode FILE.pcap|FILE.pcapng`: one JSON object per DHCP packet, one per line
 * (CLI). A packet that fails to decode still prints, with `error`.
 */
import { readFile } from 'node:fs/promises';
import { decodeCapture } from '../engine/dhcp/capture-decode';
import { packetJson } from '../engine/dhcp/packet-json';
import { usageError } from './args';

/**
 * Run `provkit dhcp decode`.
 * @param args the file name (exactly one)
 * @returns 0 when every DHCP packet decoded, 1 when some did not or the file is damaged
 * @throws usage error without a file; the fs error when it cannot be read
 */
export async function dhcpDecode(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-')) throw usageError('give one capture file: provkit dhcp decode FILE.pcap|FILE.pcapng');
  const { packets, error } = decodeCapture(await readFile(args[0]!));
  let bad = 0;
  const lines: string[] = [];
  for (const c of packets) {
    if (c.error) bad++;
    lines.push(JSON.stringify(packetJson(c.packet ?? c.partial, { frame: c.frame, ...(c.error ? { error: c.error } : {}) })));
  }
  process.stdout.write(lines.length ? `${lines.join('\n')}\n` : '');
  if (error) process.stderr.write(`provkit dhcp decode: ${error.message}; frames before it were decoded\n`);
  if (bad) process.stderr.write(`provkit dhcp decode: ${bad} of ${packets.length} DHCP packet(s) are malformed (see "error")\n`);
  return bad || error ? 1 : 0;
}
