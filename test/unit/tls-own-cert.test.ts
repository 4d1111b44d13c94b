/**
 * The user's own certificate: PEM and PKCS#12 (made by the openssl command, not by the code under
 * test), a key that does not match, expiry, names missing from the subjectAltName; and the
 * classification of OpenSSL handshake errors.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClientCa, loadOwnCertificate, TlsMaterialError } from '../../electron/engine/tls/own-cert';
import { classifyTlsError, tlsPolicy } from '../../electron/engine/tls/tls-policy';
import { run } from '../helpers/run';

let dir: string;
let cert: string;
let key: string;
let otherKey: string;
let p12: Buffer;
const NAMES = { ips: ['192.0.2.10'], dns: ['prov.example.test'] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provkit-owncert-'));
  const ossl = async (...args: string[]) => {
    const r = await run('openssl', args, { cwd: dir, timeoutMs: 30_000 });
    if (r.code !== 0) throw new Error(r.stderr);
  };
  await ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '30', '-subj', '/CN=prov.example.test', '-addext', 'subjectAltName=IP:192.0.2.10,DNS:prov.example.test');
  await ossl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.pem');
  await ossl('pkcs12', '-export', '-in', 'c.pem', '-inkey', 'k.pem', '-out', 'c.p12', '-passout', 'pass:s3cret');
  [cert, key, otherKey, p12] = await Promise.all([readFile(join(dir, 'c.pem'), 'utf8'), readFile(join(dir, 'k.pem'), 'utf8'), readFile(join(dir, 'other.pem'), 'utf8'), readFile(join(dir, 'c.p12'))]);
}, 60_000);

const fails = (fn: () => unknown): TlsMaterialError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof TlsMaterialError) return err;
    throw err;
  }
  throw new Error('did not throw');
};

describe('own certificate checks', () => {
  it('accepts a PEM certificate and its key covering the names', () => {
    const m = loadOwnCertificate({ certPem: cert, keyPem: key }, NAMES);
    expect(m.cert).toContain('BEGIN CERTIFICATE');
    expect(m.key).toContain('BEGIN PRIVATE KEY');
  });

  it('accepts the same pair from a PKCS#12 file with its passphrase', () => {
    const m = loadOwnCertificate({ pkcs12: p12, passphrase: 's3cret' }, NAMES);
    expect(m.cert.replace(/\s/g, '')).toBe(cert.replace(/\s/g, ''));
  });

  it('names the problem: wrong passphrase, not PKCS#12, key of another certificate, no certificate', () => {
    expect(fails(() => loadOwnCertificate({ pkcs12: p12, passphrase: 'wrong' }, NAMES)).field).toBe('passphrase');
    expect(fails(() => loadOwnCertificate({ pkcs12: Buffer.from('not a pfx'), passphrase: '' }, NAMES)).field).toBe('pkcs12');
    const mismatch = fails(() => loadOwnCertificate({ certPem: cert, keyPem: otherKey }, NAMES));
    expect(mismatch.field).toBe('key');
    expect(mismatch.message).toMatch(/does not belong to the certificate "CN=prov\.example\.test"/);
    expect(fails(() => loadOwnCertificate({ certPem: 'hello', keyPem: key }, NAMES)).message).toMatch(/no PEM certificate/);
  });

  it('refuses an expired or not yet valid certificate with the date', () => {
    const later = Date.now() + 40 * 86_400_000;
    expect(fails(() => loadOwnCertificate({ certPem: cert, keyPem: key }, NAMES, later)).message).toMatch(/^the certificate expired on \d{4}-/);
    expect(fails(() => loadOwnCertificate({ certPem: cert, keyPem: key }, NAMES, Date.now() - 86_400_000)).message).toMatch(/not valid before/);
  });

  it('refuses a certificate whose subjectAltName misses an address or name phones use', () => {
    const e = fails(() => loadOwnCertificate({ certPem: cert, keyPem: key }, { ips: ['192.0.2.10', '10.1.1.1'], dns: ['prov.example.test', 'other.example.test'] }));
    expect(e.field).toBe('names');
    expect(e.message).toMatch(/does not cover 10\.1\.1\.1, other\.example\.test/);
  });

  it('reads a client CA file and refuses one without a certificate', () => {
    expect(loadClientCa(cert)).toContain('BEGIN CERTIFICATE');
    expect(fails(() => loadClientCa('nothing')).field).toBe('clientCa');
  });
});

describe('TLS policy and handshake reasons', () => {
  it('TLS 1.2+ by default; TLS 1.0 with named ciphers and @SECLEVEL=0 with the switch', () => {
    expect(tlsPolicy(false)).toEqual({ minVersion: 'TLSv1.2' });
    expect(tlsPolicy(true)).toMatchObject({ minVersion: 'TLSv1', ciphers: expect.stringMatching(/AES128-SHA.*@SECLEVEL=0$/) });
  });

  it('classifies OpenSSL reasons', () => {
    const c = (code: string, message = '') => classifyTlsError(Object.assign(new Error(message), { code }), false).kind;
    expect(c('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA')).toBe('unknown-ca');
    expect(c('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED')).toBe('certificate-expired');
    expect(c('ERR_SSL_UNSUPPORTED_PROTOCOL')).toBe('protocol-version');
    expect(c('ERR_SSL_NO_SHARED_CIPHER')).toBe('no-shared-cipher');
    expect(c('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE')).toBe('client-cert-missing');
    expect(c('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE')).toBe('bad-certificate');
    expect(c('ERR_SSL_HTTP_REQUEST')).toBe('not-tls');
    expect(c('ERR_SOMETHING', 'odd')).toBe('other');
    expect(classifyTlsError(Object.assign(new Error(''), { code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }), false).reason).toMatch(/turn on the compatibility switch/);
  });
});
