/**
 * Enrollment wizards, one per phone: loaded with `listEnrollments`, edited locally and
 * saved to the engine shortly after each change (so closing the app resumes where it was), kept in
 * sync by `enrollment` events; plus the timeline rows of the phones being watched (`getTimeline`,
 * then live `request` events) and the firmware each will download (`getEnrollFirmware`).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { EVENT_NAMES, isRequestName, type ApiClient } from '../../../shared/api';
import type { EnrollCapabilities, EnrollFirmware, Enrollment, EnrollmentView } from '../../../shared/api-enroll';
import type { RequestEvent } from '../../../shared/dto';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import type { DhcpSighting } from '../enroll/watch';
import { mergeRows } from './timeline';

/** A saved provider profile of the inventory area (`listProviders`), as far as the wizard uses it. */
export interface SavedProvider {
  id: string;
  name: string;
  type: 'http' | 'https' | 'ftp' | 'tftp';
  server: string;
  user?: string;
  hasPassword: boolean;
}

/** Delay between the last edit and the save, ms. */
export const SAVE_DELAY_MS = 400;

/** State and actions of the enroll store. */
export interface EnrollState {
  byMac: Record<string, EnrollmentView>;
  /** MACs in the order they were added. */
  order: string[];
  selected?: string;
  loaded: boolean;
  capabilities?: EnrollCapabilities;
  /** Provider profiles saved in the inventory, when this build has them. */
  providers: SavedProvider[];
  /** Timeline rows of watched phones, oldest first. */
  rows: Record<string, RequestEvent[]>;
  firmware: Record<string, EnrollFirmware | null>;
  /** DHCP exchanges of watched phones (when this build has the DHCP sniffer), oldest first. */
  dhcp: Record<string, DhcpSighting[]>;
  /** Last failed save per phone (kept until the next success). */
  errors: Record<string, ErrorInfo>;
  /** Last failed automatic-path run per phone, with the phone's error (kept until the next run). */
  automaticErrors: Record<string, ErrorInfo>;
  /** An action in progress per phone, in words (`Setting the boot server…`). */
  busy: Record<string, string>;
  error?: ErrorInfo;
  load(): Promise<void>;
  select(mac: string | undefined): void;
  /** Change a phone's wizard state now; saved after {@link SAVE_DELAY_MS}. `targetPassword` is sent once. */
  update(mac: string, patch: Partial<Enrollment>, opts?: { targetPassword?: string; clearTargetPassword?: boolean }): void;
  /** Save pending edits now. */
  flush(): Promise<void>;
  /** Add phones (existing ones keep their state); selects the first new one. */
  add(list: Enrollment[]): Promise<EnrollmentView[]>;
  remove(mac: string): Promise<void>;
  /** Load a phone's timeline and firmware for the watch (no-op when loaded). */
  watch(mac: string, force?: boolean): Promise<void>;
  /**
   * Run the automatic path. `adminPassword`: typed in the wizard, used for this run only unless
   * `rememberPassword`. @returns the facts checked, or undefined when it stopped (error kept in `errors`)
   */
  runAutomatic(mac: string, opts?: { adminPassword?: string; rememberPassword?: boolean }): Promise<string[] | undefined>;
  /**
   * A phone sent to a provider: have the engine read its boot server and line registration from the
   * phone. @returns the saved verification, or undefined when the request failed (error in `automaticErrors`)
   */
  verify(mac: string, adminPassword?: string): Promise<EnrollmentView['verification'] | undefined>;
  /** Subscribe to `enrollment` and `request` events; returns the unsubscribe function. */
  attach(): () => void;
}

const stateOf = (v: EnrollmentView): Enrollment => {
  const { createdAt: _c, updatedAt: _u, targetHasPassword: _p, ...e } = v;
  return e;
};

/**
 * Create the enroll store.
 * @param client the ApiClient (a fake one in tests)
 * @returns a vanilla zustand store
 */
