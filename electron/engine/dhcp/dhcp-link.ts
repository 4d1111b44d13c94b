/**
 * How the DHCP tools hear and speak on one interface. Node's UDP sockets cannot bind to a device
 * (no SO_BINDTODEVICE) nor tell which interface a broadcast arrived on (no IP_PKTINFO), so:
 * - **capture** (libpcap through the optional `cap` package, on Linux, macOS and Windows with
 *   Npcap): frames are read on the chosen interface only — a DISCOVER arriving on another network
 *   card is never seen — and frames a socket cannot send are sent raw: a DISCOVER from 0.0.0.0 on an
 *   interface without an address, an OFFER unicast to `yiaddr` at `chaddr` (RFC 2131 §4.1).
 *   A socket is still bound on the port (so unicast to us draws no ICMP port unreachable, and
 *   routed unicast to giaddr/ciaddr goes through the kernel), its own reads ignored.
 * - **socket** (no capture): UDP sockets on 0.0.0.0 hear broadcasts from every interface; callers
 *   must then refuse to serve on a host with several interfaces unless forced (see bench-guard.ts).
 */
import type { Socket } from 'node:dgram';
import { loadCapture, startCapture, type CaptureHandle } from './capture-backend';
import { BROADCAST_MAC, udpFrame } from './frames';
import type { Ipv4Interface } from './interfaces';
import type { UdpDatagram } from './link';
import { bindDhcpSocket } from './sockets';

/** Where a datagram goes. `mac` set = send a raw frame to that Ethernet address (capture only). */
export interface LinkDestination {
  ip: string;
  port: number;
  mac?: string;
}

/** An open link on one interface. */
export interface DhcpLink {
  readonly mode: 'capture' | 'socket';
  /**
   * Send a DHCP payload. With `to.mac` and capture, a raw frame from `from` (default: the
   * interface's MAC and address); otherwise through the socket bound to the interface's address.
   * @throws the socket or libpcap error
   */
  send(payload: Uint8Array, to: LinkDestination, from?: { mac?: string; ip?: string }): Promise<void>;
  close(): void;
}

/** The link an interface gets: `capture` when the `cap` package loads, else `socket`. */
export function linkModeAvailable(prefer: 'auto' | 'capture' | 'socket' = 'auto'): 'capture' | 'socket' {
  if (prefer === 'socket') return 'socket';
  return loadCapture().mod ? 'capture' : 'socket';
}

/**
 * Open a link for one DHCP role.
 * @param iface the interface (its address may be '' when it has none: then only capture works)
 * @param port 67 (server) or 68 (client)
 * @param onDatagram every DHCP datagram heard (capture: this interface only, both directions;
 *   socket: broadcasts from any interface and unicast to this host, `dstIp` '' when unknown)
 * @param mode `auto` = capture when available
 * @throws the bind error (DhcpPortError, with the fix) or the libpcap open error; Error when the
 *   interface has no address and capture is not available
 */
export async function openDhcpLink(iface: Ipv4Interface, port: 67 | 68, onDatagram: (d: UdpDatagram) => void, mode: 'auto' | 'capture' | 'socket' = 'auto'): Promise<DhcpLink> {
  const use = linkModeAvailable(mode);
  if (mode === 'capture' && use !== 'capture') throw new Error(loadCapture().reason ?? 'packet capture is not available');
  const sockets: Array<Socket | undefined> = [];
  let capture: CaptureHandle | undefined;
  const close = () => {
    capture?.close();
    for (const s of sockets) s?.close();
  };
  try {
    if (use === 'capture') {
      try {
        capture = startCapture(iface.name, onDatagram);
      } catch (err) {
        throw Object.assign(new Error(`cannot capture on ${iface.name}: ${(err as Error).message}`), {
          fix: 'run ProvKit as root/administrator, or give node CAP_NET_RAW on Linux: sudo setcap cap_net_bind_service,cap_net_raw=eip "$(readlink -f "$(command -v node)")"',
        });
      }
      // Keep the port open so unicast to us is not answered with ICMP port unreachable; the capture reads it.
      if (iface.address) sockets.push(await bindDhcpSocket(port, iface.address).catch(() => bindDhcpSocket(port)));
      // No address: nothing is sent to us by unicast; a port held by a DHCP client here is fine.
      else sockets.push(await bindDhcpSocket(port).catch(() => undefined));
    } else {
      if (!iface.address) throw new Error(`interface ${iface.name} has no IPv4 address and packet capture is not available, so nothing can be sent from 0.0.0.0 on it`);
      // A server also listens on 68: other servers' broadcast OFFER/ACK land there (bench-guard.ts).
      for (const p of port === 67 ? ([67, 68] as const) : ([68] as const)) {
        const s = await bindDhcpSocket(p);
        s.on('message', (msg, r) => onDatagram({ srcIp: r.address, srcPort: r.port, dstIp: '', dstPort: p, payload: msg }));
        sockets.push(s);
      }
      // Bound to the interface's address: broadcasts sent from it leave through this interface.
      const send = await bindDhcpSocket(port, iface.address);
      send.on('message', (msg, r) => onDatagram({ srcIp: r.address, srcPort: r.port, dstIp: iface.address, dstPort: port, payload: msg }));
      sockets.push(send);
    }
  } catch (err) {
    close();
    throw err;
  }
  const sendSocket = sockets.filter((x): x is Socket => Boolean(x)).at(-1);
  return {
    mode: use,
    close,
    async send(payload, to, from = {}) {
      if (capture && to.mac) {
        const srcMac = from.mac ?? iface.mac;
        if (!srcMac) throw new Error(`interface ${iface.name} has no MAC address to send from`);
        capture.send(udpFrame({ srcMac, dstMac: to.mac, srcIp: from.ip ?? (iface.address || '0.0.0.0'), dstIp: to.ip, srcPort: port, dstPort: to.port }, payload));
        return;
      }
      if (!sendSocket) throw new Error(`no socket on UDP ${port} to send from`);
      await new Promise<void>((resolve, reject) => sendSocket.send(payload, to.port, to.ip, (err) => (err ? reject(err) : resolve())));
    },
  };
}

export { BROADCAST_MAC };
