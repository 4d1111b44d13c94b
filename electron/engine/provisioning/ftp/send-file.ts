/**
 * RETR of a file on disk without ftp-srv's data loop (FTP transfer performance).
 * ftp-srv 4.6.3 quirk: its RETR pauses the stream on every chunk and resumes it only from the
 * socket's write callback, so reading and sending never overlap (a 32 MiB RETR ran at about half
 * of vsftpd's rate on loopback). Here the file goes through {@link pumpFile}: the next chunk is read
 * while the previous one is sent, from chunks shared with other transfers of the same file (bounded
 * memory, no allocation per chunk).
 * The replies and what is recorded are those of the ftp-srv path: 150, data, data connection closed
 * first (like vsftpd, so clients see EOF before 226), then 226; a data connection that breaks is
 * logged as 426 with `ctx.broken`; no data connection within 5 s answers 425. REST is honoured.
 * Files with their own reader (firmware repository) and rendered configurations keep ftp-srv's path.
 */
import type { Socket } from 'node:net';
import { pumpFile } from '../file-pump';
import type { ResolvedFile } from '../resolver';
import type { FtpCommandContext } from './command-context';
import type { Session } from './session';

/** How long to wait for the client to open the data connection, ms (ftp-srv's default too). */
const DATA_CONNECTION_TIMEOUT_MS = 5000;

/**
 * Whether {@link sendFile} can serve this file (a plain file on disk).
 * @param file the resolved RETR target
 */
export function canSendFile(file: ResolvedFile): file is Extract<ResolvedFile, { path: string }> {
  return file.source !== 'rendered' && !file.open;
}

/**
 * Send a file over the session's data connection and answer on the control connection.
 * @param s the session (its connector must be set up: PASV, EPSV or PORT)
 * @param file the file (see {@link canSendFile})
 * @param clientPath the path as shown in the 226 reply
 * @param ctx the RETR's context: bytesSent, broken, error
 * @returns when the command is answered; never rejects for client-side failures
 */
export async function sendFile(s: Session, file: Extract<ResolvedFile, { path: string }>, clientPath: string, ctx: FtpCommandContext): Promise<void> {
  const c = s.connection;
  const socket = await dataSocket(s);
  if (!socket) {
    c.connector.end();
    await c.reply(425, 'No data connection established');
    return;
  }
  c.commandSocket.pause();
  const start = Math.max(0, Math.floor(c.restByteCount ?? 0));
  c.restByteCount = 0;
  try {
    await c.reply(150);
    socket.setNoDelay(true); // the file's last, short segment leaves at once (no wait for an ACK)
    socket.resume();
    if (start < file.size) await pumpFile(file.path, start, file.size - 1, socket, (n) => (ctx.bytesSent += n));
    await new Promise<void>((resolve) => socket.end(resolve));
    await c.reply(226, clientPath);
  } catch (err) {
    const gone = socket.destroyed || /closed the connection|EPIPE|ECONNRESET/.test((err as Error).message);
    if (gone) ctx.broken ??= 'the client closed the data connection before the end of the file';
    else ctx.error ??= `read failed: ${(err as Error).message}`;
    socket.destroy();
    if (!s.closed) await Promise.resolve(c.reply(gone ? 426 : 451, gone ? 'Connection closed; transfer aborted' : 'Requested action aborted: local error')).catch(() => {});
  } finally {
    c.connector.end();
    c.commandSocket.resume();
  }
}

/** The connected data socket, waiting for the client to open it (passive) at most 5 s. */
async function dataSocket(s: Session): Promise<Socket | undefined> {
  const end = Date.now() + DATA_CONNECTION_TIMEOUT_MS;
  for (;;) {
    const sock = s.connection.connector.socket;
    if (sock?.connected && !sock.destroyed) return sock;
    if (Date.now() > end || s.closed || !s.connection.connector.type) return undefined;
    await new Promise((r) => setTimeout(r, 5));
  }
}
