/**
 * Phones on the network: the web phones found, discovery progress, actions on one phone
 * and batches, kept live by the `phoneAction`, `phoneBatch` and `phoneDiscovery` events. Loads on
 * first use (the Phones page), reloads after a reconnect once loaded.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, RequestArgs } from '../../../shared/api';
import type { PhoneActionProgress, PhoneActionResult, PhoneBatch, PhoneDiscoveryProgress, WebPhone } from '../../../shared/api-phones';
import type { PhoneWebInfo } from '../../../shared/phone-web';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** Rows kept (newest). */
const MAX_ROWS = 2000;

/** State and actions of the phone-web store. */
export interface PhoneWebState {
  /** Found phones by key (endpoint label). */
  phones: Record<string, WebPhone>;
  loaded: boolean;
  error?: ErrorInfo;
  discovering: boolean;
  discovery?: PhoneDiscoveryProgress;
  discoveryError?: ErrorInfo;
  /** Action rows by id (single actions and batch rows). */
  rows: Record<string, PhoneActionProgress>;
  /** The batch shown in the batch panel (counts; its rows are in `rows`). */
  batch?: PhoneBatch;
  batchError?: ErrorInfo;
  /** Actions on one phone in progress, by MAC. */
  busy: Record<string, PhoneActionProgress['action']>;
  /** What each phone said when read (by MAC), and the last read error. */
  info: Record<string, PhoneWebInfo>;
  infoError: Record<string, ErrorInfo | undefined>;
  /** Read a phone (getInfo); the result lands in `info` and the phone list. */
  readInfo(args: RequestArgs<'phoneInfo'>, mac: string): Promise<void>;
  load(): Promise<void>;
  /** Reload if loaded before (after a reconnect). */
  reload(): Promise<void>;
  discover(args: RequestArgs<'discoverPhones'>): Promise<void>;
  runBatch(args: RequestArgs<'phoneBatchRun'>): Promise<void>;
  retryBatch(): Promise<void>;
  dismissBatch(): void;
  /** Run one action on one phone; the result row is also kept in `rows`. @returns the result, or an error row */
  act<K extends 'phoneSetBootServer' | 'phoneReboot' | 'phoneRestart' | 'phoneFactoryReset' | 'phoneCheckSync'>(name: K, args: RequestArgs<K>, mac?: string): Promise<PhoneActionResult | { error: ErrorInfo }>;
  /** Rows of the current batch in submission order. */
  batchRows(): PhoneActionProgress[];
  /** Recent rows of one phone, newest first. */
  rowsFor(mac: string): PhoneActionProgress[];
  attach(): () => void;
}

const KIND: Record<string, PhoneActionProgress['action']> = {
  phoneSetBootServer: 'setBootServer',
  phoneReboot: 'reboot',
  phoneRestart: 'restart',
  phoneFactoryReset: 'factoryReset',
  phoneCheckSync: 'checkSync',
};

/**
 * Create the phone-web store.
 * @param client the ApiClient (a fake one in tests)
 */
