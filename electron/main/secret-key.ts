/**
 * The key the desktop's engine process seals secrets with, kept at rest by Electron `safeStorage`
 * (the OS keychain: Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux). The
 * engine runs in a utility process, which cannot use safeStorage, so the main process opens the
 * key and hands it over the private message channel at start (host-protocol.ts `secretKey`).
 *
 * `<data>/secret.key.os` holds `safeStorage.encryptString(<base64 key>)`. When no real keychain
 * is available (Linux `basic_text` backend, or encryption unavailable) the engine falls back to
 * its own 0600 key file, as headless mode does (electron/engine/secrets.ts).
 * No runtime `electron` import: safeStorage is passed in (tested with a fake).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The part of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

/** File name of the sealed key in the data directory. */
export const OS_KEY_FILE = 'secret.key.os';

/**
 * Open (or create) the OS-keychain-sealed key.
 * @param dataDir the data directory
 * @param safe Electron's safeStorage
 * @param platform `process.platform`
 * @returns `{ key }` (base64 of 32 bytes) or `{ key: undefined, reason }` when no keychain is usable
 * @throws when the data directory cannot be written
 */
export function openOsSecretKey(dataDir: string, safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): { key: string } | { key: undefined; reason: string } {
  if (!safe.isEncryptionAvailable()) return { key: undefined, reason: 'OS keychain unavailable' };
  const backend = platform === 'linux' ? safe.getSelectedStorageBackend?.() : undefined;
  if (backend === 'basic_text' || backend === 'unknown') return { key: undefined, reason: `no Linux keyring (safeStorage backend ${backend})` };
  const path = join(dataDir, OS_KEY_FILE);
  let sealed: Buffer | undefined;
  try {
    sealed = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (sealed) {
    try {
      const key = safe.decryptString(sealed);
      if (Buffer.from(key, 'base64').length === 32) return { key };
    } catch {
      /* another user's or machine's keychain: keep the file aside and start a new key */
    }
    renameSync(path, `${path}.unreadable-${Date.now()}`);
  }
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, safe.encryptString(key), { mode: 0o600, flag: 'wx' });
  return { key };
}
