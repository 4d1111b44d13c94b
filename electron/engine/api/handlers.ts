/**
 * The engine's implementation of every request in shared/api.ts. Arguments arrive validated
 * (each transport calls `parseRequestArgs` first).
 */
import { isPhoneMac } from '../../../shared/phone-identity';
import { platform } from 'node:os';
import type { ApiHandlers } from '../../../shared/api';
import type { PhoneSummary } from '../../../shared/dto';
import type { Engine } from '../engine';
import { listInterfaces } from '../server-control';
import { createDesktopHandlers } from './desktop-handlers';
import { createEnrollHandlers } from './enroll-handlers';
import { createFirmwareHandlers } from './firmware-handlers';
import { createDhcpHandlers } from './dhcp-handlers';
import { createInventoryHandlers } from './inventory-handlers';
import { createPhonesHandlers } from './phones-handlers';
import { createSecurityHandlers } from './security-handlers';

/**
 * Build the handler table for an engine.
 * @returns one async function per request name
 */
export function createApiHandlers(engine: Engine): ApiHandlers {
  return {
    getInfo: async () => ({
      version: engine.version,
      mode: engine.options.mode,
      dataDir: engine.options.dataDir,
      provisioningRoot: engine.provisioningRoot,
      platform: platform(),
    }),
    listServers: async () => [engine.servers.http.status(), engine.servers.ftp.status(), engine.servers.tftp.status()],
    startServer: async ({ kind }) => engine.servers[kind].start(),
    stopServer: async ({ kind }) => engine.servers[kind].stop(),
    configureServer: async ({ kind, bind, port, pathPrefix, factoryAccount, maxTransfers }) => {
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
    listInterfaces: async () => listInterfaces(),
    listPhones: async () => listPhones(engine),
    getTimeline: async ({ mac, limit }) => engine.requestLog.timeline(mac, limit),
    listRequests: async ({ limit }) => engine.requestLog.recent(limit),
    ...createInventoryHandlers(engine),
    ...createEnrollHandlers(engine),
    ...createPhonesHandlers(engine),
    ...createDesktopHandlers(engine),
    ...createFirmwareHandlers(engine),
    ...createDhcpHandlers(engine),
    ...createSecurityHandlers(engine),
  };
}

/**
 * Phones seen by the servers, with their inventory label, most recent first. Inventory phones never
 * seen are listed by `listInventory` (the Phones page's Inventory tab, virtualised for 5,000 rows).
 */
export function listPhones(engine: Engine): PhoneSummary[] {
  const seen = engine.requestLog.phones().map((p) => engine.decorate(p));
  // Phones seen only by DHCP join the list, then phones found only on the network (their web UI
  // answered): one row per MAC.
  const macs = new Set(seen.map((p) => p.mac));
  const dhcp = engine.dhcp.dhcpOnlyPhones(macs).map((p) => engine.decorate(p));
  for (const p of dhcp) macs.add(p.mac);
  const network: PhoneSummary[] = [];
  for (const w of engine.phones.webPhones()) {
    if (!w.mac || macs.has(w.mac) || !isPhoneMac(w.mac)) continue;
    macs.add(w.mac);
    const model = w.info?.modelCode ?? w.info?.model;
    network.push(
      engine.decorate({
        mac: w.mac,
        requests: 0,
        errors: 0,
        inInventory: false,
        lastAddress: w.host,
        firstSeen: w.seenAt,
        lastSeen: w.seenAt,
        ...(w.vendor ? { ouiVendor: w.vendor } : {}),
        ...(model ? { model } : {}),
        ...(w.info?.appVersion ? { firmware: w.info.appVersion } : {}),
      }),
    );
  }
  return [...seen, ...dhcp, ...network];
}
