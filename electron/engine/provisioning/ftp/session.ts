/**
 * Per-connection state of the FTP server.
 */
import type { OpenAccount } from '../accounts';
import { normalizeAddress } from '../http-server';
import type { FtpCommandContext } from './command-context';
import type { ProvisioningFtpFileSystem } from './file-system';
import type { FtpSrvConnection } from './ftp-srv-types';

/** Per-connection state. */
export interface Session {
  connection: FtpSrvConnection;
  client: string;
  fs?: ProvisioningFtpFileSystem;
  queue: Promise<void>;
  queued: number;
  buffer: Buffer;
  ctx?: FtpCommandContext;
  failedLogins: number;
  loginError?: string;
  /** The provisioning account this connection logged in with (guard.ts), if any. */
  account?: OpenAccount;
  closed: boolean;
  /** Last not-found request logged, so SIZE + MDTM + RETR of one missing file log once. */
  lastMissing?: { path: string; time: number };
  /** The connection's last commands with their reply codes (`USER PlcmSpIp → 331`), for the log. */
  commands: string[];
}

/** Commands kept per connection for the request log's detail. */
export const SESSION_COMMANDS_KEPT = 20;

/**
 * Note a finished command in the session's history (`PASS` arguments never kept).
 * @param s the connection's session
 * @param directive the command (`RETR`)
 * @param arg its argument, if any
 * @param code the reply code sent (0 = none)
 */
export function noteCommand(s: Session, directive: string, arg: string | undefined | null, code: number): void {
  const shown = directive === 'PASS' ? 'PASS ***' : arg ? `${directive} ${arg.length > 200 ? `${arg.slice(0, 200)}…` : arg}` : directive;
  s.commands.push(code ? `${shown} → ${code}` : shown);
  if (s.commands.length > SESSION_COMMANDS_KEPT) s.commands.splice(0, s.commands.length - SESSION_COMMANDS_KEPT);
}

/**
 * The state of a connection that has just been accepted.
 * @param connection the ftp-srv connection
 * @returns a session: not logged in, nothing buffered or queued, client = normalised peer address
 */
export function newSession(connection: FtpSrvConnection): Session {
  return {
    connection,
    client: normalizeAddress(connection.ip),
    queue: Promise.resolve(),
    queued: 0,
    buffer: Buffer.alloc(0),
    failedLogins: 0,
    closed: false,
    commands: [],
  };
}
