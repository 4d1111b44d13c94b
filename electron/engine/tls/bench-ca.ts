/**
 * The bench CA: one certificate authority per data folder that issues the HTTPS provisioning
 * server's certificate, so a phone that is given the CA certificate once (over HTTP, in its
 * configuration: see docs/README "Secure provisioning") then trusts ProvKit over HTTPS.
 * - `<data>/tls/ca.pem`: the CA certificate (public; what phones and `curl --cacert` are given);
 * - `<data>/tls/ca-key.sealed`: its private key, sealed by the SecretStore like other secrets;
 * - `<data>/tls/server.pem` + `server-key.sealed`: the server certificate for the chosen address
 *   and names (subjectAltName iPAddress and dNSName entries, RFC 5280 §4.2.1.6), issued again when
 *   the names change or fewer than {@link RENEW_BEFORE_DAYS} days remain.
 * Keys are RSA 2048 (made by Node's crypto; older phones speak RSA only), certificates are built
 * and signed (SHA-256) by node-forge. Sources: RFC 5280 §4.2.1.9 (basicConstraints), §4.2.1.3
 * (keyUsage), §4.2.1.12 (extKeyUsage serverAuth).
 */
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { writeFileAtomic } from '../atomic-file';
import type { SecretStore } from '../secrets';

/** Days a bench CA certificate is valid. */
export const CA_VALID_DAYS = 3650;
/** Days a server certificate is valid (397: what browsers still accept, RFC-free CA/B rule). */
export const SERVER_VALID_DAYS = 397;
/** A server certificate is issued again when fewer days than this remain. */
export const RENEW_BEFORE_DAYS = 30;
const DAY = 86_400_000;

/** A certificate and its private key, PEM. */
export interface CertAndKey {
  cert: string;
  key: string;
}

/** The names a server certificate is for. */
export interface ServerNames {
  /** IPv4/IPv6 addresses (subjectAltName iPAddress). */
  ips: string[];
  /** Host names (subjectAltName dNSName). */
  dns: string[];
}

/** Paths of the files in `<data>/tls`. */
export function tlsPaths(dataDir: string) {
  const dir = join(dataDir, 'tls');
  return { dir, ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca-key.sealed'), server: join(dir, 'server.pem'), serverKey: join(dir, 'server-key.sealed') };
}

/** The bench CA of one data folder. Open with {@link BenchCa.open}. */
export class BenchCa {
  private constructor(
    private readonly dataDir: string,
    private readonly secrets: SecretStore,
    /** The CA certificate, PEM. */
    readonly certPem: string,
    private readonly keyPem: string,
  ) {}

  /**
   * Open the data folder's CA, creating it (once) when `<data>/tls/ca.pem` does not exist.
   * @param now ms since epoch (tests)
   * @throws SecretError when the sealed key cannot be opened (other machine or key); Error when
   *   ca.pem exists without its key
   */
  static async open(dataDir: string, secrets: SecretStore, now = Date.now()): Promise<BenchCa> {
    const p = tlsPaths(dataDir);
    await mkdir(p.dir, { recursive: true });
    const cert = await readIfThere(p.ca);
    if (cert) {
      const sealed = await readIfThere(p.caKey);
      if (!sealed) throw new Error(`${p.ca} exists but its key ${p.caKey} is missing: move ca.pem away to make a new bench CA (phones that trust the old one must be given the new one)`);
      return new BenchCa(dataDir, secrets, cert, secrets.open(sealed.trim()));
    }
    const keys = rsaKeys();
    const c = forge.pki.createCertificate();
    c.publicKey = keys.publicKey;
    c.serialNumber = serial();
    c.validity.notBefore = new Date(now - DAY);
    c.validity.notAfter = new Date(now + CA_VALID_DAYS * DAY);
    const attrs = [
      { name: 'commonName', value: `ProvKit bench CA ${hostname().slice(0, 30)} ${randomBytes(3).toString('hex')}` },
      { name: 'organizationName', value: 'ProvKit' },
    ];
    c.setSubject(attrs);
    c.setIssuer(attrs);
    c.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    c.sign(keys.privateKey, forge.md.sha256.create());
    const certPem = pem(forge.pki.certificateToPem(c));
    const keyPem = pem(forge.pki.privateKeyToPem(keys.privateKey));
    await writeSealed(p.caKey, secrets.seal(keyPem));
    await writeFileAtomic(p.ca, certPem);
    return new BenchCa(dataDir, secrets, certPem, keyPem);
  }

  /**
   * The server certificate for these names: the stored one when it covers exactly these names,
   * was issued by this CA and has more than {@link RENEW_BEFORE_DAYS} days left, else a new one
   * (written to `<data>/tls/server.pem`, key sealed).
   * @param now ms since epoch (tests)
   * @returns the certificate and key, PEM, and whether it was issued now
   * @throws Error when no name is given or a name is neither an address nor a host name
   */
  async serverCertificate(names: ServerNames, now = Date.now()): Promise<CertAndKey & { issued: boolean }> {
    const want = checkNames(names);
    const p = tlsPaths(this.dataDir);
    const cert = await readIfThere(p.server);
    const sealed = await readIfThere(p.serverKey);
    if (cert && sealed && this.stillGood(cert, want, now)) {
      try {
        return { cert, key: this.secrets.open(sealed.trim()), issued: false };
      } catch {
        /* sealed by another key: issue again */
      }
    }
    const fresh = this.issue(want, now);
    await writeSealed(p.serverKey, this.secrets.seal(fresh.key));
    await writeFileAtomic(p.server, fresh.cert);
    return { ...fresh, issued: true };
  }

  /**
   * Whether {@link serverCertificate} would issue a new certificate now (none stored, other names,
   * or fewer than {@link RENEW_BEFORE_DAYS} days left).
   * @param now ms since epoch (tests)
   */
  async renewalDue(names: ServerNames, now = Date.now()): Promise<boolean> {
    const cert = await readIfThere(tlsPaths(this.dataDir).server);
    return !cert || !this.stillGood(cert, checkNames(names), now);
  }

  /**
   * Issue a certificate signed by this CA (not stored).
   * @param opts `client`: a client certificate (extKeyUsage clientAuth, subject CN = `commonName`)
   *   instead of a server one; `validDays`, `notBefore` for tests of expiry
   */
  issue(names: ServerNames, now = Date.now(), opts: { client?: boolean; commonName?: string; validDays?: number } = {}): CertAndKey {
    const keys = rsaKeys();
    const ca = forge.pki.certificateFromPem(this.certPem);
    const c = forge.pki.createCertificate();
    c.publicKey = keys.publicKey;
    c.serialNumber = serial();
    c.validity.notBefore = new Date(now - DAY);
    c.validity.notAfter = new Date(now + (opts.validDays ?? SERVER_VALID_DAYS) * DAY);
    c.setSubject([{ name: 'commonName', value: opts.commonName ?? names.dns[0] ?? names.ips[0] ?? 'provkit' }]);
    c.setIssuer(ca.subject.attributes);
    const altNames = [...names.ips.map((ip) => ({ type: 7, ip })), ...names.dns.map((value) => ({ type: 2, value }))];
    c.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: !opts.client, clientAuth: Boolean(opts.client) },
      ...(altNames.length ? [{ name: 'subjectAltName', altNames }] : []),
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    ]);
    c.sign(forge.pki.privateKeyFromPem(this.keyPem), forge.md.sha256.create());
    return { cert: pem(forge.pki.certificateToPem(c)), key: pem(forge.pki.privateKeyToPem(keys.privateKey)) };
  }

  private stillGood(pem: string, want: ServerNames, now: number): boolean {
    try {
      const x = new X509Certificate(pem);
      if (!x.checkIssued(new X509Certificate(this.certPem))) return false;
      if (Date.parse(x.validTo) - now < RENEW_BEFORE_DAYS * DAY) return false;
      return sameNames(sanOf(x), want);
    } catch {
      return false;
    }
  }
}

