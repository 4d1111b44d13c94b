/**
 * Desktop transport: wraps the `window.provkit` bridge exposed by the preload script.
 */
import type { ApiEvents, EventName, RequestArgs, RequestName, RequestResults } from '../../../shared/api';
import { ApiError, errorInfoFromBody, errorInfoFromObject } from './errors';
import { createConnectionSource, type ConnectionSource, type TransportClient } from './transport';

/** What the preload exposes on `window.provkit` (contextBridge). */
export interface ProvkitBridge {
  invoke(name: string, args: unknown): Promise<unknown>;
  /** Subscribe to an engine event by name; the callback gets the payload. Returns unsubscribe. */
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Desktop: the path of a file picked in the native file dialog (Electron webUtils.getPathForFile). */
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    provkit?: ProvkitBridge;
  }
}

/**
 * Map whatever an IPC invoke rejected with to an `ApiError`. Electron keeps only the message of
 * errors thrown in the main process, so a structured `{ code, message, fix }` (or an `ApiErrorBody`)
 * is used when the bridge passes one; otherwise a JSON `ApiErrorBody` inside the message is tried.
 * @param err the rejection value
 * @returns an ApiError with code/message/fix
 */
export function ipcError(err: unknown): ApiError {
  const structured = errorInfoFromBody(err) ?? (typeof err === 'object' && err && 'code' in err ? errorInfoFromObject(err) : undefined);
  if (structured) return new ApiError(structured);
  const message = err instanceof Error ? err.message : String(err);
  const json = /\{.*\}\s*$/s.exec(message);
  if (json) {
    try {
      const info = errorInfoFromBody(JSON.parse(json[0]));
      if (info) return new ApiError(info);
    } catch {
      /* not JSON: fall through */
    }
  }
  return new ApiError({ code: 'IPC_ERROR', message: message.replace(/^Error invoking remote method '[^']*': (Error: )?/, '') });
}

/**
 * Create the desktop client over the preload bridge. IPC is connected while the window lives; the
 * connection state is `down` while the main process reports the engine process restarting/failed.
 * @param bridge the `window.provkit` object
 * @returns an `ApiClient` whose errors are `ApiError`s
 */
export function createIpcClient(bridge: ProvkitBridge): TransportClient {
  const source = createConnectionSource('open');
  let watching = false;
  // The desktop restarts its engine process after a crash: show the banner meanwhile,
  // and let the stores reload when it is back. Subscribed once someone follows the connection.
  const connection: ConnectionSource = {
    get: () => source.get(),
    subscribe(listener) {
      if (!watching) {
        watching = true;
        bridge.on('engine', (s) => source.set((s as { state?: string })?.state === 'running' ? 'open' : 'down'));
      }
      return source.subscribe(listener);
    },
  };
  return {
    transport: 'ipc',
    connection,
    async invoke<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResults[K]> {
      try {
        return (await bridge.invoke(name, args ?? {})) as RequestResults[K];
      } catch (err) {
        throw ipcError(err);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      return bridge.on(event, listener as (payload: unknown) => void);
    },
  };
}
