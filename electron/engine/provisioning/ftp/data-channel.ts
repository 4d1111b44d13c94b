/**
 * The data connection of one FTP transfer. Passive: the server listens on a port of the configured
 * range and the client connects (PASV, RFC 959 §4.1.2; EPSV, RFC 2428 §3). Active: the server
 * connects to the address the client named (PORT, RFC 959 §4.1.2; EPRT, RFC 2428 §2).
 * Only the control connection's own peer may use it, either way: a passive port accepts no other
 * address, and PORT/EPRT to another host is refused, which closes the "FTP bounce" hole
 * (RFC 2577 §3). A passive port is picked at random in the range (RFC 2577 §8, port stealing).
 * docs/sources.md, "FTP".
 */
import { connect, createServer, isIPv4, isIPv6, type AddressInfo, type Server, type Socket } from 'node:net';
import { normalizeAddress } from '../http-server';

/** How long the client may take to open a passive data connection, or an active one to connect, ms. */
export const DATA_CONNECTION_TIMEOUT_MS = 5000;
/** How long a released channel still ends connections gently before closing, ms. */
const RELEASE_GRACE_MS = 1000;
/** Ports of the passive range tried before giving up (each one busy). */
const MAX_PORT_TRIES = 200;

/** One prepared data connection, used by the next transfer command and then closed. */
export class DataChannel {
  private socket: Socket | undefined;
  private waiters: Array<(s: Socket | undefined) => void> = [];
  private closed = false;

  private constructor(
    private readonly server: Server | undefined,
    private readonly target: { host: string; port: number; localAddress: string } | undefined,
  ) {}

  /**
   * Open a passive data port (PASV/EPSV) on the control connection's local address.
   * @param localAddress the control connection's local address (the port listens there)
   * @param peer the control connection's normalised peer address (the only one accepted)
   * @param min first port of the range, max last (inclusive); 0-0 = any free port
   * @returns the channel and its port
   * @throws the listen error when no port of the range can be opened
   */
  static async passive(localAddress: string, peer: string, min: number, max: number): Promise<{ channel: DataChannel; port: number }> {
    const span = min === 0 && max === 0 ? 1 : max - min + 1;
    const first = min === 0 && max === 0 ? 0 : min + Math.floor(Math.random() * span);
    let lastErr: Error | undefined;
    for (let i = 0; i < Math.min(span, MAX_PORT_TRIES); i++) {
      const port = first === 0 ? 0 : min + ((first - min + i) % span);
      const server = createServer({ pauseOnConnect: true });
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port, host: localAddress, exclusive: true }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        lastErr = err as Error;
        server.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
        throw err;
      }
      const channel = new DataChannel(server, undefined);
      server.on('error', () => channel.close());
      server.on('connection', (sock: Socket) => channel.accept(sock, peer));
      return { channel, port: (server.address() as AddressInfo).port };
    }
    throw lastErr ?? new Error('no passive port is free');
  }

  /**
   * An active data connection (PORT/EPRT), opened when the transfer starts.
   * @param host the client's data address, port its data port
   * @param localAddress the control connection's local address (the connection leaves from there)
   */
  static active(host: string, port: number, localAddress: string): DataChannel {
    return new DataChannel(undefined, { host, port, localAddress });
  }

  /**
   * The connected data socket: the client's passive connection (waited for), or the active one
   * (connected now). Paused; the caller resumes it.
   * @returns the socket, or undefined when none came within {@link DATA_CONNECTION_TIMEOUT_MS} or
   *   the channel was closed
   */
  async open(): Promise<Socket | undefined> {
    if (this.closed) return undefined;
    if (this.socket) return this.socket;
    if (this.target) return this.connectActive(this.target);
    return new Promise((resolve) => {
      const t = setTimeout(() => done(undefined), DATA_CONNECTION_TIMEOUT_MS);
      const done = (s: Socket | undefined) => {
        clearTimeout(t);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(s);
      };
      this.waiters.push(done);
    });
  }

  /**
   * Give the channel up without a transfer (the command was refused, or PASV/PORT came again):
   * closed gently, so a client that has already connected sees the end of the connection rather
   * than a reset (a reset can reach it before the refusal on the control connection). A connection
   * still arriving in the next second is accepted and ended too, then the port closes.
   */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.slice()) w(undefined);
    const sock = this.socket;
    if (sock) {
      sock.end();
      setTimeout(() => sock.destroy(), RELEASE_GRACE_MS).unref();
    }
    const server = this.server;
    if (server?.listening) {
      server.removeAllListeners('connection');
      server.on('connection', (late: Socket) => {
        late.on('error', () => {});
        late.end();
        setTimeout(() => late.destroy(), RELEASE_GRACE_MS).unref();
      });
      setTimeout(() => server.close(), RELEASE_GRACE_MS).unref();
    }
  }

  /** Close the port and the data connection at once (idempotent). */
  close(): void {
    if (this.closed) {
      if (this.server?.listening) this.server.close();
      return;
    }
    this.closed = true;
    this.server?.close();
    this.socket?.destroy();
    for (const w of this.waiters.slice()) w(undefined);
  }

  private accept(sock: Socket, peer: string): void {
    sock.on('error', () => {});
    if (this.closed || this.socket || normalizeAddress(sock.remoteAddress ?? '') !== peer) {
      sock.destroy(); // another host (or a second connection) on this port: never ours to serve
      return;
    }
    this.socket = sock;
    this.server?.close();
    for (const w of this.waiters.slice()) w(sock);
  }

  private connectActive(t: { host: string; port: number; localAddress: string }): Promise<Socket | undefined> {
    return new Promise((resolve) => {
      const sock = connect({ host: t.host, port: t.port, localAddress: t.localAddress });
      const timer = setTimeout(() => finish(false), DATA_CONNECTION_TIMEOUT_MS);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        sock.off('connect', onConnect);
        if (!ok || this.closed) {
          sock.destroy();
          resolve(undefined);
          return;
        }
        sock.pause();
        this.socket = sock;
        resolve(sock);
      };
      const onConnect = () => finish(true);
      sock.once('connect', onConnect);
      sock.on('error', () => finish(false));
    });
  }
}

/**
 * Parse a PORT argument `h1,h2,h3,h4,p1,p2` (RFC 959 §4.1.2).
 * @returns the IPv4 address and port, or undefined when malformed (numbers over 255, port 0)
 */
export function parsePort(arg: string): { host: string; port: number } | undefined {
  if (!/^\d{1,3}(,\d{1,3}){5}$/.test(arg)) return undefined;
  const n = arg.split(',').map(Number);
  if (n.some((x) => x > 255)) return undefined;
  const port = n[4]! * 256 + n[5]!;
  return port > 0 ? { host: n.slice(0, 4).join('.'), port } : undefined;
}

/**
 * Parse an EPRT argument `|1|IPv4|port|` or `|2|IPv6|port|` (RFC 2428 §2; any delimiter in the
 * printable range 33-126 as the RFC allows).
 * @returns the address and port, or undefined when malformed (bad family, address or port)
 */
export function parseEprt(arg: string): { host: string; port: number } | undefined {
  const d = arg[0];
  if (!d || d.charCodeAt(0) < 33 || d.charCodeAt(0) > 126) return undefined;
  const parts = arg.split(d);
  if (parts.length !== 5 || parts[0] !== '' || parts[4] !== '') return undefined;
  const [, family, host, portText] = parts as [string, string, string, string, string];
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port < 1 || port > 65535) return undefined;
  if (family === '1' ? !isIPv4(host) : family === '2' ? !isIPv6(host) : true) return undefined;
  return { host, port };
}
