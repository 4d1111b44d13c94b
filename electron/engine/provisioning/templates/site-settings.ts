/**
 * Site-wide template settings (`<data>/template-settings.json`): the default template per vendor,
 * the site values of template variables (one value per variable name, shared by every template that
 * declares it: NTP server, digit map, ...), and the LICENSE_DIRECTORY of the master configuration.
 * Values of `secret` variables (admin password) are sealed with the engine's SecretStore.
 */
import type { PhoneVendor } from '../../../../shared/dto';
import { readJson, writeJsonAtomic } from '../../atomic-file';
import { SecretStore } from '../../secrets';

interface SiteFile {
  version: 1;
  defaults: Partial<Record<PhoneVendor, string>>;
  values: Record<string, string>;
  licenseDirectory: string;
}

/** Thrown for a LICENSE_DIRECTORY that is not a clean relative folder. */
export class SiteSettingsError extends Error {
  readonly code = 'SITE_SETTINGS';
}

/** In-memory site settings, persisted atomically. */
export class SiteSettings {
  private data: SiteFile = { version: 1, defaults: {}, values: {}, licenseDirectory: '' };
  /** Told synchronously whenever what it holds changes (before it is written to disk): the HTTP front's "not found" answers are voided (answer-revision.ts). */
  onChange: (() => void) | undefined;

  /**
   * @param file path of the JSON file, or undefined for defaults only (tests, CLI without data)
   * @param secrets opens sealed values; without it secret values are kept as given
   */
  constructor(
    private readonly file?: string,
    private readonly secrets?: SecretStore,
  ) {}

  /** Load the file (missing = defaults). @throws SyntaxError for invalid JSON (file left untouched) */
  async load(): Promise<void> {
    if (!this.file) return;
    const d = await readJson<Partial<SiteFile>>(this.file, {});
    this.data = { version: 1, defaults: d.defaults ?? {}, values: d.values ?? {}, licenseDirectory: d.licenseDirectory ?? '' };
    this.onChange?.();
  }

  /** Default template id of a vendor, if chosen. */
  defaultTemplate(vendor: PhoneVendor): string | undefined {
    return this.data.defaults[vendor];
  }

  /** LICENSE_DIRECTORY relative to the root (`''` = the root, the bulletin's default). */
  get licenseDirectory(): string {
    return this.data.licenseDirectory;
  }

  /**
   * Site values with secrets opened (for rendering). A secret that cannot be opened is left out and
   * reported through `onProblem`.
   */
  values(onProblem?: (message: string) => void): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.data.values)) {
      if (!SecretStore.isSealed(v) || !this.secrets) {
        out[k] = v;
        continue;
      }
      try {
        out[k] = this.secrets.open(v);
      } catch (err) {
        onProblem?.(`site value ${k} cannot be opened: ${(err as Error).message}`);
      }
    }
    return out;
  }

  /** Names whose stored value is sealed (shown as set, never in clear). */
  secretNames(): string[] {
    return Object.entries(this.data.values)
      .filter(([, v]) => SecretStore.isSealed(v))
      .map(([k]) => k);
  }

  /**
   * Change settings and save.
   * @param patch.values name → value; `''` removes a value
   * @param secretNames names whose values are sealed
   * @throws SiteSettingsError for a bad licence directory; the fs error when saving fails
   */
  async update(patch: { defaults?: Partial<Record<PhoneVendor, string | null>>; values?: Record<string, string>; licenseDirectory?: string }, secretNames: Set<string> = new Set()): Promise<void> {
    const next: SiteFile = { ...this.data, defaults: { ...this.data.defaults }, values: { ...this.data.values } };
    for (const [vendor, id] of Object.entries(patch.defaults ?? {}) as Array<[PhoneVendor, string | null]>) {
      if (id) next.defaults[vendor] = id;
      else delete next.defaults[vendor];
    }
    for (const [k, v] of Object.entries(patch.values ?? {})) {
      if (v === '') delete next.values[k];
      else next.values[k] = secretNames.has(k) && this.secrets ? this.secrets.seal(v) : v;
    }
    if (patch.licenseDirectory !== undefined) next.licenseDirectory = cleanFolder(patch.licenseDirectory);
    this.data = next;
    this.onChange?.();
    if (this.file) await writeJsonAtomic(this.file, this.data);
  }
}

/**
 * A folder relative to the provisioning root, with forward slashes and no `..`.
 * @returns `''` for the root, else `a/b`
 * @throws SiteSettingsError for `..`, backslashes, drive letters or control characters
 */
export function cleanFolder(folder: string): string {
  const f = folder.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\\\x00-\x1f]/.test(f) || /^[A-Za-z]:/.test(f)) throw new SiteSettingsError(`"${folder}" is not a folder inside the provisioning root: use forward slashes, e.g. licenses`);
  const parts = f.split('/').filter((p) => p && p !== '.');
  if (parts.includes('..')) throw new SiteSettingsError(`"${folder}" leaves the provisioning root ("..")`);
  return parts.join('/');
}
