/**
 * The phone inventory in the UI: phones by MAC (loaded with `listInventory`, kept live by
 * `inventory` events), templates and provider profiles, and the requests the Inventory tab makes
 * (import, preview, export, licences). Components call these actions, never the client.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient, RequestArgs, RequestResults } from '../../../shared/api';
import type { TemplateList } from '../../../shared/api-inventory';
import type { InventoryPhoneView } from '../../../shared/dto';
import type { InventoryChange, ProviderProfileView } from '../../../shared/inventory-types';
import { toErrorInfo, type ErrorInfo } from '../api/errors';

/** Requests the store passes through unchanged (results are for the calling component). */
type PassThrough =
  | 'previewImport'
  | 'commitImport'
  | 'previewConfig'
  | 'exportInventory'
  | 'getPhoneHistory'
  | 'listPhoneUploads'
  | 'readPhoneUpload'
  | 'getLicences'
  | 'attachLicence'
  | 'removeLicence'
  | 'attachLicenceOrder'
  | 'exportActivationList'
  | 'copyTemplate';

/** State and actions of the inventory store. */
export interface InventoryState {
  byMac: Record<string, InventoryPhoneView>;
  /** Phones sorted by MAC (recomputed on change, so 5,000 rows are sorted once per change). */
  sorted: InventoryPhoneView[];
  loaded: boolean;
  error?: ErrorInfo;
  templates?: TemplateList;
  providers: ProviderProfileView[];
  load(): Promise<void>;
  loadSettings(): Promise<void>;
  /** Apply an `inventory` event (or a local result). */
  apply(change: InventoryChange): void;
  save(edit: RequestArgs<'upsertPhone'>): Promise<InventoryPhoneView>;
  remove(mac: string): Promise<void>;
  saveProvider(p: RequestArgs<'saveProvider'>): Promise<ProviderProfileView>;
  removeProvider(id: string): Promise<void>;
  updateSite(patch: RequestArgs<'updateSiteSettings'>): Promise<void>;
  /** One request of the inventory area, result returned as is. */
  call<K extends PassThrough>(name: K, args: RequestArgs<K>): Promise<RequestResults[K]>;
  attach(): () => void;
}

function sortViews(byMac: Record<string, InventoryPhoneView>): InventoryPhoneView[] {
  return Object.values(byMac).sort((a, b) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0));
}

/**
 * Create the inventory store.
 * @param client the ApiClient (a fake one in tests)
 */
export function createInventoryStore(client: ApiClient): StoreApi<InventoryState> {
  return createStore<InventoryState>((set, get) => ({
    byMac: {},
    sorted: [],
    loaded: false,
    providers: [],
    async load() {
      try {
        const list = await client.invoke('listInventory', {});
        const byMac = Object.fromEntries(list.map((p) => [p.mac, p]));
        set({ byMac, sorted: sortViews(byMac), loaded: true, error: undefined });
      } catch (err) {
        set({ error: toErrorInfo(err) });
      }
    },
    async loadSettings() {
      try {
        const [templates, providers] = await Promise.all([client.invoke('listTemplates', {}), client.invoke('listProviders', {})]);
        set({ templates, providers });
      } catch (err) {
        set({ error: toErrorInfo(err) });
      }
    },
    apply(change) {
      const byMac = { ...get().byMac };
      for (const p of change.changed) byMac[p.mac] = p;
      for (const mac of change.removed) delete byMac[mac];
      set({ byMac, sorted: sortViews(byMac) });
    },
    async save(edit) {
      const view = await client.invoke('upsertPhone', edit);
      get().apply({ changed: [view], removed: [] });
      return view;
    },
    async remove(mac) {
      const { removed } = await client.invoke('removePhone', { mac });
      if (removed) get().apply({ changed: [], removed: [mac] });
    },
    async saveProvider(p) {
      const saved = await client.invoke('saveProvider', p);
      set({ providers: [...get().providers.filter((x) => x.id !== saved.id), saved].sort((a, b) => a.name.localeCompare(b.name)) });
      return saved;
    },
    async removeProvider(id) {
      await client.invoke('removeProvider', { id });
      set({ providers: get().providers.filter((p) => p.id !== id) });
    },
    async updateSite(patch) {
      set({ templates: await client.invoke('updateSiteSettings', patch) });
      // A new default template changes the effective template of many phones: reload them.
      if (patch.defaults) await get().load();
    },
    call(name, args) {
      return client.invoke(name, args);
    },
    attach() {
      return client.on('inventory', (c) => get().apply(c));
    },
  }));
}
