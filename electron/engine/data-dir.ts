/**
 * Where ProvKit keeps its data: `--data DIR`, else `PROVKIT_DATA`, else the OS app-data folder
 * (Linux `$XDG_DATA_HOME/provkit` or `~/.local/share/provkit`, macOS
 * `~/Library/Application Support/ProvKit`, Windows `%APPDATA%\ProvKit`).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Resolve the data directory.
 * @param flag value of `--data`, if given
 * @param env environment (injectable for tests)
 * @returns an absolute path (not created here)
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (flag) return resolve(flag);
  if (env.PROVKIT_DATA) return resolve(env.PROVKIT_DATA);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'ProvKit');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'ProvKit');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'provkit');
}
