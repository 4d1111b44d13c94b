/**
 * The inventory area's part of the contract (issue #8): phones, CSV import/export, templates, site
 * values, provider profiles, previews, uploads, licences. Spread into `requestSchemas` in api.ts.
 */
import { z } from 'zod';
import { macSchema } from './mac-schema';
import type { InventoryPhoneView } from './dto';
import type {
  ConfigPreview,
  ImportReport,
  InventoryChange,
  InventoryHistoryEntry,
  LicenceOrderResult,
  LicenceStatus,
  PhoneUpload,
  ProviderProfileView,
  TemplateInfo,
} from './inventory-types';

const mac = macSchema;
const vendor = z.enum(['polycom', 'audiocodes', 'yealink']);
const csvFormat = z.enum(['cic-tmm', 'cic-template', 'provkit', 'simple']);
/** Up to 4 MiB of CSV text (a 5,000-row list is well under 1 MiB). */
const csvText = z.string().max(4 * 1024 * 1024);
const fix = z.object({ line: z.number().int().positive(), column: z.string().min(1), value: z.string() });
const line = z.object({
  extension: z.string().max(64),
  displayName: z.string().max(128).optional(),
  label: z.string().max(128).optional(),
  sipServer: z.string().max(255).optional(),
  authUser: z.string().max(128).optional(),
  /** undefined keeps the stored password, null clears it. */
  password: z.string().max(128).nullable().optional(),
});
const importArgs = z.object({ text: csvText, format: z.union([csvFormat, z.literal('auto')]).default('auto'), fixes: z.array(fix).max(10000).default([]) });

/** zod schemas of the inventory requests. */
export const inventoryRequestSchemas = {
  listInventory: z.object({}),
  upsertPhone: z.object({
    mac,
    vendor: vendor.nullable().optional(),
    model: z.string().max(64).optional(),
    label: z.string().max(128).optional(),
    lines: z.array(line).max(48).optional(),
    template: z.string().max(64).optional(),
    provider: z.string().max(64).optional(),
    notes: z.string().max(4000).optional(),
    licenceNumber: z.string().max(64).optional(),
    customFiles: z.array(z.string().max(255)).max(32).optional(),
    variables: z.record(z.string(), z.string().max(2047)).optional(),
  }),
  removePhone: z.object({ mac }),
  getPhoneHistory: z.object({ mac: mac.optional(), limit: z.number().int().positive().max(5000).optional() }),
  previewConfig: z.object({ mac }),
  previewImport: importArgs,
  commitImport: importArgs,
  exportInventory: z.object({ format: csvFormat.default('provkit'), macs: z.array(mac).optional(), withSecrets: z.boolean().default(false) }),
  listTemplates: z.object({}),
  copyTemplate: z.object({ id: z.string().min(1), newId: z.string().optional() }),
  updateSiteSettings: z.object({
    defaults: z.object({ polycom: z.string().nullable(), audiocodes: z.string().nullable(), yealink: z.string().nullable() }).partial().optional(),
    values: z.record(z.string(), z.string().max(2047)).optional(),
    licenseDirectory: z.string().max(255).optional(),
  }),
  listProviders: z.object({}),
  saveProvider: z.object({
    id: z.string().optional(),
    name: z.string().max(128),
    type: z.enum(['http', 'https', 'ftp', 'tftp']),
    server: z.string().min(1).max(255),
    user: z.string().max(128).optional(),
    password: z.string().max(128).nullable().optional(),
    notes: z.string().max(2000).optional(),
  }),
  removeProvider: z.object({ id: z.string().min(1) }),
  listPhoneUploads: z.object({ mac }),
  readPhoneUpload: z.object({ mac, name: z.string().min(1).max(64) }),
  getLicences: z.object({ mac }),
  /** `mac` 000000000000 attaches the site licence. */
  attachLicence: z.object({ mac, contentBase64: z.string().max(2 * 1024 * 1024), licenceNumber: z.string().max(64).optional() }),
  removeLicence: z.object({ mac }),
  /** One order's activation file: attached to every inventory phone it names. */
  attachLicenceOrder: z.object({ contentBase64: z.string().max(2 * 1024 * 1024) }),
  exportActivationList: z.object({ macs: z.array(mac).min(1) }),
} as const;

/** Templates, the folder users copy them to, and folders that failed to load. */
export interface TemplateList {
  templates: TemplateInfo[];
  userDir: string;
  licenseDirectory: string;
  errors: Array<{ id: string; dir: string; error: string }>;
}

/** Result types of the inventory requests. */
export interface InventoryRequestResults {
  listInventory: InventoryPhoneView[];
  upsertPhone: InventoryPhoneView;
  removePhone: { removed: boolean };
  getPhoneHistory: InventoryHistoryEntry[];
  previewConfig: ConfigPreview;
  previewImport: ImportReport;
  commitImport: ImportReport;
  exportInventory: { text: string; filename: string; count: number };
  listTemplates: TemplateList;
  copyTemplate: { dir: string };
  updateSiteSettings: TemplateList;
  listProviders: ProviderProfileView[];
  saveProvider: ProviderProfileView;
  removeProvider: { removed: boolean };
  listPhoneUploads: PhoneUpload[];
  readPhoneUpload: { text: string; truncated: boolean; size: number };
  getLicences: LicenceStatus;
  attachLicence: LicenceStatus;
  removeLicence: LicenceStatus;
  attachLicenceOrder: LicenceOrderResult;
  exportActivationList: { text: string; missing: string[] };
}

/** Events of the inventory area. */
export interface InventoryEvents {
  /** Inventory phones changed (edit, import, removal), from any window or channel. */
  inventory: InventoryChange;
}

/** Names of the inventory events. */
export const INVENTORY_EVENT_NAMES = ['inventory'] as const;
