/**
 * Handlers of the provisioning servers (shared/api.ts: servers, request log) and of provisioning
 * access (shared/api-security.ts): the provisioning account per site and whether files carrying
 * secrets go out over TFTP (provisioning/guard.ts).
 */
import type { ApiHandlers } from '../../../shared/api';
import type { SecurityRequestResults } from '../../../shared/api-security';
import type { ServerKind, ServerStatus } from '../../../shared/dto';
import type { SecretStore } from '../secrets';
import type { SettingsData } from '../settings';
import type { ProvisioningAccounts } from './accounts';
import type { RequestLog } from './request-log';

type SecurityHandlers = Pick<ApiHandlers, keyof SecurityRequestResults>;
type ServerHandlers = Pick<ApiHandlers, 'listServers' | 'startServer' | 'stopServer' | 'configureServer' | 'getTimeline' | 'listRequests'>;

/** What the server handlers use of the host. */
export interface ServersHost {
  /** ProvKit's provisioning servers. */
  servers: Record<ServerKind, { status(): ServerStatus; start(): Promise<ServerStatus>; stop(): Promise<ServerStatus> }>;
  /** Save a server's settings and restart it if it was running. */
  configure<K extends ServerKind>(kind: K, patch: Partial<SettingsData[K]>): Promise<ServerStatus>;
  /** Seals the HTTPS key's passphrase at rest. */
  secrets: Pick<SecretStore, 'seal'>;
  /** Requests the servers answered. */
  requestLog: Pick<RequestLog, 'timeline' | 'recent'>;
}

/**
 * Build the server and request-log handlers.
 * @param engine what they use of the host (servers, their settings, the secret store, the request log)
 * @returns `listServers`, `startServer`, `stopServer`, `configureServer`, `getTimeline`, `listRequests`
 */
export function createServerHandlers(engine: ServersHost): ServerHandlers {
  return {
    listServers: async () => [engine.servers.http.status(), engine.servers.https.status(), engine.servers.ftp.status(), engine.servers.tftp.status()],
    startServer: async ({ kind }) => engine.servers[kind].start(),
    stopServer: async ({ kind }) => engine.servers[kind].stop(),
    configureServer: async ({ kind, bind, port, pathPrefix, factoryAccount, maxTransfers, tlsCompat, certNames, certSource, ownCert, ownKey, ownPassphrase, clientCa }) => {
      if (kind === 'https') {
        const patch = { bind, port, compat: tlsCompat, certNames, certSource, ownCert, ownKey, clientCa, ...(ownPassphrase !== undefined ? { ownPassphrase: ownPassphrase ? engine.secrets.seal(ownPassphrase) : '' } : {}) };
        return engine.configure('https', Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
      }
      if (kind === 'tftp') {
        return engine.configure('tftp', {
          ...(bind !== undefined ? { bind } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(maxTransfers !== undefined ? { maxTransfers } : {}),
        });
      }
      if (kind === 'http') {
        return engine.configure('http', {
          ...(bind !== undefined ? { bind } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(pathPrefix !== undefined ? { pathPrefix } : {}),
        });
      }
      return engine.configure('ftp', {
        ...(bind !== undefined ? { bind } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(factoryAccount !== undefined ? { factoryAccount } : {}),
      });
    },
    getTimeline: async ({ mac, limit }) => engine.requestLog.timeline(mac, limit),
    listRequests: async ({ limit }) => engine.requestLog.recent(limit),
  };
}

/**
 * Build the provisioning-access handlers.
 * @param engine the host's provisioning accounts
 * @returns `getProvisioningAccess`, `setProvisioningAccount`, `removeProvisioningAccount`, `setTftpSecrets`
 */
export function createSecurityHandlers(engine: { provisioningAccounts: ProvisioningAccounts }): SecurityHandlers {
  const accounts = engine.provisioningAccounts;
  return {
    getProvisioningAccess: async () => accounts.view(),
    setProvisioningAccount: async ({ site, user, password }) => accounts.set(site, user, password),
    removeProvisioningAccount: async ({ site }) => accounts.remove(site),
    setTftpSecrets: async ({ allow }) => accounts.setTftpSecrets(allow),
  };
}