export function createEnrollStore(client: ApiClient): StoreApi<EnrollState> {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const pendingSecrets = new Map<string, { targetPassword?: string; clearTargetPassword?: boolean }>();
  const loadedRows = new Set<string>();
  /** Model the firmware of each phone was looked up for (the wizard's, or learned from its User-Agent). */
  const firmwareModel = new Map<string, string | undefined>();
  const lookupFirmware = (mac: string, model: string | undefined): Promise<EnrollFirmware | null> => {
    firmwareModel.set(mac, model);
    return client.invoke('getEnrollFirmware', { mac, ...(model ? { model } : {}) }).catch(() => null);
  };
  return createStore<EnrollState>((set, get) => {
    const put = (v: EnrollmentView): void => {
      const order = get().order.includes(v.mac) ? get().order : [...get().order, v.mac];
      set({ byMac: { ...get().byMac, [v.mac]: v }, order });
    };
    const clearError = (mac: string): void => {
      const { [mac]: _gone, ...rest } = get().errors;
      set({ errors: rest });
    };
    const save = async (mac: string): Promise<void> => {
      timers.delete(mac);
      const v = get().byMac[mac];
      if (!v) return;
      const secrets = pendingSecrets.get(mac) ?? {};
      pendingSecrets.delete(mac);
      try {
        const saved = await client.invoke('saveEnrollment', { enrollment: stateOf(v), ...secrets });
        // Keep later local edits: only the flags and timestamps come from the answer.
        const now = get().byMac[mac];
        if (now) put({ ...now, createdAt: saved.createdAt, updatedAt: saved.updatedAt, targetHasPassword: saved.targetHasPassword });
        clearError(mac);
      } catch (err) {
        if (secrets.targetPassword || secrets.clearTargetPassword) pendingSecrets.set(mac, secrets);
        set({ errors: { ...get().errors, [mac]: toErrorInfo(err) } });
      }
    };
    return {
      byMac: {},
      order: [],
      loaded: false,
      rows: {},
      firmware: {},
      dhcp: {},
      errors: {},
      automaticErrors: {},
      busy: {},
      providers: [],
      async load() {
        // Provider profiles belong to the inventory area: used when the contract has them.
        if (isRequestName('listProviders')) {
          const list = client.invoke as unknown as (name: string, args: object) => Promise<SavedProvider[]>;
          void list('listProviders', {}).then(
            (providers) => set({ providers }),
            () => set({ providers: [] }),
          );
        }
        try {
          const [list, capabilities] = await Promise.all([client.invoke('listEnrollments', {}), client.invoke('getEnrollCapabilities', {})]);
          const byMac: Record<string, EnrollmentView> = {};
          for (const v of list) byMac[v.mac] = timers.has(v.mac) ? (get().byMac[v.mac] ?? v) : v;
          const order = list.map((v) => v.mac);
          // Resume: the phone worked on last, unless one is selected.
          const latest = [...list].sort((a, b) => b.updatedAt - a.updatedAt)[0];
          set({ byMac, order, loaded: true, capabilities, error: undefined, selected: get().selected ?? latest?.mac });
          for (const v of list) if (v.watchStartedAt !== undefined) void get().watch(v.mac, true);
        } catch (err) {
          set({ error: toErrorInfo(err), loaded: true });
        }
      },
      select(mac) {
        set({ selected: mac });
      },
      update(mac, patch, opts) {
        const v = get().byMac[mac];
        if (!v) return;
        put({ ...v, ...patch, updatedAt: Date.now() });
        if (opts) pendingSecrets.set(mac, { ...pendingSecrets.get(mac), ...opts });
        clearTimeout(timers.get(mac));
        timers.set(mac, setTimeout(() => void save(mac), SAVE_DELAY_MS));
        if (patch.watchStartedAt !== undefined) void get().watch(mac, true);
      },
      async flush() {
        const macs = [...timers.keys()];
        for (const mac of macs) clearTimeout(timers.get(mac));
        await Promise.all(macs.map((m) => save(m)));
      },
      async add(list) {
        try {
          const saved = await client.invoke('addEnrollments', { enrollments: list });
          for (const v of saved) put(v);
          if (!get().selected && saved[0]) set({ selected: saved[0].mac });
          set({ error: undefined });
          return saved;
        } catch (err) {
          set({ error: toErrorInfo(err) });
          return [];
        }
      },
      async remove(mac) {
        clearTimeout(timers.get(mac));
        timers.delete(mac);
        try {
          await client.invoke('removeEnrollment', { mac });
          const { [mac]: _gone, ...byMac } = get().byMac;
          const order = get().order.filter((m) => m !== mac);
          set({ byMac, order, selected: get().selected === mac ? order[0] : get().selected });
        } catch (err) {
          set({ errors: { ...get().errors, [mac]: toErrorInfo(err) } });
        }
      },
      async watch(mac, force) {
        if (loadedRows.has(mac) && !force) return;
        loadedRows.add(mac);
        const v = get().byMac[mac];
        try {
          const [rows, firmware] = await Promise.all([
            client.invoke('getTimeline', { mac, limit: 2000 }),
            lookupFirmware(mac, v?.model),
          ]);
          set({ rows: { ...get().rows, [mac]: mergeRows(get().rows[mac] ?? [], rows.filter((r) => r.phone.mac === mac), 2000) }, firmware: { ...get().firmware, [mac]: firmware } });
        } catch (err) {
          loadedRows.delete(mac);
          set({ errors: { ...get().errors, [mac]: toErrorInfo(err) } });
        }
      },
      async runAutomatic(mac, opts = {}) {
        await get().flush();
        const { [mac]: _old, ...others } = get().automaticErrors;
        set({ busy: { ...get().busy, [mac]: 'Logging in to the phone, setting the boot server, reading it back…' }, automaticErrors: others });
        try {
          const r = await client.invoke('runEnrollAutomatic', { mac, ...(opts.adminPassword ? { adminPassword: opts.adminPassword } : {}), ...(opts.rememberPassword ? { rememberPassword: true } : {}) });
          put(r.enrollment);
          clearError(mac);
          void get().watch(mac, true);
          return r.steps;
        } catch (err) {
          set({ automaticErrors: { ...get().automaticErrors, [mac]: toErrorInfo(err) } });
          return undefined;
        } finally {
          const { [mac]: _done, ...rest } = get().busy;
          set({ busy: rest });
        }
      },
      async verify(mac, adminPassword) {
        await get().flush();
        const { [mac]: _old, ...others } = get().automaticErrors;
        set({ busy: { ...get().busy, [mac]: 'Reading the phone’s boot server and line registration…' }, automaticErrors: others });
        try {
          const r = await client.invoke('verifyEnrollment', { mac, ...(adminPassword ? { adminPassword } : {}) });
          put(r.enrollment);
          return r.enrollment.verification;
        } catch (err) {
          set({ automaticErrors: { ...get().automaticErrors, [mac]: toErrorInfo(err) } });
          return undefined;
        } finally {
          const { [mac]: _done, ...rest } = get().busy;
          set({ busy: rest });
        }
      },
      attach() {
        const offEnroll = client.on('enrollment', ({ mac, enrollment }) => {
          if (timers.has(mac)) return; // a local edit is about to be saved: it wins
          if (!enrollment) {
            const { [mac]: _gone, ...byMac } = get().byMac;
            set({ byMac, order: get().order.filter((m) => m !== mac) });
            return;
          }
          const mine = get().byMac[mac];
          if (!mine || enrollment.updatedAt >= mine.updatedAt) put(enrollment);
        });
        const offRequest = client.on('request', (ev) => {
          const mac = ev.phone.mac;
          if (!mac || !loadedRows.has(mac)) return;
          set({ rows: { ...get().rows, [mac]: mergeRows(get().rows[mac] ?? [], [ev], 2000) } });
          // The phone says its model (User-Agent): its firmware file may differ from the one looked up.
          const model = ev.phone.model;
          if (model && model !== firmwareModel.get(mac) && !get().byMac[mac]?.model) {
            void lookupFirmware(mac, model).then((f) => set({ firmware: { ...get().firmware, [mac]: f } }));
          }
        });
        // DHCP packets belong to the DHCP area: followed when the contract has its `dhcp` event.
        const offDhcp = (EVENT_NAMES as readonly string[]).includes('dhcp')
          ? (client.on as unknown as (e: string, l: (p: { time: number; mac: string; messageType?: string; yiaddr?: string }) => void) => () => void)('dhcp', (p) => {
              if (!loadedRows.has(p.mac)) return;
              const seen: DhcpSighting = { time: p.time, text: `${p.messageType ?? 'packet'}${p.yiaddr && p.yiaddr !== '0.0.0.0' ? ` ${p.yiaddr}` : ''}`, ...(p.yiaddr && p.yiaddr !== '0.0.0.0' ? { ip: p.yiaddr } : {}) };
              set({ dhcp: { ...get().dhcp, [p.mac]: [...(get().dhcp[p.mac] ?? []), seen].slice(-200) } });
            })
          : () => {};
        return () => {
          offEnroll();
          offRequest();
          offDhcp();
        };
      },
    };
  });
}
