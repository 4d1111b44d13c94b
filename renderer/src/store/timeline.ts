/**
 * The boot timeline of the selected phone: loaded with `getTimeline`, then grown by live
 * `request` events whose `phone.mac` is that phone.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../../shared/api';
import type { RequestEvent } from '../../../shared/dto';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** Most rows asked for and kept for one phone. */
export const TIMELINE_LIMIT = 5000;

/** State and actions of the timeline store. */
export interface TimelineState {
  /** Selected phone (12 lowercase hex digits), or undefined. */
  mac?: string;
  /** Requests of that phone, oldest first, unique by id. */
  rows: RequestEvent[];
  loading: boolean;
  error?: ErrorInfo;
  /** Select a phone and load its timeline (undefined clears). */
  select(mac: string | undefined): Promise<void>;
  /** Reload the selected phone's timeline (after a reconnect). */
  reload(): Promise<void>;
  /** Add one request if it belongs to the selected phone. */
  append(event: RequestEvent): void;
  /** Subscribe to `request` events; returns the unsubscribe function. */
  attach(): () => void;
}

/**
 * Merge request lists into one, unique by id, sorted by id, keeping the last `limit`.
 * @param a existing rows
 * @param b new rows
 */
export function mergeRows(a: RequestEvent[], b: RequestEvent[], limit = TIMELINE_LIMIT): RequestEvent[] {
  const byId = new Map<number, RequestEvent>();
  for (const r of a) byId.set(r.id, r);
  for (const r of b) byId.set(r.id, r);
  const rows = [...byId.values()].sort((x, y) => x.id - y.id);
  return rows.length > limit ? rows.slice(rows.length - limit) : rows;
}

/**
 * Create the timeline store.
 * @param client the ApiClient (a fake one in tests)
 * @returns a vanilla zustand store
 */
export function createTimelineStore(client: ApiClient): StoreApi<TimelineState> {
  let generation = 0;
  return createStore<TimelineState>((set, get) => {
    async function load(mac: string, keep: boolean): Promise<void> {
      const gen = ++generation;
      set({ mac, loading: true, error: undefined, ...(keep ? {} : { rows: [] }) });
      try {
        const loaded = await client.invoke('getTimeline', { mac, limit: TIMELINE_LIMIT });
        if (gen !== generation) return; // another phone was selected meanwhile
        const mine = loaded.filter((r) => r.phone.mac === mac);
        set({ rows: mergeRows(get().rows, mine), loading: false });
      } catch (err) {
        if (gen !== generation) return;
        set({ loading: false, error: toErrorInfo(err) });
      }
    }
    return {
      rows: [],
      loading: false,
      async select(mac) {
        if (mac === undefined) {
          generation++;
          set({ mac: undefined, rows: [], loading: false, error: undefined });
          return;
        }
        if (mac === get().mac && !get().error) return;
        await load(mac, false);
      },
      async reload() {
        const mac = get().mac;
        if (mac) await load(mac, true);
      },
      append(event) {
        const mac = get().mac;
        if (!mac || event.phone.mac !== mac) return;
        const rows = get().rows;
        const last = rows[rows.length - 1];
        if (!last || event.id > last.id) {
          const next = rows.length >= TIMELINE_LIMIT ? rows.slice(1) : rows.slice();
          next.push(event);
          set({ rows: next });
        } else {
          set({ rows: mergeRows(rows, [event]) });
        }
      },
      attach() {
        return client.on('request', (e) => get().append(e));
      },
    };
  });
}
