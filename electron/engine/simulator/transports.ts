/**
 * File transports for the phone simulator: how a phone fetches and uploads files over HTTP, HTTPS
 * (with the phone's own trust store) and FTP.
 * Each answers with an HTTP-like status (FTP 550 → 404) so the boot logic is protocol-neutral.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable, Writable } from 'node:stream';
import { Client as FtpClient, FTPError } from 'basic-ftp';

/** Result of one transfer. `bytes` = body bytes moved. */
export interface TransferResult {
  status: number;
  body?: Buffer;
  bytes: number;
}

/** A phone's file transport. Paths are relative to the boot server's directory. */
export interface FileTransport {
  readonly protocol: 'http' | 'https' | 'ftp';
  /** Set the User-Agent sent with the following requests (HTTP only; FTP carries none). */
  setUserAgent(ua: string): void;
  /** @param range optional first/last byte (inclusive) to ask for (HTTP `Range`; FTP reads the whole file) */
  get(path: string, range?: { start: number; end: number }): Promise<TransferResult>;
  head(path: string): Promise<TransferResult>;
  put(path: string, body: Buffer): Promise<TransferResult>;
  close(): Promise<void>;
}

/** Thrown when the server cannot be talked to at all (refused, timeout, protocol violation). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * HTTP transport as a phone makes its requests: one connection of its own, kept alive between its
 * requests (node:http with an agent of one socket; `close()` ends it), opened again only when the
 * server closed it. Basic credentials from the URL are sent on every request.
 * (Before, every simulated phone shared one connection pool of `fetch` with no limit: 5,000
 * phones opened ~14,000 connections, three per phone, which no phone does.)
 * @param base boot server URL, e.g. `http://10.0.0.5:8080/mpv`
 * @param timeoutMs per request (connect to the end of the answer)
 * @throws TransportError (from each call) with the socket's error code, or "timed out after N ms"
 */
export function httpTransport(base: URL, timeoutMs: number): FileTransport {
  let ua = '';
  const dir = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const auth = base.username ? `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}` : undefined;
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
  const call = (method: string, path: string, body?: Buffer, range?: { start: number; end: number }): Promise<TransferResult> =>
    new Promise((resolve, reject) => {
      const target = `${dir}${path.replace(/^\/+/, '')}`;
      const url = `${base.protocol}//${base.host}${target}`;
      const headers: Record<string, string> = { 'User-Agent': ua };
      if (auth) headers.Authorization = auth;
      if (range) headers.Range = `bytes=${range.start}-${range.end}`;
      if (body) headers['Content-Length'] = String(body.length);
      let timedOut = false;
      const fail = (err: NodeJS.ErrnoException) => reject(new TransportError(`${method} ${url} failed: ${timedOut ? `timed out after ${timeoutMs} ms` : err.code ?? err.message}`, path));
      const req = httpRequest({ host: base.hostname.replace(/^\[|\]$/g, ''), port: Number(base.port || 80), method, path: target, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const buf = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body: buf, bytes: body ? body.length : buf.length });
        });
        res.on('error', fail);
      });
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('timed out'));
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        fail(err);
      });
      req.end(body);
    });
  return {
    protocol: 'http',
    setUserAgent: (v) => {
      ua = v;
    },
    get: (p, range) => call('GET', p, undefined, range),
    head: (p) => call('HEAD', p),
    put: (p, b) => call('PUT', p, b),
    close: async () => agent.destroy(),
  };
}

/** Why a simulated phone refused the server's certificate, from Node's verification code. */
export function certificateRefusal(code: string | undefined): string | undefined {
  switch (code) {
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
      return 'unknown CA: the phone does not trust the certificate\'s issuer';
    case 'CERT_HAS_EXPIRED':
      return 'certificate expired';
    case 'CERT_NOT_YET_VALID':
      return 'certificate not yet valid (check the phone\'s clock)';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'the certificate does not name the address the phone used';
    default:
      return undefined;
  }
}

