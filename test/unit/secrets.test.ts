import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCipher, SecretError, SecretStore } from '../../electron/engine/secrets';

describe('SecretStore with the headless key file', () => {
  it('round-trips, never stores the clear text, keeps the key 0600 and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-sec-'));
    const store = new SecretStore(await fileCipher(dir));
    const sealed = store.seal('456');
    expect(sealed).toMatch(/^v1:file:/);
    expect(sealed).not.toContain('456');
    expect(store.seal('456')).not.toBe(sealed); // random IV
    expect(store.open(sealed)).toBe('456');
    expect((await stat(join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    const again = new SecretStore(await fileCipher(dir));
    expect(again.open(sealed)).toBe('456');
    expect((await readFile(join(dir, 'secret.key'))).length).toBe(32);
  });

  it('refuses tampered data, another key, and the desktop kind', async () => {
    const a = new SecretStore(await fileCipher(await mkdtemp(join(tmpdir(), 'provkit-sec-'))));
    const b = new SecretStore(await fileCipher(await mkdtemp(join(tmpdir(), 'provkit-sec-'))));
    const sealed = a.seal('Polycom');
    expect(() => b.open(sealed)).toThrow(SecretError);
    const raw = Buffer.from(sealed.slice(7), 'base64');
    raw[raw.length - 1]! ^= 1;
    expect(() => a.open(`v1:file:${raw.toString('base64')}`)).toThrow(/cannot be decrypted/);
    expect(() => a.open('v1:os:AAAA')).toThrow(/OS keychain/);
    expect(() => a.open('plain')).toThrow(SecretError);
  });

  it('refuses a key file of the wrong size with what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provkit-sec-'));
    await writeFile(join(dir, 'secret.key'), 'short');
    await expect(fileCipher(dir)).rejects.toThrow(/not a 32-byte key/);
  });
});
