/**
 * Whether the engine's event stream is up, mirrored from the transport for the UI banner.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionSource, ConnectionState } from '../api/transport';

/** State of the connection store. */
export interface ConnectionStoreState {
  state: ConnectionState;
}

/**
 * Create a store that follows a transport's connection state.
 * @param source the transport's connection source
 * @returns the store and a function that stops following
 */
export function createConnectionStore(source: ConnectionSource): { store: StoreApi<ConnectionStoreState>; detach: () => void } {
  const store = createStore<ConnectionStoreState>(() => ({ state: source.get() }));
  const detach = source.subscribe((state) => store.setState({ state }));
  return { store, detach };
}
