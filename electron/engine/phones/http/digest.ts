/**
 * HTTP Digest access authentication (RFC 7616, compatible with RFC 2617): parse a challenge,
 * compute the `Authorization` header, and (for the phone simulator) check one. Some Polycom
 * firmware protects the REST API with Digest instead of Basic (docs/sources.md §3).
 * Supports `qop=auth` and no qop, algorithms MD5 and SHA-256 (and their `-sess` variants).
 */
import { createHash, randomBytes } from 'node:crypto';

/** A parsed `WWW-Authenticate: Digest ...` challenge. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  algorithm: string;
  opaque?: string;
}

/**
 * Split an auth header's parameters (`a="x, y", b=z`) into a map (keys lowercased).
 * @param text the part after the scheme name
 */
export function parseAuthParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of text.matchAll(re)) out.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
  return out;
}

/**
 * Read a Digest challenge from a `WWW-Authenticate` header value (one or several challenges).
 * @returns the challenge, or undefined when the header offers no Digest scheme
 */
export function parseDigestChallenge(header: string | string[] | undefined): DigestChallenge | undefined {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  for (const v of values) {
    const i = v.search(/\bDigest\s/i);
    if (i < 0) continue;
    const p = parseAuthParams(v.slice(i + 7));
    const nonce = p.get('nonce');
    if (nonce === undefined) continue;
    const qops = (p.get('qop') ?? '').split(',').map((s) => s.trim());
    return {
      realm: p.get('realm') ?? '',
      nonce,
      ...(qops.includes('auth') ? { qop: 'auth' } : {}),
      algorithm: p.get('algorithm') ?? 'MD5',
      ...(p.has('opaque') ? { opaque: p.get('opaque')! } : {}),
    };
  }
  return undefined;
}

function hashName(algorithm: string): string {
  return /^SHA-256/i.test(algorithm) ? 'sha256' : 'md5';
}

/**
 * The `response` value of RFC 7616 §3.4.1.
 * @returns lowercase hex digest
 */
export function digestResponse(a: { algorithm: string; user: string; realm: string; password: string; method: string; uri: string; nonce: string; nc?: string; cnonce?: string; qop?: string }): string {
  const h = (s: string) => createHash(hashName(a.algorithm)).update(s, 'utf8').digest('hex');
  let ha1 = h(`${a.user}:${a.realm}:${a.password}`);
  if (/-sess$/i.test(a.algorithm)) ha1 = h(`${ha1}:${a.nonce}:${a.cnonce ?? ''}`);
  const ha2 = h(`${a.method}:${a.uri}`);
  return a.qop ? h(`${ha1}:${a.nonce}:${a.nc}:${a.cnonce}:${a.qop}:${ha2}`) : h(`${ha1}:${a.nonce}:${ha2}`);
}

/**
 * Build the `Authorization: Digest ...` header for one request.
 * @param nc request count for this nonce (1 for the first)
 */
export function digestAuthorization(ch: DigestChallenge, user: string, password: string, method: string, uri: string, nc = 1): string {
  const ncHex = nc.toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const response = digestResponse({ algorithm: ch.algorithm, user, realm: ch.realm, password, method, uri, nonce: ch.nonce, nc: ncHex, cnonce, ...(ch.qop ? { qop: ch.qop } : {}) });
  const parts = [`username="${user}"`, `realm="${ch.realm}"`, `nonce="${ch.nonce}"`, `uri="${uri}"`, `algorithm=${ch.algorithm}`, `response="${response}"`];
  if (ch.qop) parts.push(`qop=${ch.qop}`, `nc=${ncHex}`, `cnonce="${cnonce}"`);
  if (ch.opaque !== undefined) parts.push(`opaque="${ch.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

/**
 * Check a Digest `Authorization` header (server side, used by the phone simulator).
 * @returns true when it answers `nonce` for this user, password, method and URI
 */
export function verifyDigest(header: string | undefined, opts: { realm: string; nonce: string; user: string; password: string; method: string }): boolean {
  if (!header || !/^Digest\s/i.test(header)) return false;
  const p = parseAuthParams(header.slice(7));
  if (p.get('username') !== opts.user || p.get('nonce') !== opts.nonce || p.get('realm') !== opts.realm) return false;
  const expected = digestResponse({
    algorithm: p.get('algorithm') ?? 'MD5',
    user: opts.user,
    realm: opts.realm,
    password: opts.password,
    method: opts.method,
    uri: p.get('uri') ?? '',
    nonce: opts.nonce,
    ...(p.has('qop') ? { qop: p.get('qop')!, nc: p.get('nc') ?? '', cnonce: p.get('cnonce') ?? '' } : {}),
  });
  return expected === p.get('response');
}
