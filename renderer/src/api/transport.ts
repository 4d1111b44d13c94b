/**
 * What the app needs from a transport beyond the contract's `ApiClient`: whether the engine's
 * event stream is up, so the UI can say so and reload after a reconnect.
 */
import type { ApiClient } from '../../../shared/api';

/** `open`: events flow. `connecting`: first attempt in progress. `down`: lost, retrying. */
export type ConnectionState = 'connecting' | 'open' | 'down';

/** Observable connection state of a transport. */
export interface ConnectionSource {
  /** Current state. */
  get(): ConnectionState;
  /** Call `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (state: ConnectionState) => void): () => void;
}

/** An `ApiClient` plus its connection state. */
export interface TransportClient extends ApiClient {
  readonly connection: ConnectionSource;
  /** Which transport was chosen: desktop IPC or headless HTTP/WebSocket. */
  readonly transport: 'ipc' | 'http';
}

/**
 * A tiny observable value, used by transports to publish their connection state.
 * @param initial the first state
 * @returns the source plus a `set` function for the transport
 */
export function createConnectionSource(initial: ConnectionState): ConnectionSource & { set(s: ConnectionState): void } {
  let state = initial;
  const listeners = new Set<(s: ConnectionState) => void>();
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      if (next === state) return;
      state = next;
      for (const l of [...listeners]) l(next);
    },
  };
}
