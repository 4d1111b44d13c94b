/**
 * The boot server a phone is sent to by the enrollment wizard: Server Type, Address, User and
 * Password as the phone's web UI takes them.
 * Sources: MegaPath IP650/IP670 Enrollment Guide, Normal path steps 7-9 (Boot Server = Static,
 * Server Type); Polycom UC Software Administrator Guide (FTP factory account PlcmSpIp).
 */
import type { EnrollmentView } from '../../../shared/api-enroll';
import type { ServerKind, ServerStatus } from '../../../shared/dto';
import { EnrollError, type BootSettings } from './automatic';
import type { EnrollmentStore } from './enroll-store';

/** ProvKit's servers as the wizard reads them: each one's current status. */
export type ServerStatusSource = Record<ServerKind, { status(): ServerStatus }>;

/**
 * What the phone's Server Type / Address / User / Password become for a target.
 * ProvKit's own server: its boot URL without the scheme (host[:port][/path], as the phone's Server
 * Address field takes it); over FTP with the factory account, the phone's default `PlcmSpIp`
 * credentials. A provider's address is written as the user typed it, minus a scheme.
 * @param servers ProvKit's servers (their status: state, URL, options)
 * @param e the enrollment, with its target chosen
 * @param store where a provider target's password is kept
 * @returns the boot server fields to write into the phone
 * @throws EnrollError when ProvKit's server is not listening (with the fix)
 */
export function bootServerSettings(servers: ServerStatusSource, e: EnrollmentView, store: Pick<EnrollmentStore, 'targetPassword'>): BootSettings {
  const t = e.target!;
  if (t.kind === 'provider') {
    const password = store.targetPassword(e.mac);
    return { type: t.type, server: t.server.replace(/^[a-z]+:\/\//i, ''), ...(t.user ? { user: t.user } : {}), ...(password ? { password } : {}), bootServer: 'static' };
  }
  const st = servers[t.server].status();
  if (st.state !== 'listening' || !st.url) {
    throw new EnrollError('SERVER_DOWN', `ProvKit's ${t.server.toUpperCase()} server is not listening.`, 'Start it on the Servers page, then try again.');
  }
  const server = st.url.replace(/^[a-z]+:\/\//i, '').replace(/\/$/, '');
  const factory = t.server === 'ftp' && st.options['factoryAccount'] === true;
  return { type: t.server, server, ...(factory ? { user: 'PlcmSpIp', password: 'PlcmSpIp' } : {}), bootServer: 'static' };
}
