/**
 * The DHCP area's request handlers (contract in shared/api-dhcp.ts). Errors that carry a
 * `fix` (interface, port) keep it for the UI.
 */
import type { ApiHandlers } from '../../../shared/api';
import type { DhcpRequestResults } from '../../../shared/api-dhcp';
import { buildOptions } from './builders';
import type { DhcpService } from './dhcp-service';

type DhcpHandlers = Pick<ApiHandlers, keyof DhcpRequestResults>;

/**
 * Build the DHCP handlers.
 * @param engine the host's DHCP service (sniffer, probe, bench server, packet store)
 * @returns one async function per DHCP request
 */
export function createDhcpHandlers(engine: { dhcp: DhcpService }): DhcpHandlers {
  const d = engine.dhcp;
  return {
    dhcpStatus: async () => d.status(),
    dhcpListPackets: async ({ limit, mac }) => d.store.recent(limit ?? 500, mac),
    dhcpListClients: async () => d.store.clientList(),
    dhcpStartSniffer: async ({ iface, backend }) => d.startSniffer(iface, backend),
    dhcpStopSniffer: async () => d.stopSniffer(),
    dhcpProbe: async ({ iface, profile, mac, waitMs, inform, vendorClass }) =>
      d.probe({ profile, ...(iface ? { iface } : {}), ...(mac ? { mac } : {}), ...(waitMs ? { waitMs } : {}), ...(inform ? { inform } : {}), ...(vendorClass ? { vendorClass } : {}) }),
    dhcpConfigure: async ({ bench, ...rest }) => d.configure({ ...rest, ...(bench ? { bench } : {}) }),
    dhcpStartBench: async ({ force }) => d.startBench(Boolean(force)),
    dhcpStopBench: async () => d.stopBench(),
    dhcpBuild: async (form) => buildOptions(form),
  };
}
