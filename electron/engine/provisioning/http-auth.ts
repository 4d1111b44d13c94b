/**
 * HTTP authentication of phones against the provisioning accounts: Basic (RFC 7617) and Digest
 * (RFC 7616 §3.4, algorithm MD5, `qop=auth`, and the RFC 2069 form without qop that older phone
 * firmware sends). Nonces carry their time and an HMAC under a per-process key, so the server keeps
 * no state; a nonce older than five minutes is answered `stale=true`.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { OpenAccount } from './accounts';

/** Realm phones see (Polycom `device.prov.user`/`.password` answer any realm). */
export const REALM = 'ProvKit provisioning';
const NONCE_TTL_MS = 5 * 60_000;
const KEY = randomBytes(32);

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A fresh nonce: `<ms>.<hmac>` in base64url. */
function nonce(now = Date.now()): string {
  const t = String(now);
  return Buffer.from(`${t}.${createHmac('sha256', KEY).update(t).digest('base64url')}`).toString('base64url');
}

/** @returns `fresh`, `stale` (ours but too old) or `bad` */
function checkNonce(n: string, now = Date.now()): 'fresh' | 'stale' | 'bad' {
  const text = Buffer.from(n, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  if (dot < 0) return 'bad';
  const t = text.slice(0, dot);
  if (!sameText(text.slice(dot + 1), createHmac('sha256', KEY).update(t).digest('base64url'))) return 'bad';
  return now - Number(t) > NONCE_TTL_MS ? 'stale' : 'fresh';
}

/** Parse `Digest k=v, k="v", ...` (RFC 7616 §3.4). */
export function parseDigest(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (let m = re.exec(header); m; m = re.exec(header)) out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  return out;
}

/** Outcome of checking a request's credentials. */
export interface HttpAuthResult {
  /** The account the credentials match. */
  account?: OpenAccount;
  /** Credentials were sent but are wrong (for the log). */
  error?: string;
  /** A Digest answer used an expired nonce (challenge again with `stale=true`). */
  stale?: boolean;
}

/**
 * Check the request's Authorization header against the accounts.
 * @param req the request (method and URL enter the Digest response)
 * @param accounts accounts in force
 */
export function authenticate(req: Pick<IncomingMessage, 'headers' | 'method' | 'url'>, accounts: readonly OpenAccount[]): HttpAuthResult {
  const header = req.headers.authorization;
  if (!header) return {};
  if (/^Basic /i.test(header)) {
    const text = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = text.indexOf(':');
    const user = text.slice(0, colon);
    const password = text.slice(colon + 1);
    let found: OpenAccount | undefined;
    for (const a of accounts) if (colon >= 0 && sameText(a.user, user) && sameText(a.password, password)) found = a;
    return found ? { account: found } : { error: `wrong provisioning user name or password (Basic, user "${user}")` };
  }
  if (/^Digest /i.test(header)) {
    const p = parseDigest(header.slice(7));
    const user = p.username ?? '';
    if (!p.nonce || !p.response || !p.uri) return { error: 'incomplete Digest credentials' };
    if (p.uri !== (req.url ?? '')) return { error: 'Digest uri does not match the request' };
    if (p.algorithm && p.algorithm.toUpperCase() !== 'MD5') return { error: `Digest algorithm ${p.algorithm} not offered` };
    const state = checkNonce(p.nonce);
    if (state === 'bad') return { error: 'Digest nonce not issued by this server' };
    const ha2 = md5(`${req.method ?? 'GET'}:${p.uri}`);
    for (const a of accounts) {
      if (!sameText(a.user, user)) continue;
      const ha1 = md5(`${a.user}:${p.realm ?? REALM}:${a.password}`);
      const want = p.qop ? md5(`${ha1}:${p.nonce}:${p.nc ?? ''}:${p.cnonce ?? ''}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
      if (p.realm === REALM && sameText(want, p.response)) return state === 'stale' ? { stale: true, error: 'Digest nonce expired' } : { account: a };
    }
    return { error: `wrong provisioning user name or password (Digest, user "${user}")` };
  }
  return { error: 'unsupported Authorization scheme' };
}

/**
 * The `WWW-Authenticate` challenges of a 401: Digest first (preferred), then Basic.
 * @param stale the client's nonce expired (RFC 7616 §3.3 `stale`)
 */
export function challenges(stale = false): string[] {
  return [`Digest realm="${REALM}", qop="auth", algorithm=MD5, nonce="${nonce()}"${stale ? ', stale=true' : ''}`, `Basic realm="${REALM}", charset="UTF-8"`];
}
