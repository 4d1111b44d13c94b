/**
 * Decode every DHCP packet of a capture file (pcap or pcapng): frames → UDP on ports 67/68 →
 * DHCP. Replies are decoded with the vendor class of the request they answer (same xid), so
 * option 43 is read with the right vendor's layout.
 */
import { tryDecodePacket, type DhcpPacket, type PartialPacket } from './codec/packet';
import type { DhcpDecodeError } from './codec/errors';
import { isDhcpDatagram, udpFromFrame, type UdpDatagram } from './link';
import { readCapture, type CaptureFormatError } from './pcap';
import { vendorClassOf } from './summary';

/** One DHCP packet found in a capture. */
export interface CapturedDhcp {
  frame: number;
  timeMs: number;
  udp: Omit<UdpDatagram, 'payload'>;
  packet?: DhcpPacket;
  partial?: PartialPacket;
  error?: DhcpDecodeError;
}

/**
 * Decode the DHCP packets of a capture file held in memory.
 * @returns the packets in frame order, and the file's damage error if it stopped early
 * @throws CaptureFormatError when the file is not a capture at all
 */
export function decodeCapture(file: Uint8Array): { packets: CapturedDhcp[]; error?: CaptureFormatError } {
  const cap = readCapture(file);
  const vendorByXid = new Map<number, string>();
  const packets: CapturedDhcp[] = [];
  for (const f of cap.frames) {
    const udp = udpFromFrame(f.linkType, f.data);
    if (!udp || !isDhcpDatagram(udp)) continue;
    const { payload, ...addr } = udp;
    const xid = payload.length >= 8 ? new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(4) : undefined;
    const hint = xid !== undefined && payload[0] === 2 ? vendorByXid.get(xid) : undefined;
    const r = tryDecodePacket(payload, hint ? { vendorClass: hint } : {});
    const entry: CapturedDhcp = { frame: f.number, timeMs: f.timeMs, udp: addr };
    if (r.ok) {
      entry.packet = r.packet;
      const vc = vendorClassOf(r.packet);
      if (r.packet.op === 1 && vc && xid !== undefined) vendorByXid.set(xid, vc);
    } else {
      entry.error = r.error;
      if (r.partial) entry.partial = r.partial;
    }
    packets.push(entry);
  }
  return { packets, ...(cap.error ? { error: cap.error } : {}) };
}
