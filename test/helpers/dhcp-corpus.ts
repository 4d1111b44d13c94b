/**
 * Test helper: DHCP payloads to start fuzzing and benchmarks from — every DHCP packet of the public
 * captures (../shared/testdata/dhcp/) plus phone-style packets (Polycom option 60, 66/160, Toshiba 43).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textBytes } from '../../electron/engine/dhcp/codec/bytes';
import { encodeToshiba43 } from '../../electron/engine/dhcp/codec/option43';
import { encodePacket } from '../../electron/engine/dhcp/codec/packet';
import { encodePolycomVendorClass } from '../../electron/engine/dhcp/codec/vendor-class';
import { isDhcpDatagram, udpFromFrame } from '../../electron/engine/dhcp/link';
import { readCapture } from '../../electron/engine/dhcp/pcap';

/** Folder of the public capture files (PROVKIT_TESTDATA overrides `../shared/testdata`, e.g. in a git worktree). */
export const CAPTURES = join(process.env.PROVKIT_TESTDATA ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'testdata'), 'dhcp');

/** The shared deterministic PRNG (mulberry32), re-exported for the DHCP fuzz test. */
export { prng } from './prng';

/** UDP payloads of every DHCP packet in the public captures, and phone-style packets. */
export function dhcpCorpus(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of readdirSync(CAPTURES).filter((n) => /\.pcap(ng)?$/.test(n))) {
    for (const fr of readCapture(readFileSync(join(CAPTURES, f))).frames) {
      const u = udpFromFrame(fr.linkType, fr.data);
      if (u && isDhcpDatagram(u)) out.push(Uint8Array.from(u.payload));
    }
  }
  const polycom = encodePolycomVendorClass({ model: 'VVX-VVX_400', partNumber: '3111-46157-002,1', appVersion: 'SIP/5.9.0.9373/16-Aug-19 10:09', bootromVersion: 'UP/5.9.0.9373/16-Aug-19 10:09' });
  out.push(encodePacket({ op: 1, xid: 1, chaddr: '0004f2aabbcc', broadcast: true, options: [{ code: 53, data: Uint8Array.of(1) }, { code: 60, data: polycom }, { code: 55, data: Uint8Array.of(1, 3, 6, 15, 42, 66, 128, 144, 157, 160, 191) }] }));
  out.push(encodePacket({ op: 2, xid: 1, chaddr: '0004f2aabbcc', yiaddr: '10.0.0.20', sname: 'boot', options: [{ code: 53, data: Uint8Array.of(2) }, { code: 54, data: Uint8Array.of(10, 0, 0, 1) }, { code: 66, data: textBytes('http://10.0.0.5/') }, { code: 160, data: textBytes('http://10.0.0.5/p') }, { code: 128, data: textBytes('VLAN-A=100;') }, { code: 43, data: encodeToshiba43({ serverIp: '10.0.0.7', phoneVlan: 300 }) }, { code: 125, data: Uint8Array.of(0, 0, 0x36, 0x3d, 3, 1, 1, 0x41) }, { code: 82, data: Uint8Array.of(1, 2, 0x41, 0x42) }, { code: 120, data: Uint8Array.of(0, 3, 0x61, 0x62, 0x63, 0) }] }));
  return out;
}
