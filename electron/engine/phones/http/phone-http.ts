/**
 * HTTP(S) to one phone. Phones serve self-signed certificates, often old ones (RSA 1024, SHA-1,
 * TLS 1.0, no RFC 5746 renegotiation): this connection — and only this one — accepts them, through
 * its own `https.Agent` (never a process-wide setting). No keep-alive: a phone that reboots drops
 * its sockets, and each request must see that.
 * Source: docs/sources.md §3; AltiGen MAXCS Polycom Configuration Guide Step 1 ("In some cases,
 * you may need to use https"); OpenSSL security levels (TLS 1.0/1.1 need `@SECLEVEL=0` in OpenSSL 3).
 */
import { constants } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { PhoneEndpoint } from '../../../../shared/phone-web';
import { endpointLabel } from '../../../../shared/phone-web';
import { PhoneTimeoutError, UnreachableError } from '../phone-errors';

/** One request. `body` is sent as is; `timeoutMs` bounds the whole exchange. */
export interface PhoneRequest {
  method: 'GET' | 'POST' | 'HEAD';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/** One response: status, headers, body as text (bounded), the `Set-Cookie` values. */
export interface PhoneResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  setCookies: string[];
}

/** Biggest body read from a phone, bytes (web pages are tens of kB). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Default per-request timeout, ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * TLS options of a phone connection: accept self-signed and expired certificates, TLS 1.0+, the
 * weak ciphers and keys of old phones, and servers without secure renegotiation.
 */
export const PHONE_TLS_OPTIONS = {
  rejectUnauthorized: false,
  minVersion: 'TLSv1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
  secureOptions: constants.SSL_OP_LEGACY_SERVER_CONNECT,
} as const;

/** HTTP(S) client bound to one phone endpoint. */
export class PhoneHttp {
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
  /** `10.0.0.5`, `https://10.0.0.5:8443`: used in messages. */
  readonly label: string;
  private readonly agent: HttpAgent | HttpsAgent;

  /**
   * @param endpoint where the phone is
   * @param timeoutMs default per-request timeout
   */
  constructor(
    endpoint: PhoneEndpoint,
    readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.host = endpoint.host.replace(/^\[|\]$/g, '');
    this.https = Boolean(endpoint.https);
    this.port = endpoint.port ?? (this.https ? 443 : 80);
    this.label = endpointLabel({ host: this.host, port: this.port, https: this.https });
    this.agent = this.https ? new HttpsAgent({ keepAlive: false, maxCachedSessions: 0, ...PHONE_TLS_OPTIONS }) : new HttpAgent({ keepAlive: false });
  }

  /** The endpoint as given to the constructor (normalised). */
  get endpoint(): Required<PhoneEndpoint> {
    return { host: this.host, port: this.port, https: this.https };
  }

  /**
   * Send one request.
   * @returns the response (any status)
   * @throws PhoneTimeoutError when no complete answer arrives in time; UnreachableError when the
   *   connection is refused, reset, has no route, or TLS fails
   */
  request(req: PhoneRequest): Promise<PhoneResponse> {
    const timeout = req.timeoutMs ?? this.timeoutMs;
    const headers: Record<string, string> = { 'User-Agent': 'ProvKit', Accept: '*/*', Connection: 'close', ...(req.headers ?? {}) };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const send = this.https ? httpsRequest : httpRequest;
    return new Promise<PhoneResponse>((resolve, reject) => {
      let done = false;
      const finish = (err: Error | undefined, res?: PhoneResponse) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(res!);
      };
      const r = send({ host: this.host, port: this.port, method: req.method, path: req.path, headers, agent: this.agent });
      const timer = setTimeout(() => {
        finish(new PhoneTimeoutError(this.label, `${req.method} ${req.path}`, timeout));
        r.destroy();
      }, timeout);
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY_BYTES) chunks.push(c);
        });
        res.on('end', () => {
          const sc = res.headers['set-cookie'];
          finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), setCookies: sc ?? [] });
        });
        res.on('error', (err) => finish(this.networkError(err)));
        res.on('aborted', () => finish(new UnreachableError(this.label, 'the phone closed the connection mid-answer')));
      });
      r.on('error', (err) => finish(this.networkError(err as NodeJS.ErrnoException)));
      r.end(req.body);
    });
  }

  /** Release sockets. */
  close(): void {
    this.agent.destroy();
  }

  private networkError(err: NodeJS.ErrnoException): UnreachableError {
    const code = err.code ?? '';
    if (code === 'ECONNREFUSED') return new UnreachableError(this.label, `nothing listens on port ${this.port} (connection refused)`);
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new UnreachableError(this.label, 'no route to that address', 'Check that this computer is on the phone\u2019s network (same VLAN) and the address is right.');
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UnreachableError(this.label, 'the name does not resolve', 'Use the phone\u2019s IP address (Menu › Settings › Status › Network › TCP/IP Parameters).');
    if (code === 'ECONNRESET' || code === 'EPIPE') return new UnreachableError(this.label, 'the phone closed the connection');
    if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /ssl|tls|handshake/i.test(err.message)) {
      return new UnreachableError(this.label, `TLS handshake failed (${code || err.message})`, this.https ? 'Try plain http:// — the phone may not serve HTTPS on this port.' : 'Try https://.');
    }
    return new UnreachableError(this.label, `${code || err.message}`);
  }
}

/**
 * Collect cookies from `Set-Cookie` values into a `Cookie` header value.
 * @param jar existing cookies by name (updated in place)
 * @param setCookies the response's Set-Cookie values (`session=abc; Path=/; HttpOnly`)
 * @returns the Cookie header for the next request (`a=1; b=2`)
 */
export function mergeCookies(jar: Map<string, string>, setCookies: string[]): string {
  for (const sc of setCookies) {
    const first = sc.split(';')[0] ?? '';
    const eq = first.indexOf('=');
    if (eq > 0) jar.set(first.slice(0, eq).trim(), first.slice(eq + 1).trim());
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * `Basic` credentials for the Polycom admin user (docs/sources.md §3: user `Polycom`).
 * @returns `Basic base64(user:password)`
 */
export function basicAuth(password: string, user = 'Polycom'): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
