/**
 * Per-connection state of the FTP server (one control connection = one session, RFC 959 §5.1),
 * and the writing of replies (RFC 959 §4.2: `ddd text`, multi-line `ddd-first` … `ddd last`).
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { OpenAccount } from '../accounts';
import { normalizeAddress } from '../http-server';
import type { FtpCommandContext } from './command-context';
import type { DataChannel } from './data-channel';

/** Per-connection state. */
export interface Session {
  /** Unique id of the control connection (joins MAC-less requests to the phone in the request log). */
  readonly id: string;
  readonly socket: Socket;
  /** The client's normalised address (`192.0.2.10`). */
  readonly client: string;
  /** Working directory as a clean relative path (`''` = root). */
  cwd: string;
  /** User name given by USER, until PASS. */
  user?: string;
  authenticated: boolean;
  /** The provisioning account this connection logged in with (guard.ts), if any. */
  account?: OpenAccount;
  failedLogins: number;
  /** REST offset for the next RETR, bytes (RFC 3659 §5). */
  rest: number;
  /** `EPSV ALL` was sent: PORT, EPRT and PASV are refused from then on (RFC 2428 §4). */
  epsvAll: boolean;
  /** The data connection prepared by PASV/EPSV/PORT/EPRT for the next transfer. */
  channel?: DataChannel;
  /** The command running now. */
  ctx?: FtpCommandContext;
  /** Aborts the transfer running now (ABOR). */
  abortTransfer?: () => void;
  /** A transfer was aborted by ABOR: the ABOR that follows answers 226 (RFC 959 §4.1.3). */
  aborted: boolean;
  /** Bytes of the control connection not yet split into lines. */
  buffer: Buffer;
  queue: Promise<void>;
  queued: number;
  closed: boolean;
  /** Last not-found request logged, so SIZE + MDTM + RETR of one missing file log once. */
  lastMissing?: { path: string; time: number };
  /** The connection's last commands with their reply codes (`USER PlcmSpIp → 331`), for the log. */
  commands: string[];
}

/** Commands kept per connection for the request log's detail. */
export const SESSION_COMMANDS_KEPT = 20;

/**
 * The state of a control connection that has just been accepted.
 * @param socket the control connection
 * @returns a session: not logged in, at the root, nothing buffered or queued, client = normalised peer address
 */
export function newSession(socket: Socket): Session {
  return {
    id: randomUUID(),
    socket,
    client: normalizeAddress(socket.remoteAddress ?? ''),
    cwd: '',
    authenticated: false,
    failedLogins: 0,
    rest: 0,
    epsvAll: false,
    aborted: false,
    buffer: Buffer.alloc(0),
    queue: Promise.resolve(),
    queued: 0,
    closed: false,
    commands: [],
  };
}

/**
 * Send a reply on the control connection and note its code on the running command (150 = the
 * transfer started). Text with line breaks becomes a multi-line reply (RFC 959 §4.2).
 * @param s the session
 * @param code the 3-digit reply code
 * @param text the reply text (lines separated by `\n`)
 * @returns when the reply is handed to the socket; never rejects (a closed connection is ignored)
 */
export function reply(s: Session, code: number, text: string): Promise<void> {
  const ctx = s.ctx;
  if (ctx) {
    ctx.lastCode = code;
    if (code === 150) ctx.transferStarted = true;
  }
  if (s.closed || s.socket.destroyed) return Promise.resolve();
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/[\r\x00]/g, '').split('\n');
  const last = lines.pop()!;
  const wire = lines.length ? `${code}-${lines.join('\r\n')}\r\n${code} ${last}\r\n` : `${code} ${last}\r\n`;
  return new Promise((resolve) => {
    s.socket.write(wire, () => resolve());
  });
}

/**
 * Reply, then close the control connection (421 idle, too many failed logins, line too long).
 * @param s the session
 * @param code the reply code
 * @param text the reply text
 */
export async function closeWith(s: Session, code: number, text: string): Promise<void> {
  await reply(s, code, text);
  s.socket.end();
  setTimeout(() => s.socket.destroy(), 2000).unref(); // a client that never closes its side
}

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
