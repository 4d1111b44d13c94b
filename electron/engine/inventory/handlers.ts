/**
 * The engine's implementation of the inventory requests (shared/api-inventory.ts): phones and their
 * history, CSV import/export, templates and site values, provider profiles, previews, uploads and
 * licences. Every inventory change is recorded with who made it and announced with an `inventory`
 * event (plus `phone` events for phones the servers have seen, whose label may change).
 */
import { userInfo } from 'node:os';
import type { InventoryRequestResults, TemplateList } from '../../../shared/api-inventory';
import type { ApiEvents, ApiHandlers } from '../../../shared/api';
import type { InventoryPhone, PhoneSummary } from '../../../shared/dto';
import { DEFAULT_MAC } from '../../../shared/mac';
import type { Inventory } from './inventory';
import type { InventoryServices } from './inventory-services';
import type { ProvisioningResolver } from '../provisioning/resolver';
import type { RequestLog } from '../provisioning/request-log';
import { exportCsv } from './csv-export';
import { activationList } from './licences';
import { listPhoneUploads, readPhoneUpload } from '../phones/phone-uploads';
import type { UpsertResult } from './inventory';

type InventoryHandlers = Pick<ApiHandlers, keyof InventoryRequestResults>;

/** What the inventory handlers use of the host. */
export interface InventoryHost {
  /** Desktop app or headless web UI: who a change is recorded as. */
  options: { mode: 'desktop' | 'headless' };
  inventory: Inventory;
  /** Templates, site values, provider profiles, previews, licences. */
  inventoryServices: InventoryServices;
  /** The provisioning root and the phones' uploads. */
  resolver: ProvisioningResolver;
  /** Phones the servers have seen (their label follows the inventory). */
  requestLog: Pick<RequestLog, 'phone'>;
  /** A seen phone with its inventory facts merged in. */
  decorate(p: PhoneSummary): PhoneSummary;
  /** Announce inventory and phone changes. */
  emit<E extends 'inventory' | 'phone'>(event: E, payload: ApiEvents[E]): void;
}

/**
 * Who a change is recorded as: `<OS user> (<channel>)`.
 * @param channel e.g. `web UI`, `cli import phones.csv`
 */
export function actor(channel: string): string {
  let user = 'unknown user';
  try {
    user = userInfo().username;
  } catch {
    /* no passwd entry (containers): keep the placeholder */
  }
  return `${user} (${channel})`;
}

/** Who a change made through this engine's UI is recorded as: `<OS user> (web UI|desktop app)`. */
export function uiActor(engine: Pick<InventoryHost, 'options'>): string {
  return actor(engine.options.mode === 'desktop' ? 'desktop app' : 'web UI');
}

/** Announce changed and removed phones. */
export function announce(engine: InventoryHost, changed: InventoryPhone[], removed: string[] = []): void {
  const svc = engine.inventoryServices;
  engine.emit('inventory', { changed: changed.map((p) => svc.view(p)), removed });
  for (const mac of [...changed.map((p) => p.mac), ...removed]) {
    const seen = engine.requestLog.phone(mac);
    if (seen) engine.emit('phone', engine.decorate(seen));
  }
}

function templateList(engine: Pick<InventoryHost, 'inventoryServices'>): TemplateList {
  const svc = engine.inventoryServices;
  const site = svc.site.values();
  const secret = new Set(svc.site.secretNames());
  return {
    userDir: svc.templates.userDir ?? '',
    licenseDirectory: svc.site.licenseDirectory,
    errors: svc.templates.loadErrors().map(({ id, dir, error }) => ({ id, dir, error })),
    templates: svc.templates.all().map((t) => ({
      id: t.manifest.id,
      name: t.manifest.name,
      vendor: t.manifest.vendor,
      description: t.manifest.description,
      origin: t.origin,
      dir: t.dir,
      files: t.manifest.files.map((f) => f.name),
      variables: t.manifest.variables,
      ...(t.manifest.firmwareLines ? { firmwareLines: t.manifest.firmwareLines } : {}),
      values: Object.fromEntries(t.manifest.variables.filter((v) => site[v.name] !== undefined).map((v) => [v.name, v.type === 'secret' || secret.has(v.name) ? '••••' : site[v.name]!])),
      isDefault: svc.rendering.defaultTemplate(t.manifest.vendor) === t,
    })),
  };
}

/**
 * Build the inventory handlers.
 * @param engine what they use of the host (inventory, its services, resolver, seen phones, event bus)
 * @returns one async function per inventory request
 */
