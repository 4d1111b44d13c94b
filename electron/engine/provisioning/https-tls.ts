/**
 * What the HTTPS provisioning server adds to the HTTP one: the TLS options of its listener
 * (certificate, protocol policy, optional mutual TLS), a request-log record for every failed
 * handshake with its reason, and the MAC a phone's client certificate names.
 * Failed handshakes are logged with status 525 (handshake failed), 495 (client certificate not
 * trusted) or 496 (client certificate required) — the codes nginx and common proxies use for TLS
 * failures, as no standard HTTP status exists for a request that never arrived — method `TLS`.
 * Sources: RFC 8446 §6 (alerts: unknown_ca, certificate_expired, protocol_version,
 * handshake_failure, certificate_required), RFC 5246 §7.2; docs/sources.md "HTTPS provisioning".
 */
import type { Server } from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { normalizeMac } from '../../../shared/mac';
import type { Logger } from '../logger';
import { classifyTlsError, tlsPolicy, type TlsFailure } from '../tls/tls-policy';
import { normalizeAddress } from './http-common';
import type { RequestRecord } from './request-log';

/** The certificate material and rules of an HTTPS server. */
export interface HttpsTlsOptions {
  /** Server certificate (leaf first, then any chain) and key, PEM; read at each start. */
  material: () => Promise<{ cert: string; key: string; clientCa?: string }>;
  /** Accept TLS 1.0/1.1 and older cipher suites (tls-policy.ts). */
  compat: boolean;
}

/**
 * The listener options for the material and policy. With a client CA the server asks for a client
 * certificate but lets the handshake finish, so {@link watchHandshakes} can say what was wrong
 * with it (missing, or not signed by the client CA) before it drops the connection.
 * @param m certificate, key and, for mutual TLS, the CA client certificates must be signed by
 */
export function httpsListenOptions(m: { cert: string; key: string; clientCa?: string }, compat: boolean): HttpsServerOptions {
  return {
    cert: m.cert,
    key: m.key,
    ...tlsPolicy(compat),
    ...(m.clientCa ? { requestCert: true, rejectUnauthorized: false, ca: m.clientCa } : {}),
  };
}

const CLIENT = Symbol('provkit.client');
const STARTED = Symbol('provkit.started');
type Marked = Socket & { [CLIENT]?: string; [STARTED]?: number };

/**
 * Watch an HTTPS server's handshakes and record each failure in the request log.
 * A client that hangs up after the server sent its certificate, without a TLS alert (Node's
 * client and some embedded stacks do this when they do not trust it) is recorded as "unknown CA
 * (most likely)"; a connection closed before any TLS message (a port probe) is not recorded.
 * With mutual TLS, a connection whose client certificate is missing or not signed by the client CA
 * is recorded (496 / 495) and dropped before any request is read.
 * @param mtls whether a client certificate is required
 * @param record where failure records go (RequestLog.record)
 */
export function watchHandshakes(server: Server, compat: boolean, mtls: boolean, record: (r: RequestRecord) => void, logger: Logger): void {
  const answered = new WeakSet<object>();
  server.prependListener('connection', (raw: Marked) => {
    raw[CLIENT] = normalizeAddress(raw.remoteAddress);
    raw[STARTED] = Date.now();
  });
  // Key material exists once the server has answered a ClientHello (RFC 8446 §7.1).
  server.on('keylog', (_line: Buffer, sock: TLSSocket) => answered.add(sock));
  const fail = (sock: TLSSocket, failure: TlsFailure) => {
    const raw = (sock as TLSSocket & { _parent?: Marked })._parent;
    const client = raw?.[CLIENT] ?? normalizeAddress(sock.remoteAddress);
    const sni = sock.servername;
    const started = raw?.[STARTED] ?? Date.now();
    const status = failure.kind === 'client-cert-missing' ? 496 : failure.kind === 'client-cert-untrusted' ? 495 : 525;
    logger.info(`TLS handshake from ${client} failed: ${failure.reason}`);
    record({
      time: started,
      protocol: 'https',
      client,
      method: 'TLS',
      path: '/',
      status,
      bytesSent: 0,
      bytesReceived: 0,
      durationMs: Date.now() - started,
      error: `${failure.reason}${sni ? ` (server name asked: ${sni})` : ''}`,
      session: `${client}|tls`,
    });
  };
  if (mtls) {
    server.on('secureConnection', (sock: TLSSocket) => {
      if (sock.authorized) return;
      const cert = sock.getPeerCertificate();
      const missing = !cert || Object.keys(cert).length === 0;
      fail(
        sock,
        missing
          ? { kind: 'client-cert-missing', reason: 'client certificate missing: mutual TLS is on and the phone sent no certificate' }
          : { kind: 'client-cert-untrusted', reason: `client certificate untrusted: "${cert.subject?.CN ?? '?'}" is not signed by the client CA set for mutual TLS (${String(sock.authorizationError)})` },
      );
      sock.destroy();
    });
  }
  server.on('tlsClientError', (err: NodeJS.ErrnoException & { reason?: string }, sock: TLSSocket) => {
    let failure: TlsFailure;
    if (err.code === 'ECONNRESET' || /socket hang up/.test(err.message)) {
      if (!answered.has(sock)) {
        logger.debug(`TLS connection from ${normalizeAddress(sock.remoteAddress)} closed before any handshake message`);
        return;
      }
      failure = { kind: 'unknown-ca', reason: 'unknown CA (most likely): the phone hung up right after receiving the server certificate, without a TLS alert; give it the bench CA (ca.pem) over HTTP first' };
    } else {
      failure = classifyTlsError(err, compat);
    }
    fail(sock, failure);
  });
}

/**
 * The MAC a client certificate names in its subject CN (Polycom device certificates carry the
 * phone's MAC, "Device Certificates on Polycom Phones", Feature Profile 37148).
 * @returns 12 lowercase hex digits, or undefined without a certificate or a MAC-shaped CN
 */
export function macFromClientCertificate(sock: TLSSocket): string | undefined {
  if (typeof sock.getPeerCertificate !== 'function') return undefined;
  const cn = sock.getPeerCertificate()?.subject?.CN;
  const value = Array.isArray(cn) ? cn[0] : cn;
  if (!value) return undefined;
  const m = /(?:^|[^0-9a-f])((?:[0-9a-f]{2}[:-]?){5}[0-9a-f]{2})(?:$|[^0-9a-f])/i.exec(value);
  if (!m) return undefined;
  try {
    return normalizeMac(m[1]!);
  } catch {
    return undefined;
  }
}
