/**
 * Test child (run inside a network namespace with `node --import tsx`): send one crafted DHCP
 * client message from a UDP socket and print every reply as a JSON line, for cases real clients
 * cannot be told to produce (a relay agent's DISCOVER with giaddr, an INIT-REBOOT REQUEST for an
 * address of another network). The checks are made on tshark's reading of the wire, not on this.
 * argv: JSON `{ bind: "addr", port: 67|68, to: "addr", toPort, waitMs, type: 1|3, mac, giaddr?,
 *   requested?, ciaddr?, broadcast? }`
 */
import { createSocket } from 'node:dgram';
import { encodePacket, tryDecodePacket } from '../../electron/engine/dhcp/codec/packet';

const a = JSON.parse(process.argv[2]!) as { bind: string; port: number; to: string; toPort: number; waitMs: number; type: number; mac: string; giaddr?: string; requested?: string; ciaddr?: string; broadcast?: boolean };
const sock = createSocket({ type: 'udp4', reuseAddr: true });
sock.on('message', (msg, r) => {
  const d = tryDecodePacket(msg);
  if (d.ok && d.packet.op === 2) process.stdout.write(`${JSON.stringify({ from: `${r.address}:${r.port}`, type: d.packet.messageType, yiaddr: d.packet.yiaddr, giaddr: d.packet.giaddr, router: d.packet.options.find((o) => o.code === 3)?.value })}\n`);
});
sock.bind(a.port, a.bind, () => {
  sock.setBroadcast(true);
  const bytes = encodePacket({
    op: 1,
    xid: 0x5eed0001,
    chaddr: a.mac,
    hops: a.giaddr ? 1 : 0,
    ...(a.giaddr ? { giaddr: a.giaddr } : {}),
    ...(a.ciaddr ? { ciaddr: a.ciaddr } : {}),
    broadcast: Boolean(a.broadcast),
    options: [{ code: 53, data: Uint8Array.of(a.type) }, ...(a.requested ? [{ code: 50, data: Uint8Array.from(a.requested.split('.').map(Number)) }] : [])],
  });
  sock.send(bytes, a.toPort, a.to, (err) => {
    if (err) process.stderr.write(`send failed: ${err.message}\n`);
    setTimeout(() => sock.close(), a.waitMs);
  });
});
