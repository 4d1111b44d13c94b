/**
 * A self-signed X.509 certificate made at run time with node:crypto and a small DER writer, like
 * the ones Polycom phones serve: `modern` (RSA 2048, SHA-256, v3 with the address as
 * subjectAltName) or `old` (RSA 1024, SHA-1, v1), as on phones made before ~2010 (seed
 * `altigen-maxcs-polycom-configuration-guide.txt`: "phones manufactured in 2009 or earlier may be
 * self-signed"). Source: RFC 5280 §4.1 (Certificate, TBSCertificate), X.690 DER.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

/** PEM key and certificate for `tls.createServer`. */
export interface SelfSignedCert {
  key: string;
  cert: string;
}

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const bytes = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  }
  return tlv(0x06, Buffer.from(out));
}

function integer(buf: Buffer): Buffer {
  return tlv(0x02, buf[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), buf]) : buf);
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

function name(cn: string): Buffer {
  return seq(tlv(0x31, seq(oid('2.5.4.10'), tlv(0x0c, Buffer.from('Polycom Inc.')))), tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
}

function subjectAltName(host: string): Buffer {
  const general =
    isIP(host) === 4
      ? tlv(0x87, Buffer.from(host.split('.').map(Number)))
      : tlv(0x82, Buffer.from(host, 'ascii'));
  return seq(oid('2.5.29.17'), tlv(0x04, seq(general)));
}

/**
 * Make a key pair and a self-signed certificate valid from yesterday for ten years.
 * @param host common name (and, for `modern`, subjectAltName): the phone's address
 * @param kind `modern` (RSA 2048 / SHA-256 / v3) or `old` (RSA 1024 / SHA-1 / v1)
 */
export function selfSignedCert(host: string, kind: 'modern' | 'old' = 'modern'): SelfSignedCert {
  const old = kind === 'old';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: old ? 1024 : 2048 });
  const sigAlg = seq(oid(old ? '1.2.840.113549.1.1.5' : '1.2.840.113549.1.1.11'), tlv(0x05));
  const now = Date.now();
  const tbsParts = [
    integer(randomBytes(8)),
    sigAlg,
    name(host),
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 10 * 365 * 86_400_000))),
    name(host),
    publicKey.export({ type: 'spki', format: 'der' }),
  ];
  if (!old) tbsParts.unshift(tlv(0xa0, integer(Buffer.from([2]))));
  if (!old) tbsParts.push(tlv(0xa3, seq(subjectAltName(host))));
  const tbs = seq(...tbsParts);
  const signature = sign(old ? 'sha1' : 'sha256', tbs, privateKey);
  const der = seq(tbs, sigAlg, tlv(0x03, Buffer.from([0]), signature));
  const b64 = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n` };
}
