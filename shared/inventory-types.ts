/**
 * Data shapes of the inventory area: CSV import reports, configuration previews,
 * templates, provider profiles, history, licences and phone uploads. Pure types.
 */
import type { InventoryPhoneView, PhoneVendor, ProvisioningTarget } from './dto';

/** CSV formats ProvKit reads and writes (docs/sources.md §8; docs/inventory-csv.md). */
export type CsvFormat = 'cic-tmm' | 'cic-template' | 'provkit' | 'simple';

/** One accepted CSV row: the phone it becomes and whether it is new. */
export interface ImportAccepted {
  /** 1-based file line of the row (the header is line 1). */
  line: number;
  mac: string;
  label?: string;
  model?: string;
  vendor?: PhoneVendor;
  extension?: string;
  /** `new` phone, `update` of an existing one (with the fields that change), or `same`. */
  action: 'new' | 'update' | 'same';
  changes?: string[];
  /** Things accepted with a remark (vendor guessed from the MAC prefix, unknown model...). */
  warnings?: string[];
}

/** One rejected CSV row. */
export interface ImportRejected {
  line: number;
  /** Why, in words a technician can act on. */
  reason: string;
  /** Header of the cell at fault, when one cell is (the UI offers to edit it). */
  column?: string;
  /** The row's cells by header name (as read), for the fix-up editor. */
  cells?: Record<string, string>;
}

/** A correction of one cell of one row, applied before validation (the import dialog's fixes). */
export interface ImportFix {
  line: number;
  column: string;
  value: string;
}

/** What an import would do (dry run) or did. */
export interface ImportReport {
  format: CsvFormat;
  /** Header cells as read. */
  columns: string[];
  accepted: ImportAccepted[];
  rejected: ImportRejected[];
  /** File-level remarks (unknown columns ignored, delimiter guessed...). */
  warnings: string[];
  /** true when the phones were written to the inventory. */
  committed: boolean;
}

/** Role of a file in a phone's boot, for the preview. */
export type PreviewFileRole = 'master' | 'config' | 'custom' | 'override' | 'licence' | 'directory';

/** One file as the phone would request it. */
export interface PreviewFile {
  /** Request order, 1-based. */
  order: number;
  /** Path relative to the provisioning root. */
  path: string;
  role: PreviewFileRole;
  /** Who answers: ProvKit renders it, a real file in the root, a stored phone upload, or 404. */
  source: 'rendered' | 'file' | 'upload' | 'missing';
  /** Text as served (secrets masked unless asked for); absent when missing or binary. */
  content?: string;
  size?: number;
  /** Parameters read from it. */
  parameters: number;
  /** Why its parameters could not be read (not well-formed XML...). */
  error?: string;
}

/** One parameter's effective value and where it comes from. */
export interface PreviewParameter {
  name: string;
  value: string;
  /** File whose value the phone keeps. */
  file: string;
  /** Same parameter in other files, ignored by the phone. */
  ignored: Array<{ file: string; value: string }>;
  /** The winner is a phone upload (`-phone.cfg`/`-web.cfg`) masking a value ProvKit serves. */
  masksProvKit?: boolean;
}

/** PhoneSim-like, offline: the files a phone receives in order and which value wins. */
export interface ConfigPreview {
  mac: string;
  vendor: PhoneVendor;
  template: string;
  /** How the vendor resolves a parameter found in several files. */
  precedence: 'first-wins' | 'last-wins';
  files: PreviewFile[];
  parameters: PreviewParameter[];
  /** Things the technician should know (override masks a value, redirect refused as a loop...). */
  warnings: string[];
  /** Template variable values that failed validation (file rendered without them). */
  problems: string[];
}

/** A template variable as declared in `template.json`. */
export interface TemplateVariable {
  name: string;
  label: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'host' | 'secret' | 'enum' | 'digitmap' | 'time';
  description?: string;
  default?: string;
  options?: string[];
  min?: number;
  max?: number;
}

/** A template as listed to the UI. */
export interface TemplateInfo {
  id: string;
  name: string;
  vendor: PhoneVendor;
  description: string;
  /** `shipped` with ProvKit, or `user` (from the data folder, overriding a shipped one of the same id). */
  origin: 'shipped' | 'user';
  /** Folder it was loaded from. */
  dir: string;
  /** Names of the files it renders (macros unexpanded). */
  files: string[];
  variables: TemplateVariable[];
  /** Polycom software lines of the models it suits (`uc3`, `uc4`, `uc5`); absent = every model. */
  firmwareLines?: Array<'uc3' | 'uc4' | 'uc5'>;
  /** Site values (secrets shown as `••••` when set). */
  values: Record<string, string>;
  /** Whether this is its vendor's default. */
  isDefault: boolean;
  /** Why the template could not be loaded, if it could not. */
  error?: string;
}

/** A provider profile: the production boot server phones are handed off to. */
export interface ProviderProfile extends ProvisioningTarget {
  id: string;
  name: string;
  notes?: string;
}

/** Provider profile as the UI sees it (password replaced by a flag). */
export type ProviderProfileView = Omit<ProviderProfile, 'password'> & { hasPassword: boolean; loop?: string };

/** One recorded change of the inventory (append-only history). */
export interface InventoryHistoryEntry {
  /** ms since epoch. */
  time: number;
  /** Who: OS user and channel, e.g. `alice (web UI)`, `alice (cli import phones.csv)`. */
  who: string;
  action: 'add' | 'update' | 'remove';
  mac: string;
  /** Changed fields (`lines.1.extension`, `label`); secret values are never shown. */
  changes: Array<{ field: string; from?: string; to?: string }>;
}

/** A file a phone uploaded (docs/sources.md §1 step 8), with override analysis for config files. */
export interface PhoneUpload {
  name: string;
  kind: 'boot.log' | 'app.log' | 'phone.cfg' | 'web.cfg' | 'directory.xml' | 'calls.xml';
  size: number;
  /** ms since epoch. */
  mtimeMs: number;
  /** Earlier versions kept in history. */
  versions: number;
  /** For `-phone.cfg`/`-web.cfg`: parameters it sets that ProvKit also serves with another value. */
  masks?: Array<{ name: string; phoneValue: string; provkitValue: string; provkitFile: string }>;
  /** Parameters it sets in all. */
  parameters?: number;
}

/** Licence files of a phone (or the site). */
export interface LicenceStatus {
  /** `<mac>-license.cfg` present in LICENSE_DIRECTORY. */
  phoneFile?: { path: string; size: number; mtimeMs: number };
  /** `000000000000-license.cfg` present. */
  siteFile?: { path: string; size: number; mtimeMs: number };
  licenceNumber?: string;
  /** LICENSE_DIRECTORY relative to the root (`''` = root). */
  directory: string;
}

/**
 * The result of importing one licence order file (Polycom sends one activation file per order,
 * covering every MAC of the order: licensing bulletin, "Activation File and Keys").
 */
export interface LicenceOrderResult {
  /** Phones of the inventory the file was attached to, with the path now served (`<mac>-license.cfg`). */
  attached: Array<{ mac: string; path: string }>;
  /** MACs the file names that are not in the inventory (nothing written for them). */
  notInInventory: string[];
  /** Always true when something was attached: a phone fetches a new licence only when it reboots (bulletin). */
  rebootNeeded: boolean;
}

/** Pushed when inventory phones change (any channel). */
export interface InventoryChange {
  changed: InventoryPhoneView[];
  removed: string[];
}
