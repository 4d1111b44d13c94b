/**
 * The Log page's data: every provisioning request (`listRequests` + live `request` events, failed
 * logins and refusals included), DHCP packets (`dhcpListPackets` + `dhcp` events) and syslog lines
 * (`listSyslog` + `syslog` events) as one list of {@link LogEntry} rows, oldest first, with the
 * filter and the selected row. A request event with an id already shown (a MAC learned later)
 * replaces its row. Loaded when the Log page is first shown; live events are kept from the start.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../../shared/api';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { fromDhcp, fromRequest, fromSyslog, NO_FILTER, type LogEntry, type LogFilter } from '../log/log-entry';

/** Rows kept (the request log on disk keeps more: `listRequests` reads it). */
export const LOG_LIMIT = 5000;
/** Live events are added to the list at most this often, ms. */
export const LOG_BATCH_MS = 150;

/** State and actions of the log store. */
export interface LogState {
  /** Rows oldest first, unique by key. */
  rows: LogEntry[];
  loaded: boolean;
  loading: boolean;
  error?: ErrorInfo;
  filter: LogFilter;
  /** Key of the row shown in the detail pane. */
  selected?: string;
  load(): Promise<void>;
  /** Load again after a reconnect, when the page was loaded before (the Log page loads on first show). */
  reload(): Promise<void>;
  setFilter(patch: Partial<LogFilter>): void;
  select(key: string | undefined): void;
  /** Add or replace rows (events). */
  add(entries: LogEntry[]): void;
  attach(): () => void;
}

/**
 * Merge rows into a list sorted by time (then key), unique by key, keeping the newest `limit`.
 * Appending newer rows is the fast path (live events).
 * @param rows existing rows, sorted
 * @param more rows to add or replace
 * @param limit rows kept
 */
export function mergeLog(rows: LogEntry[], more: LogEntry[], limit = LOG_LIMIT): LogEntry[] {
  if (!more.length) return rows;
  if (appendable(rows, more)) {
    const next = rows.concat(more);
    return next.length > limit ? next.slice(next.length - limit) : next;
  }
  const byKey = new Map<string, LogEntry>();
  for (const r of rows) byKey.set(r.key, r);
  for (const r of more) byKey.set(r.key, r);
  const all = [...byKey.values()].sort((a, b) => a.time - b.time || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return all.length > limit ? all.slice(all.length - limit) : all;
}

/**
 * Whether `more` can simply go after `rows`: in time order, none older than the last row, and no
 * key already there. A row keeps its time when it is replaced (a MAC learned later), so only rows
 * at least as new as `more[0]` can share a key with it.
 */
function appendable(rows: LogEntry[], more: LogEntry[]): boolean {
  for (let i = 1; i < more.length; i++) if (more[i]!.time < more[i - 1]!.time) return false;
  const first = more[0]!.time;
  const last = rows[rows.length - 1];
  if (last && first < last.time) return false;
  const keys = new Set(more.map((m) => m.key));
  if (keys.size !== more.length) return false;
  for (let i = rows.length - 1; i >= 0 && rows[i]!.time >= first; i--) if (keys.has(rows[i]!.key)) return false;
  return true;
}

/**
 * Create the log store.
 * @param client the ApiClient (a fake one in tests)
 * @returns a vanilla zustand store
 */
export function createLogStore(client: ApiClient): StoreApi<LogState> {
  return createStore<LogState>((set, get) => ({
    rows: [],
    loaded: false,
    loading: false,
    filter: NO_FILTER,
    async load() {
      set({ loading: true });
      try {
        // DHCP and syslog are optional parts: a failure there must not hide the requests.
        const [requests, packets, lines] = await Promise.all([
          client.invoke('listRequests', { limit: LOG_LIMIT }),
          client.invoke('dhcpListPackets', { limit: 1000 }).catch(() => []),
          client.invoke('listSyslog', { limit: 1000 }).catch(() => []),
        ]);
        const entries = [...requests.map(fromRequest), ...packets.map(fromDhcp), ...lines.map(fromSyslog)];
        set({ rows: mergeLog(get().rows, entries), loaded: true, loading: false, error: undefined });
      } catch (err) {
        set({ loading: false, error: toErrorInfo(err) });
      }
    },
    async reload() {
      if (get().loaded) await get().load();
    },
    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
    },
    select(key) {
      set({ selected: key });
    },
    add(entries) {
      set({ rows: mergeLog(get().rows, entries) });
    },
    attach() {
      // Under load (a bench of phones, hundreds of requests a second) the page is updated once per
      // LOG_BATCH_MS with everything that arrived, not once per event.
      let pending: LogEntry[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = (): void => {
        timer = undefined;
        const batch = pending;
        pending = [];
        get().add(batch);
      };
      const queue = (e: LogEntry): void => {
        pending.push(e);
        timer ??= setTimeout(flush, LOG_BATCH_MS);
      };
      const offs = [
        client.on('request', (e) => queue(fromRequest(e))),
        client.on('dhcp', (p) => queue(fromDhcp(p))),
        client.on('syslog', (l) => queue(fromSyslog(l))),
      ];
      return () => {
        offs.forEach((o) => o());
        if (timer) clearTimeout(timer);
      };
    },
  }));
}
