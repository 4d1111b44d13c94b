/**
 * UDP sockets on the DHCP ports (67 server, 68 client): shared with other listeners (SO_REUSEADDR,
 * so a sniffer, a probe and a bench server can run together), broadcast allowed, bind errors
 * explained (ports below 1024 need admin rights; another DHCP client or server may hold the port).
 */
import { createSocket, type Socket } from 'node:dgram';
import { platform } from 'node:os';

/** A DHCP port that could not be opened, with the fix for this OS. */
export class DhcpPortError extends Error {
  constructor(
    readonly code: string,
    readonly port: number,
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'DhcpPortError';
  }
}

function explain(err: NodeJS.ErrnoException, port: number): DhcpPortError {
  const code = err.code ?? 'EUNKNOWN';
  if (code === 'EACCES' || code === 'EPERM') {
    const fix =
      platform() === 'win32'
        ? 'run ProvKit as administrator and allow it through Windows Firewall'
        : `run as root, or allow low ports: sudo sysctl net.ipv4.ip_unprivileged_port_start=${port} (Linux) — or give node the capability: sudo setcap cap_net_bind_service,cap_net_raw=eip "$(readlink -f "$(command -v node)")"`;
    return new DhcpPortError(code, port, `no permission to open UDP port ${port}`, fix);
  }
  if (code === 'EADDRINUSE') return new DhcpPortError(code, port, `UDP port ${port} is held by another program`, `stop the other DHCP ${port === 67 ? 'server' : 'client'} on this computer, or let it share the port (it must set SO_REUSEADDR)`);
  return new DhcpPortError(code, port, `cannot open UDP port ${port}: ${err.message}`, 'check the interface and try again');
}

/**
 * Open a UDP socket on a DHCP port, broadcast on.
 * @param address local address: `0.0.0.0` receives broadcasts; an interface's own address makes
 *   sends to 255.255.255.255 leave through that interface (Linux picks the device of the source)
 * @throws DhcpPortError with the fix when the port cannot be bound
 */
export function bindDhcpSocket(port: 67 | 68, address = '0.0.0.0'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket({ type: 'udp4', reuseAddr: true });
    const onError = (err: NodeJS.ErrnoException) => {
      sock.close();
      reject(explain(err, port));
    };
    sock.once('error', onError);
    sock.bind({ port, address, exclusive: false }, () => {
      sock.off('error', onError);
      sock.setBroadcast(true);
      // Later errors (ICMP unreachable after a send) carry no packet: sends report their own errors.
      sock.on('error', () => {});
      resolve(sock);
    });
  });
}
