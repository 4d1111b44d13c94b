/**
 * What the technician enters on the phone for a target: Server Type and Server Address (MegaPath
 * IP650/IP670 Enrollment Guide, Normal path steps 9-16 and Boot path steps 12-15; the address is
 * host[:port][/path]), from a provider profile or from ProvKit's own server status; and the keypad
 * procedure each path follows.
 */
import type { Enrollment, EnrollTarget } from '../../../shared/api-enroll';
import type { ServerKind, ServerStatus } from '../../../shared/dto';
import { defaultProcedure, type AddressProcedureId } from '../../../shared/keypad/address-procedures';

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
    ...(factory ? { credentials: 'PlcmSpIp / PlcmSpIp (the phone’s factory default FTP account)' } : {}),
    ...(LOOPBACK.test(host) ? { problem: `The ${typeLabel} server listens on ${host}, which only this computer can reach. Bind it to the network phones are on (Servers page).` } : {}),
  };
}

/**
 * The keypad procedure to follow for a phone: the one the user switched to, else the one of the
 * provider preset picked (CIC, AltiGen), else the MegaPath guide's.
 */
export function keypadProcedure(e: Pick<Enrollment, 'keypadProcedure' | 'target'>): AddressProcedureId {
  return e.keypadProcedure ?? defaultProcedure(e.target?.kind === 'provider' ? e.target.presetId : undefined);
}
