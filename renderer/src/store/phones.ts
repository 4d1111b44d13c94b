/**
 * Phones seen by the engine, keyed by MAC: loaded with `listPhones`, kept live by `phone` events.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../../shared/api';
import type { PhoneSummary } from '../../../shared/dto';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** State and actions of the phones store. */
export interface PhonesState {
  /** Phones by MAC (12 lowercase hex digits). */
  byMac: Record<string, PhoneSummary>;
  loaded: boolean;
  loading: boolean;
  error?: ErrorInfo;
  /** (Re)load the list from the engine; live updates received meanwhile are kept if newer. */
  load(): Promise<void>;
  /** Merge one summary (from an event) into the list. */
  merge(phone: PhoneSummary): void;
  /** Subscribe to `phone` events; returns the unsubscribe function. */
  attach(): () => void;
}

/**
 * Which of two summaries of the same phone is the more recent.
 * @returns true when `a` is at least as new as `b` (by request count, then last seen)
 */
export function isNewerOrSame(a: PhoneSummary, b: PhoneSummary): boolean {
  if (a.requests !== b.requests) return a.requests > b.requests;
  return (a.lastSeen ?? 0) >= (b.lastSeen ?? 0);
}

/**
 * Create the phones store.
 * @param client the ApiClient (a fake one in tests)
 * @returns a vanilla zustand store
 */
export function createPhonesStore(client: ApiClient): StoreApi<PhonesState> {
  return createStore<PhonesState>((set, get) => ({
    byMac: {},
    loaded: false,
    loading: false,
    async load() {
      set({ loading: true });
      try {
        const list = await client.invoke('listPhones', {});
        const current = get().byMac;
        const byMac: Record<string, PhoneSummary> = {};
        for (const p of list) {
          const live = current[p.mac];
          byMac[p.mac] = live && !isNewerOrSame(p, live) ? live : p;
        }
        // Phones that appeared by event during the load and are not in the answer yet.
        for (const [mac, p] of Object.entries(current)) if (!byMac[mac]) byMac[mac] = p;
        set({ byMac, loaded: true, loading: false, error: undefined });
      } catch (err) {
        set({ loading: false, error: toErrorInfo(err) });
      }
    },
    merge(phone) {
      // The engine always sends the whole summary: replace, so fields it dropped (a request moved
      // to another phone) do not linger.
      set({ byMac: { ...get().byMac, [phone.mac]: phone } });
    },
    attach() {
      return client.on('phone', (p) => get().merge(p));
    },
  }));
}
