/**
 * Handlers of provisioning access (shared/api-security.ts): the provisioning account per site and
 * whether files carrying secrets go out over TFTP (provisioning/guard.ts).
 */
import type { ApiHandlers } from '../../../shared/api';
import type { SecurityRequestResults } from '../../../shared/api-security';
import type { Engine } from '../engine';

type SecurityHandlers = Pick<ApiHandlers, keyof SecurityRequestResults>;

/** @returns the provisioning-access handlers of an engine */
export function createSecurityHandlers(engine: Engine): SecurityHandlers {
  const accounts = engine.provisioningAccounts;
  return {
    getProvisioningAccess: async () => accounts.view(),
    setProvisioningAccount: async ({ site, user, password }) => accounts.set(site, user, password),
    removeProvisioningAccount: async ({ site }) => accounts.remove(site),
    setTftpSecrets: async ({ allow }) => accounts.setTftpSecrets(allow),
  };
}
