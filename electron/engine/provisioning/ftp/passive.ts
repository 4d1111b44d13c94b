/**
 * Passive mode: PASV (RFC 959 §4.1.2, IPv4 only) and EPSV (RFC 2428 §3), answered here with
 * ftp-srv's PassiveConnector. ftp-srv quirks: `pasv_url` cannot depend on the connection (needed
 * when bound to 0.0.0.0), a failed passive `listen` never settles, and a data connection with no
 * peer address throws inside a `connection` handler (crash).
 */
import { isIPv4, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from '../../logger';
import { normalizeAddress } from '../http-server';
import { PassiveConnector, type FtpSrvConnection } from './ftp-srv-types';
import type { FtpServerOptions } from './options';

/** How long a passive data port may take to open, ms. */
const PASV_SETUP_TIMEOUT = 5000;

/**
 * Answer PASV (227) or EPSV (229) with ftp-srv's PassiveConnector; the PASV address depends on the
 * connection (see {@link pasvAddress}). Replies 425 when no data port opens within 5 s, or to PASV
 * on a connection without an IPv4 address.
 * @param c the control connection (its connector is replaced)
 * @param extended true for EPSV
 * @param opts the server's options (bind, pasvUrl)
 * @param logger where refused data connections are noted
 */
export async function enterPassive(c: FtpSrvConnection, extended: boolean, opts: FtpServerOptions, logger: Logger): Promise<void> {
  // ftp-srv quirk: a second PASV leaves the first data port listening until its 30 s timeout.
  c.connector.end();
  const Passive = PassiveConnector();
  const connector = new Passive(c);
  c.connector = connector;
  let server: Server;
  try {
    server = await withTimeout(Promise.resolve(connector.setupServer()), PASV_SETUP_TIMEOUT, 'no passive data port could be opened in time');
  } catch (err) {
    connector.end();
    await c.reply(425, `Cannot enter passive mode: ${(err as Error).message}`);
    return;
  }
  guardDataServer(server, logger);
  const port = (server.address() as AddressInfo).port;
  if (extended) {
    await c.reply(229, `Entering Extended Passive Mode (|||${port}|)`);
    return;
  }
  const address = pasvAddress(c, opts);
  if (!address) {
    connector.end();
    await c.reply(425, 'PASV works over IPv4 only: use EPSV');
    return;
  }
  await c.reply(227, `Entering Passive Mode (${address.split('.').join(',')},${port >> 8},${port & 255})`);
}

/** The IPv4 address for a PASV reply, or undefined when there is none (IPv6-only connection). */
function pasvAddress(c: FtpSrvConnection, opts: FtpServerOptions): string | undefined {
  const local = normalizeAddress(c.commandSocket.localAddress);
  const remote = normalizeAddress(c.ip);
  let address: string;
  if (opts.pasvUrl && !isLoopback(remote)) address = opts.pasvUrl;
  else if (isWildcard(opts.bind) || isLoopback(remote)) address = local;
  else address = normalizeAddress(opts.bind);
  return isIPv4(address) ? address : undefined;
}

/**
 * ftp-srv quirk: its passive `connection` handler compares addresses with neoip's isEqual, which
 * throws (uncaught, in an event handler) when the socket has no peer address (reset at once).
 */
function guardDataServer(server: Server, logger: Logger): void {
  const handlers = server.listeners('connection') as Array<(sock: Socket) => void>;
  server.removeAllListeners('connection');
  server.on('connection', (sock: Socket) => {
    sock.on('error', () => {});
    if (!sock.remoteAddress) {
      sock.destroy();
      return;
    }
    try {
      for (const h of handlers) h.call(server, sock);
    } catch (err) {
      logger.debug(`passive data connection refused: ${(err as Error).message}`);
      sock.destroy();
    }
  });
}

/** True for a bind address meaning every interface (`''`, `0.0.0.0`, `::`). */
function isWildcard(bind: string): boolean {
  return bind === '' || bind === '0.0.0.0' || bind === '::' || bind === '::0';
}

/** True for a loopback address (`::1`, `127.x.x.x`; IPv4-mapped forms are normalised first). */
function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** `p`, rejected with `message` when it has not settled after `ms` milliseconds. */
function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
