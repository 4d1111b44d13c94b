/**
 * The `window.provkit` bridge object, built over an `ipcRenderer`: `invoke(name, args)` and
 * `on(event, listener)`, limited to the contract's request and event names
 * (design.md "One contract, two transports"). No `electron` import, so it is unit-tested with a
 * fake; electron/preload/index.ts exposes it.
 */
import { EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX, REQUEST_NAMES, type ApiErrorBody } from '../../shared/api';
import type { IpcReply } from '../main/ipc';

/** What `window.provkit` offers (structurally the renderer's `ProvkitBridge`). */
export interface ProvkitBridge {
  /**
   * Call a contract request.
   * @returns the result; rejects with a plain `{ name: 'ApiError', code, message, fix?, issues? }`
   *   (a plain object because contextBridge drops custom properties of Error objects)
   */
  invoke(name: string, args?: unknown): Promise<unknown>;
  /**
   * Subscribe to a contract event.
   * @returns the unsubscribe function
   * @throws Error when the event name is not in the contract or the listener is not a function
   */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** The part of Electron's `ipcRenderer` used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The rejection value of `invoke`. */
export type BridgeError = ApiErrorBody['error'] & { name: 'ApiError' };

function bridgeError(info: ApiErrorBody['error']): BridgeError {
  const out: BridgeError = { name: 'ApiError', code: info.code, message: info.message };
  if (info.fix !== undefined) out.fix = info.fix;
  if (info.issues !== undefined) out.issues = [...info.issues];
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Build the bridge object over an `ipcRenderer`.
 * Unknown request names reject with `UNKNOWN_REQUEST` without touching IPC; unknown event names
 * throw. One `IPC_EVENT_CHANNEL` listener is attached while anyone is subscribed.
 * @param ipc Electron's `ipcRenderer` (or a fake)
 * @returns the object exposed as `window.provkit`
 */
export function createBridge(ipc: IpcRendererLike): ProvkitBridge {
  const requests = new Set<string>(REQUEST_NAMES);
  const events = new Set<string>(EVENT_NAMES);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let subscribed = false;

  const dispatch = (_event: unknown, message: unknown): void => {
    if (!isRecord(message) || typeof message.event !== 'string') return;
    const set = listeners.get(message.event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(message.payload);
      } catch (err) {
        console.error(`[provkit] listener for "${message.event}" threw:`, err);
      }
    }
  };

  const updateSubscription = (): void => {
    const wanted = [...listeners.values()].some((s) => s.size > 0);
    if (wanted && !subscribed) ipc.on(IPC_EVENT_CHANNEL, dispatch);
    if (!wanted && subscribed) ipc.removeListener(IPC_EVENT_CHANNEL, dispatch);
    subscribed = wanted;
  };

  return {
    async invoke(name: string, args?: unknown): Promise<unknown> {
      if (typeof name !== 'string' || !requests.has(name)) {
        throw bridgeError({ code: 'UNKNOWN_REQUEST', message: `"${String(name)}" is not a ProvKit request.` });
      }
      let reply: IpcReply | undefined;
      try {
        reply = (await ipc.invoke(IPC_PREFIX + name, args ?? {})) as IpcReply | undefined;
      } catch (err) {
        // Electron failed before our handler answered (no handler yet, arguments not cloneable).
        const message = err instanceof Error ? err.message : String(err);
        throw bridgeError({ code: 'IPC_ERROR', message: message.replace(/^Error invoking remote method '[^']*': (Error: )?/, '') });
      }
      if (isRecord(reply) && 'result' in reply) return reply.result;
      if (isRecord(reply) && isRecord(reply.error) && typeof reply.error.message === 'string') {
        const e = reply.error as ApiErrorBody['error'];
        throw bridgeError({ ...e, code: typeof e.code === 'string' ? e.code : 'ERROR' });
      }
      throw bridgeError({ code: 'IPC_ERROR', message: `Malformed reply to "${name}".` });
    },

    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`"${String(event)}" is not a ProvKit event.`);
      if (typeof listener !== 'function') throw new Error('The listener must be a function.');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const own = (payload: unknown): void => listener(payload);
      set.add(own);
      updateSubscription();
      return () => {
        if (set.delete(own)) updateSubscription();
      };
    },
  };
}

