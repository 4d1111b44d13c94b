/**
 * Desktop transport, main-process side (design.md "One contract, two transports"): one
 * `ipcMain.handle` per contract request, a sender-frame check, zod validation of the arguments,
 * errors mapped to the contract's `ApiErrorBody`, and every engine event forwarded to the window.
 *
 * No runtime import of `electron`: the functions take the `ipcMain` / `webContents` objects, so
 * they are unit-tested with fakes.
 */
import {
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  REQUEST_NAMES,
  parseRequestArgs,
  type ApiErrorBody,
  type ApiHandlers,
  type EventName,
  type RequestName,
} from '../../shared/api';
import { INTERNAL_ERROR, toErrorBody } from '../engine/api/error-body';

export { INTERNAL_ERROR, toErrorBody };

/**
 * What a handler sends back over IPC. Electron keeps only the `message` of an Error thrown in a
 * handler, so failures travel as a value: `{ error: { code, message, fix?, issues? } }` (the
 * contract's `ApiErrorBody`); success is wrapped as `{ result }` so a result that happens to
 * carry an `error` field (a `ServerStatus` in state `error`) is never mistaken for a failure.
 * The preload unwraps it.
 */
export type IpcReply<T = unknown> = { result: T } | ApiErrorBody;

/** The part of an `IpcMainInvokeEvent` the handlers read. */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}

/** The part of Electron's `ipcMain` used here (the real one is assignable to it). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The part of a `WebContents` events are sent to. */
export interface EventSink {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** Error code when a request comes from a frame that is not ours. */
export const UNTRUSTED_SENDER = 'UNTRUSTED_SENDER';
/**
 * Is this frame URL our renderer?
 * @param url the sender frame's URL (`event.senderFrame.url`); missing/empty is never trusted
 * @param expected our renderer's location: `app://provkit/index.html` (compared by scheme and host),
 *   the dev server URL (`http://localhost:5173/`, compared by origin) or a built `index.html` as a `file:` URL (compared by exact path; the query and
 *   hash are ignored, so client-side routing with `#/phones` stays trusted)
 * @returns true only when `url` is that origin / that file
 */
export function isTrustedSender(url: string | null | undefined, expected: string): boolean {
  if (!url) return false;
  let actual: URL;
  let wanted: URL;
  try {
    actual = new URL(url);
    wanted = new URL(expected);
  } catch {
    return false;
  }
  if (wanted.protocol === 'app:') {
    // app-protocol.ts serves only the renderer's own files on this origin.
    return actual.protocol === 'app:' && actual.host === wanted.host;
  }
  if (wanted.protocol === 'file:') {
    if (actual.protocol !== 'file:' || actual.host !== wanted.host) return false;
    return normaliseFilePath(actual.pathname) === normaliseFilePath(wanted.pathname);
  }
  // `null` origins (data:, about:blank, custom schemes) never match an http(s) origin.
  return actual.origin !== 'null' && actual.origin === wanted.origin;
}

function normaliseFilePath(pathname: string): string {
  let p: string;
  try {
    p = decodeURIComponent(pathname);
  } catch {
    p = pathname;
  }
  // Windows drive paths (`/C:/…`) are case-insensitive.
  return /^\/[A-Za-z]:\//.test(p) ? p.toLowerCase() : p;
}

/**
 * Register exactly one `ipcMain.handle(IPC_PREFIX + name)` per contract request, and nothing else.
 * Each handler: refuses untrusted senders (`UNTRUSTED_SENDER`), validates the arguments with
 * `parseRequestArgs` (`INVALID_ARGS`), calls the engine handler and answers an `IpcReply`.
 * Handlers never throw, so the renderer always gets the structured error.
 * @param ipcMain Electron's `ipcMain` (or a fake)
 * @param handlers the engine's handlers (`engine.handlers`)
 * @param isTrusted decides from the sender frame's URL whether the request is ours
 * @returns a function removing every handler registered here
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: ApiHandlers,
  isTrusted: (senderUrl: string | undefined) => boolean,
): () => void {
  const channels: string[] = [];
  for (const name of REQUEST_NAMES) {
    const channel = IPC_PREFIX + name;
    ipcMain.handle(channel, (event, args) => handle(name, handlers, isTrusted, event, args));
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

async function handle(
  name: RequestName,
  handlers: ApiHandlers,
  isTrusted: (senderUrl: string | undefined) => boolean,
  event: InvokeEventLike,
  args: unknown,
): Promise<IpcReply> {
  const url = event.senderFrame?.url;
  if (!isTrusted(url)) {
    return {
      error: { code: UNTRUSTED_SENDER, message: `Refused "${name}": the request did not come from ProvKit's own page (${url || 'unknown frame'}).` },
    };
  }
  try {
    const parsed = parseRequestArgs(name, args);
    const handler = handlers[name] as ((a: unknown) => Promise<unknown>) | undefined;
    if (typeof handler !== 'function') {
      return { error: { code: 'NOT_IMPLEMENTED', message: `The engine does not implement "${name}".` } };
    }
    return { result: await handler(parsed) };
  } catch (err) {
    const body = toErrorBody(err);
    if (body.error.code === INTERNAL_ERROR) console.error(`[ipc] ${name} failed:`, err);
    return body;
  }
}

/**
 * Forward every engine event to the window as `{ event, payload }` on `IPC_EVENT_CHANNEL`.
 * Events arriving while there is no live window are dropped (the renderer reloads state on start).
 * @param onEvent the engine's `onEvent` subscription function
 * @param target returns the current window's webContents, or undefined when there is none
 * @returns the unsubscribe function
 */
export function forwardEvents(
  onEvent: (listener: (event: EventName, payload: unknown) => void) => () => void,
  target: () => EventSink | undefined,
): () => void {
  return onEvent((event, payload) => {
    const wc = target();
    if (!wc || wc.isDestroyed()) return;
    try {
      wc.send(IPC_EVENT_CHANNEL, { event, payload });
    } catch (err) {
      console.error(`[ipc] could not forward event ${event}:`, err);
    }
  });
}