/**
 * HTTPS transport with the phone's own trust store (node:https, one connection per request).
 * @param base `https://host:port/dir`; Basic credentials from the URL are sent on every request
 * @param trust CA certificates (PEM) the phone trusts; undefined = Node's public roots, as a
 *   factory phone trusts only well-known CAs
 * @param client the phone's own certificate and key (PEM) for mutual TLS
 * @throws TransportError (from each call) naming the TLS refusal: "unknown CA", ...
 */
export function httpsTransport(base: URL, timeoutMs: number, trust?: string[], client?: { cert: string; key: string }): FileTransport {
  let ua = '';
  const dir = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  const auth = base.username ? `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}` : undefined;
  const call = (method: string, path: string, body?: Buffer, range?: { start: number; end: number }): Promise<TransferResult> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { 'User-Agent': ua };
      if (auth) headers.Authorization = auth;
      if (range) headers.Range = `bytes=${range.start}-${range.end}`;
      if (body) headers['Content-Length'] = String(body.length);
      const req = httpsRequest(
        {
          host: base.hostname.replace(/^\[|\]$/g, ''),
          port: Number(base.port || 443),
          method,
          path: `${dir}${path.replace(/^\/+/, '')}`,
          headers,
          agent: false,
          timeout: timeoutMs,
          ...(trust ? { ca: trust } : {}),
          ...(client ? { cert: client.cert, key: client.key } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const buf = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, body: buf, bytes: body ? body.length : buf.length });
          });
          res.on('error', (err) => reject(new TransportError(`${method} ${path} failed: ${err.message}`, path)));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (err: NodeJS.ErrnoException) => {
        const why = certificateRefusal(err.code);
        reject(new TransportError(`${method} ${base.protocol}//${base.host}${dir}${path} failed: ${why ? `TLS refused, ${why}` : err.code ?? err.message}`, path));
      });
      req.end(body);
    });
  return {
    protocol: 'https',
    setUserAgent: (v) => {
      ua = v;
    },
    get: (p, range) => call('GET', p, undefined, range),
    head: (p) => call('HEAD', p),
    put: (p, b) => call('PUT', p, b),
    close: async () => {},
  };
}

/**
 * FTP transport (basic-ftp, passive mode). Credentials from the URL, else Polycom's factory account
 * `PlcmSpIp` / `PlcmSpIp` (docs/sources.md §1).
 * @param base `ftp://[user:pass@]host[:port][/dir]`
 * @param timeoutMs per command
 * @throws TransportError when login fails
 */
export async function ftpTransport(base: URL, timeoutMs: number): Promise<FileTransport> {
  const client = new FtpClient(timeoutMs);
  const dir = base.pathname.replace(/\/+$/, '');
  try {
    await client.access({
      host: base.hostname.replace(/^\[|\]$/g, ''),
      port: Number(base.port || 21),
      user: base.username ? decodeURIComponent(base.username) : 'PlcmSpIp',
      password: base.username ? decodeURIComponent(base.password) : 'PlcmSpIp',
    });
  } catch (err) {
    client.close();
    throw new TransportError(`FTP login to ${base.host} failed: ${(err as Error).message}`, '');
  }
  const full = (p: string) => `${dir}/${p.replace(/^\/+/, '')}`;
  const status = (err: unknown, path: string): number => {
    if (err instanceof FTPError) return err.code === 550 || err.code === 553 ? 404 : err.code;
    throw new TransportError(`FTP ${path}: ${(err as Error).message}`, path);
  };
  return {
    protocol: 'ftp',
    setUserAgent: () => {},
    get: async (p) => {
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          chunks.push(chunk);
          cb();
        },
      });
      try {
        await client.downloadTo(sink, full(p));
      } catch (err) {
        return { status: status(err, p), bytes: 0 };
      }
      const body = Buffer.concat(chunks);
      return { status: 200, body, bytes: body.length };
    },
    head: async (p) => {
      try {
        const size = await client.size(full(p));
        return { status: 200, bytes: size };
      } catch (err) {
        return { status: status(err, p), bytes: 0 };
      }
    },
    put: async (p, body) => {
      try {
        await client.uploadFrom(Readable.from([body]), full(p));
      } catch (err) {
        return { status: status(err, p), bytes: 0 };
      }
      return { status: 201, bytes: body.length };
    },
    close: async () => client.close(),
  };
}
