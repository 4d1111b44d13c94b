/**
 * Which handler runs each FTP command: ours (passive mode, transfers, refusals of writes) or
 * ftp-srv's, guarded. ftp-srv quirks handled here: STOU falls back to STOR of the given name, ABOR
 * waits 5 s when no data connection exists, FEAT advertises AUTH TLS without TLS, USER after a
 * failed PASS answers "Username already set", PORT/EPRT arguments are not checked.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { CommandHost, FtpCommandContext } from './command-context';
import { listing, meta, retr, stor } from './file-commands';
import { displayPath } from './ftp-paths';
import type { FtpSrvCommand } from './ftp-srv-types';
import { passCommand } from './login';
import { READ_ONLY_MESSAGE } from './options';
import { enterPassive } from './passive';
import type { Session } from './session';

const FEATURES = ['EPSV', 'MDTM', 'PASV', 'REST STREAM', 'SIZE', 'TYPE A;I', 'UTF8'];

/**
 * Run one parsed command on its connection. Before login only FEAT, USER and PASS are ours; every
 * other command goes to ftp-srv, which answers 530 where a login is needed.
 * @param host the server running the command
 * @param s the connection's session
 * @param command the parsed command line
 * @param ctx the command's context, filled in for the request log
 * @throws what ftp-srv's handler or a reply throws (the caller answers and logs it)
 */
export async function dispatchCommand(host: CommandHost, s: Session, command: FtpSrvCommand, ctx: FtpCommandContext): Promise<void> {
  const c = s.connection;
  const d = command.directive;
  const original = async () => {
    await c.commands.handle(command);
  };
  switch (d) {
    case 'FEAT':
      // ftp-srv quirk: its FEAT lists AUTH TLS, PBSZ and PROT even without TLS.
      await c.reply(211, 'Extensions supported', ...FEATURES.map((f) => ({ message: ` ${f}`, raw: true })), 'End');
      return;
    case 'USER':
      // ftp-srv quirk: after a failed PASS it answers "Username already set" to a new USER.
      if (!c.authenticated) delete c.username;
      return original();
    case 'PASS':
      return passCommand(s, ctx, original);
  }
  if (!c.authenticated) return original(); // ftp-srv answers 530 for commands that need a login

  switch (d) {
    case 'PASV':
    case 'EPSV':
      return enterPassive(c, d === 'EPSV', host.options()!, host.logger);
    case 'PORT':
      if (!validPort(command.arg)) {
        await c.reply(501, 'Syntax error in PORT: expected h1,h2,h3,h4,p1,p2');
        return;
      }
      return original();
    case 'EPRT':
      if (!validEprt(command.arg)) {
        await c.reply(501, 'Syntax error in EPRT: expected |1|IPv4|port| or |2|IPv6|port|');
        return;
      }
      return original();
    case 'ABOR': {
      // ftp-srv quirk: ABOR polls 5 s for a data connection when none exists.
      const sock = c.connector.socket;
      if (sock && sock.connected) return original();
      c.connector.end();
      await c.reply(225, 'No transfer in progress');
      return;
    }
    case 'RETR':
      return retr(host, s, command, ctx, original);
    case 'STOR':
      return stor(host, s, command, ctx, original);
    case 'APPE':
    case 'STOU':
      ctx.record = true;
      ctx.refused = true;
      ctx.path = displayPath(s.fs?.cwd ?? '', command.arg ?? '');
      ctx.error = d === 'APPE' ? 'Appending (APPE) is not supported: send the whole file with STOR' : 'STOU is not supported: uploads must use the phone file name';
      c.connector.end();
      await c.reply(550, ctx.error);
      return;
    case 'DELE':
    case 'RMD':
    case 'XRMD':
    case 'MKD':
    case 'XMKD':
    case 'RNFR':
    case 'RNTO':
    case 'SITE':
      ctx.record = true;
      ctx.refused = true;
      ctx.path = displayPath(s.fs?.cwd ?? '', d === 'SITE' ? (command.arg ?? '').split(' ').slice(-1)[0]! : (command.arg ?? ''));
      ctx.error = READ_ONLY_MESSAGE;
      await c.reply(550, READ_ONLY_MESSAGE);
      return;
    case 'CWD':
    case 'XCWD':
      if (!command.arg) {
        await c.reply(501, 'CWD needs a directory name');
        return;
      }
      return original();
    case 'LIST':
    case 'NLST':
      return listing(host, s, command, ctx, original);
    case 'SIZE':
    case 'MDTM':
      return meta(host, s, command, ctx);
    default:
      // CWD, CDUP, PWD, STAT, TYPE, REST, NOOP, QUIT, ...: ftp-srv, through our file system.
      await original();
  }
}

/** PORT argument `h1,h2,h3,h4,p1,p2` (RFC 959 §4.1.2): six numbers 0-255, port not 0. */
function validPort(arg: string | null): boolean {
  if (!arg || !/^\d{1,3}(,\d{1,3}){5}$/.test(arg)) return false;
  const n = arg.split(',').map(Number);
  if (n.some((x) => x > 255)) return false;
  return n[4]! * 256 + n[5]! > 0;
}

/** EPRT argument `|1|IPv4|port|` or `|2|IPv6|port|` (RFC 2428 §2), port 1-65535. */
function validEprt(arg: string | null): boolean {
  const m = /^\|([12])\|([^|]+)\|(\d{1,5})\|$/.exec(arg ?? '');
  if (!m) return false;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return false;
  return m[1] === '1' ? isIPv4(m[2]!) : isIPv6(m[2]!);
}
