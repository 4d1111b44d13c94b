/**
 * Moving data over the data connection (RFC 959 §3.2-3.3): the 150 / 226 framing around a
 * transfer, sending a file (RETR, from a REST offset: RFC 3659 §5), receiving an upload (STOR),
 * and what a transfer that breaks answers (426) and records.
 * The data connection is closed before 226 is sent (like vsftpd), so clients see the end of the
 * data before the reply; stream mode marks the end of a file by closing it (RFC 959 §3.4.1).
 */
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { pumpFile } from '../file-pump';
import type { ProvisioningResolver, ResolvedFile } from '../resolver';
import type { FtpCommandContext } from './command-context';
import { reply, type Session } from './session';

type OpenUpload = Awaited<ReturnType<ProvisioningResolver['uploads']['open']>>;

/** The data connection ended before the end of the data (client gone, reset, ABOR). */
class BrokenTransfer extends Error {}

/**
 * Run one transfer over the data connection prepared by PASV/EPSV/PORT/EPRT: open it (425 when it
 * does not come), reply 150, run `body`, close it, reply 226. A data connection that breaks is
 * answered 426 (`ctx.broken` says why); a status set by the body (`ctx.statusOverride`: 552, 451)
 * is answered as such; any other failure 451. ABOR during the transfer destroys the data connection.
 * The caller has checked that `s.channel` is set; it is used up either way.
 * @param s the session
 * @param ctx the transfer command's context
 * @param opening the text of the 150 reply
 * @param body moves the data; throws when it cannot finish
 * @returns when the final reply is sent; never rejects for client-side failures
 */
export async function withDataConnection(s: Session, ctx: FtpCommandContext, opening: string, body: (sock: Socket) => Promise<void>): Promise<void> {
  const channel = s.channel!;
  s.channel = undefined;
  const sock = await channel.open();
  if (!sock || s.closed) {
    channel.close();
    ctx.error ??= 'the client did not open the data connection';
    await reply(s, 425, 'Cannot open data connection');
    return;
  }
  let aborted = false;
  s.abortTransfer = () => {
    aborted = true;
    s.aborted = true;
    sock.destroy();
  };
  sock.on('error', (err) => (ctx.broken ??= `the data connection failed: ${err.message}`));
  // Read (and drop) what a downloading client sends, so its closing the connection is seen at once.
  if (ctx.directive !== 'STOR') {
    sock.resume();
    sock.setNoDelay(true); // the last, short segment of the data leaves at once (no wait for an ACK)
  }
  try {
    await reply(s, 150, opening);
    await body(sock);
    if (ctx.directive === 'STOR') sock.destroy(); // the client ended it: that was the end of the upload
    else await endSocket(sock);
    await reply(s, 226, `Transfer complete: ${ctx.path ?? '/'}`);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const gone = aborted || err instanceof BrokenTransfer || ['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED'].includes(e.code ?? '') || /closed the connection/.test(e.message);
    if (aborted) ctx.broken ??= 'the client aborted the transfer (ABOR)';
    else if (gone) ctx.broken ??= `the client closed the data connection before the end of the ${ctx.directive === 'STOR' ? 'upload' : 'data'}`;
    else ctx.error ??= e.message;
    sock.destroy();
    if (ctx.statusOverride && !aborted) await reply(s, ctx.statusOverride, ctx.error ?? 'Transfer failed');
    else if (gone) await reply(s, 426, 'Connection closed; transfer aborted');
    else await reply(s, 451, 'Requested action aborted: local error');
  } finally {
    s.abortTransfer = undefined;
    channel.close();
  }
}

/**
 * Send a resolved file from byte `start` on: a file on disk through {@link pumpFile} (reads ahead
 * while sending, shared chunks), anything else (rendered configuration, firmware with its own
 * reader) as a stream. `ctx.bytesSent` counts what the socket took.
 * @throws the read error, or the write error when the client is gone
 */
export async function sendFile(resolver: ProvisioningResolver, file: ResolvedFile, start: number, sock: Socket, ctx: FtpCommandContext): Promise<void> {
  if (start >= file.size) return;
  if (file.source !== 'rendered' && !file.open) {
    await pumpFile(file.path, start, file.size - 1, sock, (n) => (ctx.bytesSent += n));
    return;
  }
  const src = resolver.open(file, start);
  ctx.streams.push(src);
  await sendStream(src, sock, ctx);
}

/**
 * Send bytes (a listing) and count them.
 * @throws the write error when the client is gone
 */
export async function sendBytes(data: Buffer, sock: Socket, ctx: FtpCommandContext): Promise<void> {
  if (!data.length) return;
  await writeChunk(sock, data);
  ctx.bytesSent += data.length;
}

/**
 * Receive an upload into the UploadStore: commit only after a clean end of the data connection
 * (the client closed it after the last byte); anything else removes the partial file.
 * @param max largest upload accepted, bytes; more sets `ctx.statusOverride` 552 and fails
 * @throws BrokenTransfer / the socket error when the data connection breaks; an Error with
 *   `ctx.statusOverride` set for an over-size upload (552) or a store failure (451)
 */
export async function receiveUpload(up: OpenUpload, max: number, sock: Socket, ctx: FtpCommandContext): Promise<void> {
  try {
    for await (const chunk of sock as AsyncIterable<Buffer>) {
      ctx.bytesReceived += chunk.length;
      if (ctx.bytesReceived > max) {
        ctx.statusOverride = 552;
        ctx.error = `upload is over the ${max}-byte limit`;
        throw new Error(ctx.error);
      }
      if (!up.stream.write(chunk)) await drained(up.stream);
    }
  } catch (err) {
    await up.abort().catch(() => {});
    throw err;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      up.stream.once('error', reject);
      up.stream.once('close', () => resolve());
      up.stream.end();
    });
    await up.commit();
  } catch (err) {
    await up.abort().catch(() => {});
    ctx.statusOverride = 451;
    ctx.error = `could not store the upload: ${(err as Error).message}`;
    throw err;
  }
}

/** Send a readable's chunks with backpressure, counting them. */
async function sendStream(src: Readable, sock: Socket, ctx: FtpCommandContext): Promise<void> {
  for await (const chunk of src as AsyncIterable<Buffer>) {
    await writeChunk(sock, chunk);
    ctx.bytesSent += chunk.length;
  }
}

/** Write one chunk; resolves once the socket can take more, rejects when it closes first. */
function writeChunk(sock: Socket, data: Buffer): Promise<void> {
  if (sock.destroyed) return Promise.reject(new BrokenTransfer('the client closed the connection'));
  return sock.write(data) ? Promise.resolve() : drained(sock);
}

/** Resolves on 'drain', rejects when the stream closes or fails first. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', done);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new BrokenTransfer('the client closed the connection'));
    stream.once('drain', onDrain);
    stream.once('close', onClose);
    stream.once('error', done);
  });
}

/** End the data connection (stream mode: closing it ends the file) once everything is written. */
function endSocket(sock: Socket): Promise<void> {
  if (sock.destroyed) return Promise.reject(new BrokenTransfer('the client closed the connection'));
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new BrokenTransfer('the client closed the connection'));
    sock.once('close', onClose);
    sock.end(() => {
      sock.off('close', onClose);
      resolve();
    });
  });
}
