/**
 * The FTP commands that prepare or stop the data connection: PASV (RFC 959 §4.1.2, IPv4 only),
 * EPSV and EPSV ALL (RFC 2428 §3-4), PORT (RFC 959 §4.1.2), EPRT (RFC 2428 §2) and ABOR
 * (RFC 959 §4.1.3).
 */
import { isIPv4 } from 'node:net';
import { normalizeAddress } from '../http-server';
import type { CommandHost } from './command-context';
import type { CommandSpec } from './control';
import { DataChannel, parseEprt, parsePort } from './data-channel';
import { dropChannel } from './ftp-paths';
import type { FtpServerOptions } from './options';
import { reply, type Session } from './session';

/** PASV (227 `h1,h2,h3,h4,p1,p2`) and EPSV (229 `(|||port|)`): open a passive data port. */
async function passive(host: CommandHost, s: Session, arg: string, extended: boolean): Promise<void> {
  const opts = host.options()!;
  if (!extended && s.epsvAll) return reply(s, 503, 'EPSV ALL was sent: use EPSV');
  const local = normalizeAddress(s.socket.localAddress ?? '');
  if (extended && arg) {
    if (arg.toUpperCase() === 'ALL') {
      s.epsvAll = true;
      return reply(s, 200, 'EPSV ALL ok');
    }
    const family = isIPv4(local) ? '1' : '2';
    if (arg !== '1' && arg !== '2') return reply(s, 501, 'EPSV takes 1 (IPv4), 2 (IPv6) or ALL');
    if (arg !== family) return reply(s, 522, `Network protocol not supported, use (${family})`);
  }
  dropChannel(s);
  const address = extended ? local : pasvAddress(s, opts, local);
  if (!address) return reply(s, 425, 'PASV works over IPv4 only: use EPSV');
  let opened: { channel: DataChannel; port: number };
  try {
    opened = await DataChannel.passive(local, s.client, opts.pasvMin, opts.pasvMax);
  } catch (err) {
    host.logger.warn(`FTP passive port could not be opened: ${(err as Error).message}`);
    return reply(s, 425, `Cannot enter passive mode: ${(err as Error).message}`);
  }
  if (s.closed) return opened.channel.close();
  s.channel = opened.channel;
  const p = opened.port;
  if (extended) return reply(s, 229, `Entering Extended Passive Mode (|||${p}|)`);
  await reply(s, 227, `Entering Passive Mode (${address.split('.').join(',')},${p >> 8},${p & 255})`);
}

/**
 * The IPv4 address for a PASV reply: `pasvUrl` (e.g. the address behind NAT) for remote clients;
 * the address the client connected to when bound to every interface or for loopback clients;
 * else the bound address. Undefined on an IPv6 connection.
 */
function pasvAddress(s: Session, opts: FtpServerOptions, local: string): string | undefined {
  let address: string;
  if (opts.pasvUrl && !isLoopback(s.client)) address = opts.pasvUrl;
  else if (isWildcard(opts.bind) || isLoopback(s.client)) address = local;
  else address = normalizeAddress(opts.bind);
  return isIPv4(address) ? address : undefined;
}

/**
 * PORT and EPRT: the client's data address and port for the next transfer (active mode). Only the
 * client's own address and ports from 1024 up are accepted: a server connecting elsewhere on a
 * client's word is the "bounce attack" (RFC 2577 §3).
 */
async function active(_host: CommandHost, s: Session, arg: string, extended: boolean): Promise<void> {
  if (s.epsvAll) return reply(s, 503, 'EPSV ALL was sent: use EPSV');
  const target = extended ? parseEprt(arg) : parsePort(arg);
  if (!target) return reply(s, 501, extended ? 'Syntax error in EPRT: expected |1|IPv4|port| or |2|IPv6|port|' : 'Syntax error in PORT: expected h1,h2,h3,h4,p1,p2');
  if (normalizeAddress(target.host) !== s.client || target.port < 1024) {
    return reply(s, 504, `${extended ? 'EPRT' : 'PORT'} must name your own address (${s.client}) and a port from 1024 up`);
  }
  dropChannel(s);
  s.channel = DataChannel.active(target.host, target.port, normalizeAddress(s.socket.localAddress ?? ''));
  await reply(s, 200, `${extended ? 'EPRT' : 'PORT'} command successful`);
}

/** ABOR: 226 after the transfer it aborted answered 426 (see command-reader.ts); 225 when none ran. */
async function abor(_host: CommandHost, s: Session): Promise<void> {
  dropChannel(s);
  if (s.aborted) {
    s.aborted = false;
    return reply(s, 226, 'Abort successful');
  }
  await reply(s, 225, 'No transfer in progress');
}

/** True for a bind address meaning every interface (`''`, `0.0.0.0`, `::`). */
function isWildcard(bind: string): boolean {
  return bind === '' || bind === '0.0.0.0' || bind === '::' || bind === '::0';
}

/** True for a loopback address (`::1`, `127.x.x.x`; IPv4-mapped forms are normalised first). */
function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** The data connection commands, by verb. */
export const DATA_COMMANDS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ['PASV', { run: (h, s, a) => passive(h, s, a, false) }],
  ['EPSV', { run: (h, s, a) => passive(h, s, a, true) }],
  ['PORT', { run: (h, s, a) => active(h, s, a, false) }],
  ['EPRT', { run: (h, s, a) => active(h, s, a, true) }],
  ['ABOR', { run: abor }],
]);
