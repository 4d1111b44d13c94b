/**
 * The user's own server certificate and key (PEM files, or one PKCS#12 file with a passphrase),
 * checked before the HTTPS server uses them: the key matches the certificate, the certificate is
 * valid now, and its subjectAltName covers the address and names phones use (RFC 5280 §4.2.1.6;
 * RFC 6125 §6: clients check subjectAltName, not the subject CN). PKCS#12 (RFC 7292) is read with
 * node-forge; everything else with Node's crypto.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import type { CertAndKey, ServerNames } from './bench-ca';

/** A certificate or key that cannot be used, naming the field (`certificate`, `key`, `pkcs12`, `names`). */
export class TlsMaterialError extends Error {
  /** For the server status (listen-errors.ts shows the code). */
  readonly code = 'TLS_CERTIFICATE';
  constructor(
    readonly field: 'certificate' | 'key' | 'pkcs12' | 'passphrase' | 'names' | 'clientCa',
    message: string,
  ) {
    super(message);
    this.name = 'TlsMaterialError';
  }
}

/** What the user gave: PEM certificate (chain allowed) and key, or a PKCS#12 file. */
export type OwnMaterial = { certPem: string; keyPem: string } | { pkcs12: Buffer; passphrase: string };

/**
 * Check and load the user's certificate.
 * @param names the addresses and names phones use to reach ProvKit (each must be in the SAN)
 * @param now ms since epoch
 * @returns the leaf certificate followed by any chain, and the key, PEM
 * @throws TlsMaterialError naming the field and the problem
 */
export function loadOwnCertificate(given: OwnMaterial, names: ServerNames, now = Date.now()): CertAndKey {
  const { certPem, keyPem } = 'pkcs12' in given ? fromPkcs12(given.pkcs12, given.passphrase) : given;
  const blocks = pemBlocks(certPem, 'CERTIFICATE');
  if (!blocks.length) throw new TlsMaterialError('certificate', 'the certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(blocks[0]!);
  } catch (err) {
    throw new TlsMaterialError('certificate', `the certificate cannot be read: ${(err as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (err) {
    throw new TlsMaterialError('key', `the private key cannot be read (encrypted keys are not supported in PEM; use PKCS#12): ${(err as Error).message}`);
  }
  if (!leaf.checkPrivateKey(key)) throw new TlsMaterialError('key', `the private key does not belong to the certificate "${leaf.subject.replace(/\n/g, ', ')}"`);
  const from = Date.parse(leaf.validFrom);
  const to = Date.parse(leaf.validTo);
  if (now < from) throw new TlsMaterialError('certificate', `the certificate is not valid before ${new Date(from).toISOString()} (check this computer's clock)`);
  if (now > to) throw new TlsMaterialError('certificate', `the certificate expired on ${new Date(to).toISOString()}`);
  const missing = [...names.ips.filter((ip) => leaf.checkIP(ip) === undefined), ...names.dns.filter((d) => leaf.checkHost(d, { subject: 'never' }) === undefined)];
  if (missing.length) throw new TlsMaterialError('names', `the certificate's subjectAltName (${leaf.subjectAltName ?? 'none'}) does not cover ${missing.join(', ')}: phones reaching ProvKit there would refuse it`);
  return { cert: blocks.join(''), key: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/**
 * Check a client CA file for mutual TLS.
 * @returns the CA certificates, PEM
 * @throws TlsMaterialError (`clientCa`) when it holds no readable certificate
 */
export function loadClientCa(pem: string): string {
  const blocks = pemBlocks(pem, 'CERTIFICATE');
  if (!blocks.length) throw new TlsMaterialError('clientCa', 'the client CA file holds no PEM certificate');
  for (const b of blocks) {
    try {
      new X509Certificate(b);
    } catch (err) {
      throw new TlsMaterialError('clientCa', `a certificate of the client CA file cannot be read: ${(err as Error).message}`);
    }
  }
  return blocks.join('');
}

function fromPkcs12(der: Buffer, passphrase: string): { certPem: string; keyPem: string } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))), passphrase);
  } catch (err) {
    const msg = (err as Error).message;
    if (/mac|password|invalid/i.test(msg)) throw new TlsMaterialError('passphrase', `the PKCS#12 file cannot be opened with this passphrase (${msg})`);
    throw new TlsMaterialError('pkcs12', `the file is not a PKCS#12 (.p12/.pfx) file: ${msg}`);
  }
  const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const certs = bags(forge.pki.oids.certBag!).flatMap((bag) => (bag.cert ? [bag.cert] : []));
  const keyBag = bags(forge.pki.oids.pkcs8ShroudedKeyBag!)[0] ?? bags(forge.pki.oids.keyBag!)[0];
  if (!certs.length) throw new TlsMaterialError('pkcs12', 'the PKCS#12 file holds no certificate');
  if (!keyBag?.key) throw new TlsMaterialError('pkcs12', 'the PKCS#12 file holds no private key');
  const key = keyBag.key;
  // The leaf first: the certificate whose public key matches the private key.
  const pub = forge.pki.setRsaPublicKey((key as forge.pki.rsa.PrivateKey).n, (key as forge.pki.rsa.PrivateKey).e);
  const leafIdx = Math.max(0, certs.findIndex((c) => forge.pki.publicKeyToPem(c.publicKey) === forge.pki.publicKeyToPem(pub)));
  const ordered = [certs[leafIdx]!, ...certs.filter((_, i) => i !== leafIdx)];
  return { certPem: ordered.map((c) => forge.pki.certificateToPem(c)).join(''), keyPem: forge.pki.privateKeyToPem(key) };
}

function pemBlocks(text: string, label: string): string[] {
  const re = new RegExp(`-----BEGIN ${label}-----[\\s\\S]*?-----END ${label}-----`, 'g');
  return (text.match(re) ?? []).map((b) => `${b}\n`);
}
