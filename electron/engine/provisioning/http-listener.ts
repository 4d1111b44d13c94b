/**
 * An HTTP listener as both halves of the provisioning server need it (http-server.ts in the main
 * thread, http-front.ts in its worker): keep-alive, open connections tracked so a stop drops them,
 * a malformed request answered 400 (never a crash), a 120 s limit per request, idle connections
 * kept 65 s, and listen errors passed on with their `code` (listen-errors.ts explains them). With
 * TLS options the same listener speaks HTTPS (`https.createServer`, the HTTPS provisioning server).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../logger';

/** How long an idle kept-alive connection is kept open, ms. */
export const KEEP_ALIVE_MS = 65_000;

/** A listening server and its open connections. */
export interface HttpListener {
  server: Server;
  sockets: Set<Socket>;
  /** The bound port. */
  port: number;
}

/**
 * Listen on `host`:`port` (0 = ephemeral).
 * @param handle called for every request
 * @param tls certificate, key and TLS policy: listen for HTTPS instead of HTTP
 * @param beforeListen called with the server before it listens (HTTPS: handshake diagnostics)
 * @throws the listen error (EACCES, EADDRINUSE, ...); a TLS error when the certificate or key is unusable
 */
export async function listenHttp(
  host: string,
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  logger: Logger,
  tls?: HttpsServerOptions,
  beforeListen?: (server: Server) => void,
): Promise<HttpListener> {
  const server: Server = tls ? createHttpsServer({ ...tls, keepAlive: true }, handle) : createServer({ keepAlive: true }, handle);
  beforeListen?.(server);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (err, socket) => {
    logger.debug(`bad HTTP request: ${err.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  server.requestTimeout = 120_000;
  // An idle kept-alive connection stays open 65 s (nginx keeps one 75 s, `keepalive_timeout`), not
  // Node's 5 s: a client that reuses it just as the server closes it gets a reset (ECONNRESET), which
  // a busy machine made common with 1,000 phones (RFC 9112 §9.3). Clients take the
  // `Keep-Alive: timeout=65` hint Node sends and close their side a little earlier.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger.error(`HTTP server error: ${err.message}`));
  return { server, sockets, port: (server.address() as AddressInfo).port };
}

/** Stop listening and drop the open connections; resolves once the server is closed. */
export async function closeHttp(l: HttpListener): Promise<void> {
  const closed = new Promise<void>((resolve) => l.server.close(() => resolve()));
  for (const s of l.sockets) s.destroy();
  await closed;
}
