/**
 * All stores of the app, created over one client, with event subscriptions and the reload
 * that follows a reconnect of the event stream.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../../shared/api';
import type { ConnectionSource } from '../api/transport';
import { createAccessStore, type AccessState } from './access';
import { createConnectionStore, type ConnectionStoreState } from './connection';
import { createDhcpStore, type DhcpState } from './dhcp';
import { createEngineStore, type EngineState } from './engine';
import { createInventoryStore, type InventoryState } from './inventory';
import { createLogStore, type LogState } from './log';
import { createEnrollStore, type EnrollState } from './enroll';
import { createFirmwareStore, type FirmwareState } from './firmware';
import { createLostPasswordStore, type LostPasswordState } from './lost-password';
import { createPhoneAdminStore, type PhoneAdminState } from './phone-admin';
import { createPhoneWebStore, type PhoneWebState } from './phone-web';
import { createPhonesStore, type PhonesState } from './phones';
import { createServersStore, type ServersState } from './servers';
import { createTimelineStore, type TimelineState } from './timeline';

/** The app's stores. */
export interface AppStores {
  phones: StoreApi<PhonesState>;
  timeline: StoreApi<TimelineState>;
  servers: StoreApi<ServersState>;
  engine: StoreApi<EngineState>;
  connection: StoreApi<ConnectionStoreState>;
  inventory: StoreApi<InventoryState>;
  enroll: StoreApi<EnrollState>;
  lostPassword: StoreApi<LostPasswordState>;
  phoneWeb: StoreApi<PhoneWebState>;
  phoneAdmin: StoreApi<PhoneAdminState>;
  firmware: StoreApi<FirmwareState>;
  dhcp: StoreApi<DhcpState>;
  /** The Log page: every request, DHCP packet and syslog line. */
  log: StoreApi<LogState>;
  /** Provisioning accounts (loaded by the Servers page). */
  access: StoreApi<AccessState>;
}

/**
 * Create every store over `client`, subscribe them to events and load their first data.
 * Whenever the event stream (re)opens, everything is reloaded, since events were missed meanwhile.
 * @param client the ApiClient plus its connection state
 * @returns the stores and `stop()` to unsubscribe everything
 */
export function startStores(client: ApiClient & { connection: ConnectionSource }): { stores: AppStores; stop: () => void } {
  const phones = createPhonesStore(client);
  const timeline = createTimelineStore(client);
  const servers = createServersStore(client);
  const engine = createEngineStore(client);
  const conn = createConnectionStore(client.connection);
  const inventory = createInventoryStore(client);
  const enroll = createEnrollStore(client);
  const lostPassword = createLostPasswordStore();
  const phoneWeb = createPhoneWebStore(client);
  const phoneAdmin = createPhoneAdminStore(client);
  const firmware = createFirmwareStore(client);
  const dhcp = createDhcpStore(client);
  const log = createLogStore(client);
  const stores: AppStores = { phones, timeline, servers, engine, connection: conn.store, inventory, enroll, lostPassword, phoneWeb, phoneAdmin, firmware, dhcp, log, access: createAccessStore(client) };

  const reloadAll = (): void => {
    void engine.getState().load();
    void servers.getState().load();
    void servers.getState().loadInterfaces();
    void phones.getState().load();
    void timeline.getState().reload();
    void inventory.getState().load();
    void enroll.getState().load();
    void phoneWeb.getState().reload();
    void phoneAdmin.getState().reload();
    void firmware.getState().load();
    void dhcp.getState().load();
    void log.getState().reload();
  };
  const unsubs = [phones.getState().attach(), timeline.getState().attach(), servers.getState().attach(), inventory.getState().attach(), enroll.getState().attach(), phoneWeb.getState().attach(), phoneAdmin.getState().attach(), firmware.getState().attach(), dhcp.getState().attach(), log.getState().attach(), conn.detach];
  // Events sent before the socket opened (or while it was down) were missed: reload on every
  // transition to open. An IPC client starts open and never transitions.
  let last = conn.store.getState().state;
  unsubs.push(
    conn.store.subscribe((s) => {
      if (s.state === 'open' && last !== 'open') reloadAll();
      last = s.state;
    }),
  );
  reloadAll();
  return { stores, stop: () => unsubs.forEach((u) => u()) };
}