export function createPhoneWebStore(client: ApiClient): StoreApi<PhoneWebState> {
  return createStore<PhoneWebState>((set, get) => {
    const putRow = (row: PhoneActionProgress) => {
      const rows = { ...get().rows, [row.actionId]: row };
      const ids = Object.keys(rows);
      if (ids.length > MAX_ROWS) for (const id of ids.slice(0, ids.length - MAX_ROWS)) delete rows[id];
      set({ rows });
    };
    const putPhone = (p: WebPhone) => set({ phones: { ...get().phones, [p.key]: p } });
    /** Latest counts per batch (events may arrive before the answer that names the batch). */
    const latest = new Map<string, PhoneBatch>();
    const newest = (b: PhoneBatch): PhoneBatch => {
      const seen = latest.get(b.batchId);
      const pick = seen && seen.seq > b.seq ? seen : { ...b, rows: [] };
      latest.set(b.batchId, pick);
      return pick;
    };
    return {
      phones: {},
      loaded: false,
      discovering: false,
      rows: {},
      busy: {},
      info: {},
      infoError: {},
      async readInfo(args, mac) {
        set({ busy: { ...get().busy, [mac]: 'info' } });
        try {
          const info = await client.invoke('phoneInfo', args);
          set({ info: { ...get().info, [mac]: info }, infoError: { ...get().infoError, [mac]: undefined } });
          await get().load();
        } catch (err) {
          set({ infoError: { ...get().infoError, [mac]: toErrorInfo(err) } });
        } finally {
          const { [mac]: _done, ...rest } = get().busy;
          set({ busy: rest });
        }
      },
      async load() {
        try {
          const list = await client.invoke('listWebPhones', {});
          set({ phones: Object.fromEntries(list.map((p) => [p.key, p])), loaded: true, error: undefined });
        } catch (err) {
          set({ error: toErrorInfo(err) });
        }
      },
      async reload() {
        if (get().loaded) await get().load();
      },
      async discover(args) {
        set({ discovering: true, discoveryError: undefined, discovery: undefined });
        try {
          const res = await client.invoke('discoverPhones', args);
          for (const p of res.phones) putPhone(p);
          set({ discovery: { scanId: res.scanId, state: 'done', scanned: get().discovery?.scanned ?? 0, total: get().discovery?.total ?? 0, found: res.phones.length } });
        } catch (err) {
          set({ discoveryError: toErrorInfo(err) });
        } finally {
          set({ discovering: false });
        }
      },
      async runBatch(args) {
        set({ batchError: undefined });
        try {
          const b = await client.invoke('phoneBatchRun', args);
          for (const r of b.rows) if (!get().rows[r.actionId]) putRow(r);
          set({ batch: newest(b) });
        } catch (err) {
          set({ batchError: toErrorInfo(err) });
        }
      },
      async retryBatch() {
        const id = get().batch?.batchId;
        if (!id) return;
        try {
          const b = await client.invoke('phoneBatchRetry', { batchId: id });
          for (const r of b.rows) {
            // Re-queued rows replace their old failure, never a newer state an event brought.
            const have = get().rows[r.actionId];
            if (!have || (have.state === 'failed' && r.state === 'queued')) putRow(r);
          }
          set({ batch: newest(b), batchError: undefined });
        } catch (err) {
          set({ batchError: toErrorInfo(err) });
        }
      },
      dismissBatch() {
        set({ batch: undefined, batchError: undefined });
      },
      async act(name, args, mac) {
        if (mac) set({ busy: { ...get().busy, [mac]: KIND[name]! } });
        try {
          const res = (await client.invoke(name, args as never)) as PhoneActionResult;
          putRow(res.progress);
          return res;
        } catch (err) {
          return { error: toErrorInfo(err) };
        } finally {
          if (mac) {
            const { [mac]: _done, ...rest } = get().busy;
            set({ busy: rest });
          }
        }
      },
      batchRows() {
        const id = get().batch?.batchId;
        if (!id) return [];
        return Object.values(get().rows)
          .filter((r) => r.batchId === id)
          .sort((a, b) => Number(a.actionId.split('-').pop()) - Number(b.actionId.split('-').pop()));
      },
      rowsFor(mac) {
        return Object.values(get().rows)
          .filter((r) => r.mac === mac)
          .sort((a, b) => b.startedAt - a.startedAt);
      },
      attach() {
        // A finished action may have read the phone (model, MAC, dialect, problem solved): refresh
        // the list once the burst of a batch has passed.
        let refresh: ReturnType<typeof setTimeout> | undefined;
        const offs = [
          () => clearTimeout(refresh),
          client.on('phoneAction', (r) => {
            putRow(r);
            if ((r.state === 'ok' || r.state === 'failed') && get().loaded) {
              clearTimeout(refresh);
              refresh = setTimeout(() => void get().load(), 750);
            }
          }),
          client.on('phoneBatch', (b) => {
            const pick = newest(b);
            if (get().batch?.batchId === b.batchId) set({ batch: pick });
          }),
          client.on('phoneDiscovery', (p) => {
            if (p.phone) putPhone(p.phone);
            set({ discovery: p });
          }),
        ];
        return () => offs.forEach((o) => o());
      },
    };
  });
}
