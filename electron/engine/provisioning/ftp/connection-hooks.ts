/**
 * What is changed on each accepted ftp-srv connection besides the command reader: the idle
 * timeout, the guard on its data connector, and the capture of reply codes for the request log.
 */
import { TRANSFER_COMMANDS } from './command-context';
import type { FtpSrvConnector } from './ftp-srv-types';
import type { Session } from './session';

/**
 * Idle timeout that never fires during a transfer (ftp-srv quirk: its connection timeout also fires
 * during long transfers). Replaces ftp-srv's `timeout` handling; closes the connection with 421.
 * @param s the connection's session
 * @param idleMs idle time before closing, ms; 0 = never
 */
export function installIdleTimeout(s: Session, idleMs: number): void {
  const connection = s.connection;
  const socket = connection.commandSocket;
  socket.removeAllListeners('timeout');
  if (idleMs > 0) {
    socket.setTimeout(idleMs);
    socket.on('timeout', () => {
      if (s.ctx && TRANSFER_COMMANDS.has(s.ctx.directive) && !s.ctx.finished) socket.setTimeout(idleMs);
      else void connection.close(421, 'Idle timeout: closing the control connection').then(undefined, () => {});
    });
  }
}

/**
 * ftp-srv quirk: a passive connector's end() runs again when its data server emits 'close'
 * (asynchronously) and then resets `connection.connector`, which can wipe out the connector of a
 * newer PASV. Only the current connector (or a new one for this connection) may replace it.
 * @param s the connection's session (`connection.connector` becomes a guarded property)
 */
export function guardConnector(s: Session): void {
  const connection = s.connection;
  let current = connection.connector;
  Object.defineProperty(connection, 'connector', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (next: FtpSrvConnector & { connection?: unknown }) => {
      const origin = next?.connection;
      if (next && next.type === false && origin !== connection && origin !== current) return;
      current = next;
    },
  });
}

/**
 * Capture reply codes (and listing bytes) for the request log by wrapping `connection.reply`.
 * ftp-srv quirk: a RETR that fails mid-way answers 551 and a STOR 550, whatever the cause; such a
 * reply becomes 426 when the data connection broke, or the context's status override.
 * @param s the connection's session (replies are noted on `s.ctx`)
 */
export function captureReplies(s: Session): void {
  const connection = s.connection;
  const reply = connection.reply.bind(connection);
  connection.reply = (options, ...letters) => {
    const ctx = s.ctx;
    if (ctx && typeof options === 'number' && options >= 400 && options !== 425 && (ctx.directive === 'RETR' || ctx.directive === 'STOR') && ctx.transferStarted) {
      options = ctx.broken ? 426 : (ctx.statusOverride ?? options);
    }
    noteReply(s, options, letters);
    return reply(options, ...letters);
  };
}

/** Note a reply on the current command: its code (control connection only; 150 = transfer started) and listing bytes sent on the data connection. */
function noteReply(s: Session, options: number | Record<string, unknown>, letters: unknown[]): void {
  const ctx = s.ctx;
  if (!ctx) return;
  const cmdSocket = s.connection.commandSocket;
  const opt = typeof options === 'number' ? { code: options } : (options ?? {});
  const toData = opt.socket !== undefined && opt.socket !== cmdSocket;
  if (typeof opt.code === 'number' && !toData) {
    ctx.lastCode = opt.code;
    if (opt.code === 150) ctx.transferStarted = true;
  }
  for (const l of letters) {
    if (l && typeof l === 'object') {
      const letter = l as { raw?: boolean; socket?: unknown; message?: unknown };
      if (letter.raw && letter.socket && letter.socket !== cmdSocket) ctx.bytesSent += Buffer.byteLength(String(letter.message ?? '')) + 2;
    }
  }
}
