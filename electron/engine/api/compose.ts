/**
 * The engine's implementation of every request in shared/api.ts, composed from each area's handlers
 * (`<area>/handlers.ts`, beside its domain). Each area takes only what it uses of the host; the
 * engine passes itself. Arguments arrive validated (each transport calls `parseRequestArgs` first).
 */
import { platform } from 'node:os';
import type { ApiHandlers } from '../../../shared/api';
import { createDesktopHandlers } from '../desktop/handlers';
import type { DhcpService } from '../dhcp/dhcp-service';
import { createDhcpHandlers } from '../dhcp/handlers';
import { createEnrollHandlers, type EnrollHost } from '../enroll/handlers';
import { createFirmwareHandlers } from '../firmware/handlers';
import type { FirmwareService } from '../firmware/service';
import { createInventoryHandlers, type InventoryHost } from '../inventory/handlers';
import { createPhonesHandlers } from '../phones/handlers';
import { listPhones, type PhoneListSources } from '../phones/phone-list';
import { createSecurityHandlers, createServerHandlers, type ServersHost } from '../provisioning/handlers';
import type { ProvisioningAccounts } from '../provisioning/accounts';
import { listInterfaces } from '../server-control';

/** Everything the handlers use of the host (the engine satisfies it). */
export type ApiHost = EnrollHost &
  InventoryHost &
  ServersHost &
  PhoneListSources & {
    version: string;
    options: { mode: 'desktop' | 'headless'; dataDir: string };
    provisioningRoot: string;
    firmware: FirmwareService;
    dhcp: DhcpService;
    provisioningAccounts: ProvisioningAccounts;
  };

/**
 * Build the handler table for a host.
 * @param engine the host (the engine)
 * @returns one async function per request name
 */
export function createApiHandlers(engine: ApiHost): ApiHandlers {
  return {
    getInfo: async () => ({
      version: engine.version,
      mode: engine.options.mode,
      dataDir: engine.options.dataDir,
      provisioningRoot: engine.provisioningRoot,
      platform: platform(),
    }),
    listInterfaces: async () => listInterfaces(),
    listPhones: async () => listPhones(engine),
    ...createServerHandlers(engine),
    ...createInventoryHandlers(engine),
    ...createEnrollHandlers(engine),
    ...createPhonesHandlers(engine),
    ...createDesktopHandlers(engine),
    ...createFirmwareHandlers(engine),
    ...createDhcpHandlers(engine),
    ...createSecurityHandlers(engine),
  };
}
