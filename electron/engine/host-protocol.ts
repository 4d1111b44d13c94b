/**
 * Messages between the desktop main process and the engine process (an Electron
 * `utilityProcess` running host-entry.ts; design.md "Engine process"). Plain, structured-clone
 * safe objects over `process.parentPort` / `UtilityProcess.postMessage`.
 *
 * main → engine: `init` once, then `request`s, then `shutdown`.
 * engine → main: `ready` (or `init-failed`), a `response` per request (same `id`), `event`s,
 * and `closed` after `shutdown`.
 */
import type { ApiErrorBody, EventName } from '../../shared/api';
import type { ServerKind } from '../../shared/dto';

/** What the main process tells a new engine process. */
export interface HostInit {
  dataDir: string;
  resourcesDir?: string;
  /**
   * 32-byte key (base64) for secrets at rest, kept sealed by Electron `safeStorage` in the main
   * process (electron/main/secret-key.ts); absent = the engine's own key file (no OS keychain).
   */
  secretKey?: string;
  /** Servers that were listening when the previous engine process died: started again. */
  restartServers?: ServerKind[];
}

/** main → engine. */
export type HostRequest =
  | { type: 'init'; init: HostInit }
  | { type: 'request'; id: number; name: string; args: unknown }
  | { type: 'shutdown' };

/** engine → main. */
export type HostMessage =
  | { type: 'ready'; pid: number }
  | { type: 'init-failed'; error: ApiErrorBody['error'] }
  | { type: 'response'; id: number; result: unknown }
  | { type: 'response'; id: number; error: ApiErrorBody['error'] }
  | { type: 'event'; event: EventName; payload: unknown }
  | { type: 'closed' };

/**
 * Narrow an incoming message to a {@link HostRequest}; anything else is ignored by the host.
 * @param data `MessageEvent.data`
 * @returns the request or undefined
 */
export function asHostRequest(data: unknown): HostRequest | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.type === 'shutdown') return { type: 'shutdown' };
  if (m.type === 'init' && typeof m.init === 'object' && m.init !== null && typeof (m.init as HostInit).dataDir === 'string') {
    return { type: 'init', init: m.init as HostInit };
  }
  if (m.type === 'request' && typeof m.id === 'number' && typeof m.name === 'string') return { type: 'request', id: m.id, name: m.name, args: m.args };
  return undefined;
}
