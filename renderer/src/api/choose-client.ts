/**
 * Picks the transport once, at start: the desktop bridge when the preload exposed one,
 * else HTTP/WebSocket to the page's own origin.
 */
import { createHttpClient } from './http-client';
import { createIpcClient, type ProvkitBridge } from './ipc-client';
import type { TransportClient } from './transport';

/**
 * Choose the client for this window.
 * @param win the window (or any object that may carry `provkit`); default `window`
 * @returns the IPC client when `win.provkit` exists, else the HTTP/WS client
 */
export function chooseClient(win: { provkit?: ProvkitBridge } = window): TransportClient {
  return win.provkit ? createIpcClient(win.provkit) : createHttpClient();
}