export function createInventoryHandlers(engine: InventoryHost): InventoryHandlers {
  const inv = engine.inventory;
  const svc = engine.inventoryServices;
  const changed = (results: UpsertResult[]) => results.filter((r) => r.action !== 'same').map((r) => r.phone);
  return {
    listInventory: async () => inv.list().map((p) => svc.view(p)),
    upsertPhone: async ({ vendor, ...edit }) => {
      const r = await inv.upsert({ ...edit, ...(vendor ? { vendor } : {}) }, uiActor(engine));
      announce(engine, changed([r]));
      return svc.view(r.phone);
    },
    removePhone: async ({ mac }) => {
      const removed = await inv.remove(mac, uiActor(engine));
      if (removed) announce(engine, [], [mac]);
      return { removed };
    },
    getPhoneHistory: async ({ mac, limit }) => inv.history.read(mac, limit),
    previewConfig: async ({ mac }) => svc.preview(engine.resolver, mac),
    previewImport: async ({ text, format, fixes }) => svc.analyse(text, format, fixes).report,
    commitImport: async ({ text, format, fixes }) => {
      const { report, edits } = svc.analyse(text, format, fixes);
      const results = await inv.upsertMany(edits, `${uiActor(engine)} import`);
      announce(engine, changed(results));
      return { ...report, committed: true };
    },
    exportInventory: async ({ format, macs, withSecrets }) => {
      const chosen = macs ? new Set(macs) : undefined;
      const phones = inv.list().filter((p) => !chosen || chosen.has(p.mac));
      const opened = withSecrets ? phones.map((p) => inv.open(p.mac)!) : phones;
      const text = exportCsv(opened, format, { withSecrets, vendorOf: (p) => svc.effective(p).vendor });
      return { text, filename: `provkit-inventory-${format}.csv`, count: phones.length };
    },
    listTemplates: async () => templateList(engine),
    copyTemplate: async ({ id, newId }) => ({ dir: svc.templates.copy(id, newId) }),
    updateSiteSettings: async (patch) => {
      const secret = new Set(svc.templates.all().flatMap((t) => t.manifest.variables.filter((v) => v.type === 'secret').map((v) => v.name)));
      await svc.site.update(patch, secret);
      // A new default template changes what phones without their own template use.
      if (patch.defaults && inv.size <= 500) announce(engine, inv.list());
      return templateList(engine);
    },
    listProviders: async () => svc.providers.list(),
    saveProvider: async (p) => svc.providers.save(p),
    removeProvider: async ({ id }) => {
      const used = inv.list().filter((p) => p.provider === id);
      if (used.length) throw Object.assign(new Error(`${used.length} phone(s) use this provider profile (first: ${used[0]!.mac}).`), { code: 'PROVIDER_IN_USE', fix: 'Choose another provider for those phones first.' });
      return { removed: await svc.providers.remove(id) };
    },
    listPhoneUploads: async ({ mac }) => listPhoneUploads(engine.resolver.uploads, mac, await svc.preview(engine.resolver, mac)),
    readPhoneUpload: async ({ mac, name }) => {
      const r = await readPhoneUpload(engine.resolver.uploads, mac, name);
      if (!r) throw Object.assign(new Error(`${name} has not been uploaded by ${mac}.`), { code: 'NOT_FOUND' });
      return r;
    },
    getLicences: async ({ mac }) => svc.licences.status(inv.get(mac) ?? { mac }),
    attachLicence: async ({ mac, contentBase64, licenceNumber }) => {
      await svc.licences.attach(mac, Buffer.from(contentBase64, 'base64'));
      if (licenceNumber && mac !== DEFAULT_MAC && inv.get(mac)) {
        announce(engine, changed([await inv.upsertMany([{ mac, licenceNumber }], uiActor(engine)).then((r) => r[0]!)]));
      }
      return svc.licences.status(inv.get(mac) ?? { mac });
    },
    removeLicence: async ({ mac }) => {
      await svc.licences.remove(mac);
      return svc.licences.status(inv.get(mac) ?? { mac });
    },
    attachLicenceOrder: async ({ contentBase64 }) => svc.licences.attachOrder(Buffer.from(contentBase64, 'base64'), (mac) => inv.get(mac) !== undefined),
    exportActivationList: async ({ macs }) => activationList(macs.map((mac) => inv.get(mac) ?? { mac })),
  };
}