/**
 * The subjectAltName entries of a certificate.
 * @returns addresses and host names (lowercase)
 */
export function sanOf(x: X509Certificate): ServerNames {
  const out: ServerNames = { ips: [], dns: [] };
  for (const part of (x.subjectAltName ?? '').split(/,\s*/)) {
    const [type, ...rest] = part.split(':');
    const value = rest.join(':');
    if (type === 'IP Address') out.ips.push(value.toLowerCase());
    else if (type === 'DNS') out.dns.push(value.toLowerCase());
  }
  return out;
}

/**
 * Validate and normalise the names for a server certificate.
 * @throws Error naming the bad entry
 */
export function checkNames(names: ServerNames): ServerNames {
  const ips = [...new Set(names.ips.map((s) => s.trim().toLowerCase()).filter(Boolean))];
  const dns = [...new Set(names.dns.map((s) => s.trim().toLowerCase()).filter(Boolean))];
  for (const ip of ips) if (!isIP(ip)) throw new Error(`certificate names: "${ip}" is not an IP address`);
  for (const d of dns) if (!/^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(d)) throw new Error(`certificate names: "${d}" is not a host name`);
  if (!ips.length && !dns.length) throw new Error('certificate names: give at least one address or host name the phones use to reach ProvKit');
  return { ips, dns };
}

function sameNames(a: ServerNames, b: ServerNames): boolean {
  const key = (n: ServerNames) => [...n.ips.map((s) => `ip:${s}`), ...n.dns.map((s) => `dns:${s}`)].sort().join(',');
  return key(a) === key(b);
}

/** node-forge writes CRLF line ends; files, phones' configurations and Node use LF. */
function pem(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

function rsaKeys(): forge.pki.rsa.KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const priv = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: priv, publicKey: forge.pki.setRsaPublicKey(priv.n, priv.e) };
}

/** A positive random 16-byte serial number, hex (RFC 5280 §4.1.2.2). */
function serial(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** A sealed key: written atomically, readable by this user only (sealed anyway; belt and braces). */
async function writeSealed(path: string, sealed: string): Promise<void> {
  await writeFileAtomic(path, sealed);
  await chmod(path, 0o600);
}
