/**
 * The certificate, key and client CA the HTTPS provisioning server starts with, from its settings:
 * the bench CA's server certificate for the addresses and names phones use (bench-ca.ts), or the
 * user's own files checked by own-cert.ts; for mutual TLS the client CA file.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SecretStore } from '../secrets';
import { listInterfaces } from '../server-control';
import type { HttpsSettings } from '../settings';
import { BenchCa, type ServerNames } from './bench-ca';
import { loadClientCa, loadOwnCertificate, TlsMaterialError } from './own-cert';

/** What the HTTPS listener needs, PEM. */
export interface ServerMaterial {
  cert: string;
  key: string;
  clientCa?: string;
}

/**
 * The names a server certificate must cover: the bind address (for a wildcard bind, this
 * computer's non-internal IPv4 addresses and loopback) plus the extra names of the settings.
 * @throws TlsMaterialError (`names`) when an extra name is empty after trimming or malformed
 */
export function certificateNames(s: Pick<HttpsSettings, 'bind' | 'certNames'>): ServerNames {
  const ips: string[] = [];
  const dns: string[] = [];
  if (s.bind === '0.0.0.0' || s.bind === '::') {
    ips.push('127.0.0.1', ...listInterfaces().filter((i) => !i.internal && i.family === 'IPv4').map((i) => i.address));
    dns.push('localhost');
  } else ips.push(s.bind);
  for (const raw of s.certNames.split(',')) {
    const n = raw.trim();
    if (!n) continue;
    if (/^[0-9.]+$/.test(n) || n.includes(':')) ips.push(n);
    else dns.push(n);
  }
  return { ips, dns };
}

/**
 * Load the material for the settings.
 * @param ca opens the data folder's bench CA (created on first use)
 * @throws TlsMaterialError naming the file or field; SecretError when a sealed key cannot be opened
 */
export async function serverMaterial(s: HttpsSettings, ca: () => Promise<BenchCa>, secrets: SecretStore): Promise<ServerMaterial> {
  const names = certificateNames(s);
  let base: { cert: string; key: string };
  if (s.certSource === 'own') {
    if (!s.ownCert) throw new TlsMaterialError('certificate', 'no certificate file is set for "own certificate"');
    const file = await readSetting(s.ownCert, 'certificate');
    const pkcs12 = /^\.(p12|pfx)$/i.test(extname(s.ownCert));
    if (pkcs12) base = loadOwnCertificate({ pkcs12: file, passphrase: s.ownPassphrase ? secrets.open(s.ownPassphrase) : '' }, names);
    else {
      if (!s.ownKey) throw new TlsMaterialError('key', 'no key file is set for the PEM certificate (or give a .p12/.pfx file)');
      base = loadOwnCertificate({ certPem: file.toString('utf8'), keyPem: (await readSetting(s.ownKey, 'key')).toString('utf8') }, names);
    }
  } else {
    const { cert, key } = await (await ca()).serverCertificate(names);
    base = { cert, key };
  }
  if (!s.clientCa) return base;
  return { ...base, clientCa: loadClientCa((await readSetting(s.clientCa, 'clientCa')).toString('utf8')) };
}

async function readSetting(path: string, field: 'certificate' | 'key' | 'clientCa'): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new TlsMaterialError(field, `${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
