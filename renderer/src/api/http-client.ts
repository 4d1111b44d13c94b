/**
 * Headless transport: `POST /api/<name>` for requests, one WebSocket at `/api/events` for events,
 * re-opened with back-off when it drops.
 */
import type { ApiEvents, EventName, RequestArgs, RequestName, RequestResults } from '../../../shared/api';
import { ApiError, errorInfoFromBody } from './errors';
import { takePageToken } from './page-token';
import { createConnectionSource, type TransportClient } from './transport';

/** The subset of the browser WebSocket the client uses (lets tests pass a fake). */
export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

/** Options of {@link createHttpClient}; everything defaults to the browser's globals. */
export interface HttpClientOptions {
  /** Page URL the API is relative to; default `location.href`. */
  pageUrl?: string;
  /** The API access token (sent as `Authorization: Bearer`); default: taken from the page (page-token.ts). */
  token?: string;
  fetch?: typeof fetch;
  /** Opens a WebSocket; default `new WebSocket(url)`. */
  openSocket?: (url: string) => WebSocketLike;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** Back-off before reconnect attempt `n` (1-based), ms; default {@link reconnectDelay}. */
  backoff?: (attempt: number) => number;
}

/** The HTTP/WS client, with `close()` to stop reconnecting (tests, page unload). */
export interface HttpClient extends TransportClient {
  close(): void;
}

/**
 * Back-off before reconnect attempt `attempt`: 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s.
 * @param attempt 1 for the first retry
 * @returns delay in ms
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
}

/**
 * URLs of the API for a page: `<origin>/api/` and `ws(s)://<host>/api/events`.
 * @param pageUrl the page's address (`location.href`)
 * @returns base for requests and the events socket URL (wss: when the page is https:)
 */
export function apiUrls(pageUrl: string): { base: string; events: string } {
  const page = new URL(pageUrl);
  const base = new URL('/api/', page).href;
  const wsProto = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return { base, events: `${wsProto}//${page.host}/api/events` };
}

/**
 * Create the HTTP/WebSocket client. The event socket opens on the first `on()` call.
 * @param opts injectable globals (fetch, WebSocket, timers) and the page URL
 * @returns an `ApiClient` with connection state
 */
export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const token = 'token' in opts ? opts.token : typeof window === 'undefined' ? undefined : takePageToken();
  const urls = apiUrls(opts.pageUrl ?? globalThis.location.href);
  // Browsers cannot give a WebSocket headers: the token goes in the query (the session cookie also works).
  const eventsUrl = token ? `${urls.events}?token=${encodeURIComponent(token)}` : urls.events;
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const doFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const openSocket = opts.openSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
  const setT = opts.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
  const clearT = opts.clearTimeout ?? ((h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>));
  const backoff = opts.backoff ?? reconnectDelay;

  const connection = createConnectionSource('connecting');
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocketLike | undefined;
  let retryTimer: unknown;
  let attempt = 0;
  let closed = false;

  function dispatch(data: unknown): void {
    let msg: unknown;
    try {
      msg = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const { event, payload } = msg as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const l of [...(listeners.get(event) ?? [])]) {
      try {
        l(payload);
      } catch (err) {
        console.error(`provkit: listener for "${event}" failed`, err);
      }
    }
  }

  function connect(): void {
    if (closed) return;
    let ws: WebSocketLike;
    try {
      ws = openSocket(eventsUrl);
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      connection.set('open');
    };
    ws.onmessage = (ev) => dispatch(ev.data);
    ws.onerror = () => {
      /* onclose follows and handles the retry */
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      scheduleRetry();
    };
  }

  function scheduleRetry(): void {
    if (closed) return;
    connection.set('down');
    attempt += 1;
    retryTimer = setT(() => {
      retryTimer = undefined;
      connect();
    }, backoff(attempt));
  }

  async function invoke<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResults[K]> {
    let res: Response;
    try {
      res = await doFetch(new URL(name, urls.base).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...auth },
        body: JSON.stringify(args ?? {}),
      });
    } catch (err) {
      throw new ApiError({
        code: 'ENGINE_UNREACHABLE',
        message: `Cannot reach the ProvKit engine (${err instanceof Error ? err.message : String(err)}).`,
        fix: 'Check that ProvKit is still running on this computer, then try again.',
      });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
      if (res.ok) {
        throw new ApiError({ code: 'BAD_RESPONSE', message: `The engine answered "${name}" with something that is not JSON.` });
      }
    }
    if (!res.ok) {
      const info = errorInfoFromBody(body);
      throw new ApiError(
        info ?? { code: `HTTP_${res.status}`, message: `The engine answered "${name}" with HTTP ${res.status} ${res.statusText}`.trim() },
      );
    }
    return body as RequestResults[K];
  }

  function on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    if (!socket && retryTimer === undefined && !closed) connect();
    return () => {
      listeners.get(event)?.delete(l);
    };
  }

  return {
    transport: 'http',
    connection,
    invoke,
    on,
    close() {
      closed = true;
      if (retryTimer !== undefined) clearT(retryTimer);
      retryTimer = undefined;
      const ws = socket;
      socket = undefined;
      ws?.close();
    },
  };
}
