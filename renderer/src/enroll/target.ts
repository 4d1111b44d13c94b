/**
 * What the technician enters on the phone for a target: Server Type and Server Address (seed
 * `polycom-ip650-670-enrollment-guide.txt` L77-87 / L126-133; facts §1 "host[:port][/path]"), from
 * a provider profile or from ProvKit's own server status; and which keypad field each path types in.
 */
import type { EnrollTarget } from '../../../shared/api-enroll';
import type { ServerKind, ServerStatus } from '../../../shared/dto';
import type { KeypadProfileId } from '../../../shared/keypad/profiles';

/** The guide's own example target (seed L9, L77, L81-87): MegaPath, HTTP, `72.245.184.168/mpv`. */
export const SEED_EXAMPLE: Extract<EnrollTarget, { kind: 'provider' }> = {
  kind: 'provider',
  name: 'MegaPath Voice (the guide’s example)',
  type: 'http',
  server: '72.245.184.168/mpv',
};

/** Server Type and Address to enter, or why they cannot be given yet. */
export interface ServerEntryInfo {
  /** `HTTP`, `FTP`… as the phone menu shows it. */
  typeLabel: string;
  /** What to type, e.g. `72.245.184.168/mpv` or `10.0.0.5:8080`. */
  address: string;
  /** User the phone must send (FTP factory account), for people. */
  credentials?: string;
  /** Something that will stop the phone reaching it (server off, loopback address). */
  problem?: string;
  /** Whether ProvKit will see the phone's requests (its own server) or not (a provider's). */
  watchable: boolean;
}

const LOOPBACK = /^(127\.|::1$|localhost$|\[::1\])/i;

/**
 * The entry for a target.
 * @param target where the phone is sent
 * @param servers ProvKit's server statuses by kind (for its own server)
 * @returns type, address and any problem; undefined when no target is chosen
 */
export function serverEntry(target: EnrollTarget | undefined, servers: Partial<Record<ServerKind, ServerStatus>>): ServerEntryInfo | undefined {
  if (!target) return undefined;
  if (target.kind === 'provider') return { typeLabel: target.type.toUpperCase(), address: target.server.replace(/^[a-z]+:\/\//i, ''), watchable: false, ...(target.user ? { credentials: `user ${target.user}` } : {}) };
  const st = servers[target.server];
  const typeLabel = target.server.toUpperCase();
  if (!st || st.state !== 'listening' || !st.url) {
    return { typeLabel, address: '', watchable: true, problem: `ProvKit’s ${typeLabel} server is not listening. Start it on the Servers page.` };
  }
  const address = st.url.replace(/^[a-z]+:\/\//i, '').replace(/\/$/, '');
  const host = address.replace(/:\d+$/, '').replace(/\/.*$/, '');
  const factory = target.server === 'ftp' && st.options['factoryAccount'] === true;
  return {
    typeLabel,
    address,
    watchable: true,
    ...(factory ? { credentials: 'PlcmSpIp / PlcmSpIp (the phone’s factory default, facts §1)' } : {}),
    ...(LOOPBACK.test(host) ? { problem: `The ${typeLabel} server listens on ${host}, which only this computer can reach. Bind it to the network phones are on (Servers page).` } : {}),
  };
}

/**
 * The keypad field each keypad path types the address into.
 * @param path `normal` (phone menus, seed L78-88) or `boot` (boot Setup menu, seed L129-133)
 */
export function addressProfile(path: 'normal' | 'boot'): KeypadProfileId {
  return path === 'normal' ? 'polycom-app-entry' : 'polycom-boot-setup';
}
