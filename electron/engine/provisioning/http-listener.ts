/**
 * An HTTP listener as both halves of the provisioning server need it (http-server.ts in the main
 * thread, http-front.ts in its worker): keep-alive, open connections tracked so a stop drops them,
 * a malformed request answered 400 (never a crash), 60 s for a request's headers and 120 s for the
 * whole request (else 408), idle connections kept 65 s, at most as many open connections as the
 * process's open-file limit leaves room for (connection-limits.ts), and listen errors passed on with
 * their `code` (listen-errors.ts explains them). Every connection it closes or refuses on purpose
 * (limit, timeout, malformed request) is logged with the reason and the client's address
 * (connection-notices.ts); one the client closed itself is logged at debug level only. With TLS
 * options the same listener speaks HTTPS (`https.createServer`, the HTTPS provisioning server).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../logger';
import { descriptorBudget, openFileLimit } from './connection-limits';
import { ConnectionNotices } from './connection-notices';
import { normalizeAddress } from './http-common';

/** How long an idle kept-alive connection is kept open, ms. */
export const KEEP_ALIVE_MS = 65_000;
/**
 * Connections the kernel may hold completed for the listener before it accepts them (`listen(2)`
 * backlog; Linux caps it at `net.core.somaxconn`, 4096 by default). Node's 511 overflowed when
 * 5,000 phones connected at once to a busy front: the kernel reset 205 of them (a phone sees
 * ECONNRESET on its first request), and no application hears of it.
 */
export const LISTEN_BACKLOG = 4096;
/** Time allowed for a request's headers (Node's `headersTimeout`), ms. */
export const HEADERS_TIMEOUT_MS = 60_000;
/** Time allowed for a whole request, headers and body (Node's `requestTimeout`), ms. */
export const REQUEST_TIMEOUT_MS = 120_000;

/** Limits of a listener; the defaults are the constants above and {@link maxConnectionsFor}. */
export interface ListenLimits {
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** How often the timeouts above are checked (Node's `connectionsCheckingInterval`; default 30 s), ms. */
  checkIntervalMs?: number;
  /** Open connections at most; null = no limit. */
  maxConnections?: number | null;
}

/** A listening server and its open connections. */
export interface HttpListener {
  server: Server;
  sockets: Set<Socket>;
  /** The bound port. */
  port: number;
  /** What the listener logs when it closes or refuses a connection on purpose. */
  notices: ConnectionNotices;
}

/**
 * Listen on `host`:`port` (0 = ephemeral).
 * @param handle called for every request
 * @param tls certificate, key and TLS policy: listen for HTTPS instead of HTTP
 * @param beforeListen called with the server before it listens (HTTPS: handshake diagnostics)
 * @param limits timeouts and connection limit (tests shorten them)
 * @throws the listen error (EACCES, EADDRINUSE, ...); a TLS error when the certificate or key is unusable
 */
export async function listenHttp(
  host: string,
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  logger: Logger,
  tls?: HttpsServerOptions,
  beforeListen?: (server: Server) => void,
  limits: ListenLimits = {},
): Promise<HttpListener> {
  const headersTimeout = limits.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  const requestTimeout = limits.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const opts = { keepAlive: true, headersTimeout, requestTimeout, ...(limits.checkIntervalMs ? { connectionsCheckingInterval: limits.checkIntervalMs } : {}) };
  const server: Server = tls ? createHttpsServer({ ...tls, ...opts }, handle) : createServer(opts, handle);
  beforeListen?.(server);
  const notices = new ConnectionNotices(logger);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  /** Connections given a 408/400/431 and closed: later errors on them are their consequence. */
  const answered = new WeakSet<Socket>();
  server.on('clientError', (err: NodeJS.ErrnoException, duplex) => {
    const socket = duplex as Socket; // a net.Socket (or a TLSSocket) for HTTP/1.1
    const client = normalizeAddress(socket.remoteAddress);
    const code = err.code ?? '';
    if (answered.has(socket)) {
      socket.destroy(); // already answered (408, 400): what the client does next is no new cause
      return;
    }
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'HPE_INVALID_EOF_STATE') {
      // The client closed or reset the connection itself (maybe in the middle of a request): not ProvKit's doing.
      logger.debug(`HTTP: the client ${client} closed the connection (${code})`);
      socket.destroy();
      return;
    }
    answered.add(socket);
    let answer: string;
    if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      answer = '408 Request Timeout';
      notices.note(`HTTP: closed a connection whose request did not arrive in time (headers within ${headersTimeout / 1000} s, the whole request within ${requestTimeout / 1000} s); answered 408`, client);
    } else if (code === 'HPE_HEADER_OVERFLOW') {
      answer = '431 Request Header Fields Too Large';
      notices.note('HTTP: refused a request whose headers are larger than 16 KiB; answered 431', client);
    } else {
      answer = '400 Bad Request';
      notices.note(`HTTP: refused a malformed request (${code || err.message}); answered 400`, client);
    }
    if (socket.writable) socket.end(`HTTP/1.1 ${answer}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  const fileLimit = openFileLimit();
  const maxConnections = limits.maxConnections === undefined ? descriptorBudget(fileLimit)?.connections : limits.maxConnections;
  if (maxConnections != null) {
    server.maxConnections = maxConnections;
    const why = `HTTP: refused a connection: ${maxConnections} connections are open, the most this listener takes${fileLimit ? ` (the process may open ${fileLimit} files and sockets; raise it with \`ulimit -n\` or LimitNOFILE)` : ''}`;
    server.on('drop', (d) => notices.note(why, normalizeAddress(d?.remoteAddress)));
  }
  // An idle kept-alive connection stays open 65 s (nginx keeps one 75 s, `keepalive_timeout`), not
  // Node's 5 s: a client that reuses it just as the server closes it gets a reset (ECONNRESET), which
  // a busy machine made common with 1,000 phones (RFC 9112 §9.3). Clients take the
  // `Keep-Alive: timeout=65` hint Node sends and close their side a little earlier.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error(`HTTP server error: ${err.message}`));
  return { server, sockets, port: (server.address() as AddressInfo).port, notices };
}

/** Stop listening and drop the open connections; resolves once the server is closed. */
export async function closeHttp(l: HttpListener): Promise<void> {
  const closed = new Promise<void>((resolve) => l.server.close(() => resolve()));
  for (const s of l.sockets) s.destroy();
  await closed;
  l.notices.flush();
}
