/**
 * Secrets at rest (phone admin passwords, SIP passwords, provider credentials). The engine stores
 * only sealed strings; what seals them depends on the host:
 * - desktop: Electron `safeStorage` (OS keychain), handed in by electron/main as a {@link SecretCipher};
 * - headless: AES-256-GCM with a random key in `<data>/secret.key`, created with mode 0600.
 * Sealed strings are tagged (`v1:file:...`, `v1:os:...`) so a store knows which cipher made them.
 * Secrets are never logged and never sent to the renderer in clear.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Encrypts and decrypts short strings. */
export interface SecretCipher {
  /** Tag written into sealed strings: `file` or `os`. */
  readonly kind: 'file' | 'os';
  encrypt(plain: Buffer): Buffer;
  decrypt(sealed: Buffer): Buffer;
}

/** Thrown when a sealed string cannot be opened (other key, other machine, damaged). */
export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

/** Seals and opens secrets with one cipher. */
export class SecretStore {
  constructor(private readonly cipher: SecretCipher) {}

  /**
   * Seal a secret.
   * @returns `v1:<kind>:<base64>`
   */
  seal(plain: string): string {
    return `v1:${this.cipher.kind}:${this.cipher.encrypt(Buffer.from(plain, 'utf8')).toString('base64')}`;
  }

  /**
   * Open a sealed secret.
   * @throws SecretError when it was sealed by another kind of cipher or cannot be decrypted
   */
  open(sealed: string): string {
    const m = /^v1:(file|os):([A-Za-z0-9+/=]*)$/.exec(sealed);
    if (!m) throw new SecretError('not a sealed secret');
    if (m[1] !== this.cipher.kind) throw new SecretError(`secret was sealed by the ${m[1] === 'os' ? "desktop app's OS keychain" : 'headless key file'}; enter it again here`);
    try {
      return this.cipher.decrypt(Buffer.from(m[2]!, 'base64')).toString('utf8');
    } catch {
      throw new SecretError('secret cannot be decrypted (key changed or data damaged); enter it again');
    }
  }

  /** Whether a string looks sealed (so callers can migrate plain values). */
  static isSealed(value: string): boolean {
    return /^v1:(file|os):/.test(value);
  }
}

/**
 * The headless cipher: AES-256-GCM with a 32-byte key kept in `<dataDir>/secret.key` (mode 0600).
 * Layout of a sealed buffer: 12-byte IV, 16-byte tag, ciphertext.
 * @throws when the key file exists but is not 32 bytes, or cannot be created
 */
export async function fileCipher(dataDir: string): Promise<SecretCipher> {
  const path = join(dataDir, 'secret.key');
  let key: Buffer;
  try {
    key = await readFile(path);
    if ((await stat(path)).mode & 0o077) await chmod(path, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    key = randomBytes(32);
    await writeFile(path, key, { mode: 0o600, flag: 'wx' });
  }
  if (key.length !== 32) throw new SecretError(`${path} is not a 32-byte key; move it away to create a new one (stored secrets will need re-entering)`);
  return keyCipher(key, 'file');
}

/**
 * AES-256-GCM with a given key. The desktop's engine process gets its key from the main process,
 * which keeps it sealed by Electron `safeStorage` (electron/main/secret-key.ts), hence kind `os`.
 * Layout of a sealed buffer: 12-byte IV, 16-byte tag, ciphertext.
 * @param key 32 bytes
 * @param kind tag written into sealed strings
 * @throws SecretError when the key is not 32 bytes
 */
export function keyCipher(key: Buffer, kind: SecretCipher['kind']): SecretCipher {
  if (key.length !== 32) throw new SecretError(`the ${kind} secret key is ${key.length} bytes, not 32`);
  return {
    kind,
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
    },
  };
}
