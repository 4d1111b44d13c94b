/**
 * All stores of the app, created over one client, with event subscriptions and the reload
 * that follows a reconnect of the event stream.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../../shared/api';
import type { ConnectionSource } from '../api/transport';
import { createConnectionStore, type ConnectionStoreState } from './connection';
import { createEngineStore, type EngineState } from './engine';
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
  const stores: AppStores = { phones, timeline, servers, engine, connection: conn.store };

  const reloadAll = (): void => {
    void engine.getState().load();
    void servers.getState().load();
    void servers.getState().loadInterfaces();
    void phones.getState().load();
    void timeline.getState().reload();
  };
  const unsubs = [phones.getState().attach(), timeline.getState().attach(), servers.getState().attach(), conn.detach];
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
