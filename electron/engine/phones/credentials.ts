/**
 * Per-site lists of phone admin passwords to try, in order (the factory default 456 first; facts
 * §3 "Default credentials"). Stored sealed with the engine's SecretStore (OS keychain on the
 * desktop, a 0600 key file headless) in `<data>/phone-credentials.json`; never logged, never sent
 * to the UI in clear (the UI sees ids and labels). Remembers which password a phone accepted, so
 * it is tried first next time (fewer wrong attempts, no lockouts).
 */
import { randomBytes } from 'node:crypto';
import type { CredentialSite } from '../../../shared/api-phones';
import { readJson, writeJsonAtomic } from '../atomic-file';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets';

/** The site used when none is named. */
export const DEFAULT_SITE = 'default';
/** Polycom's factory admin password (docs/sources.md §3). */
export const FACTORY_PASSWORD = '456';

interface StoredPassword {
  id: string;
  sealed: string;
  factoryDefault?: boolean;
  addedAt: number;
}

interface CredentialsFile {
  version: 1;
  sites: Record<string, StoredPassword[]>;
  /** MAC → id of the password it accepted last. */
  accepted: Record<string, string>;
}

/** The admin passwords store. */
export class PhoneCredentials {
  private data: CredentialsFile = { version: 1, sites: {}, accepted: {} };

  /**
   * @param file JSON file path
   * @param secrets seals and opens the passwords
   */
  constructor(
    private readonly file: string,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
  ) {}

  /**
   * Load the file; a new store holds the default site with the factory password.
   * @throws SyntaxError when the file is not valid JSON (left untouched)
   */
  async load(): Promise<void> {
    const d = await readJson<CredentialsFile | undefined>(this.file, undefined);
    this.data = d && d.version === 1 ? { version: 1, sites: d.sites ?? {}, accepted: d.accepted ?? {} } : { version: 1, sites: {}, accepted: {} };
    if (!d) this.data.sites[DEFAULT_SITE] = [this.entry(FACTORY_PASSWORD, true)];
  }

  private entry(password: string, factoryDefault = false): StoredPassword {
    return { id: randomBytes(6).toString('hex'), sealed: this.secrets.seal(password), addedAt: Date.now(), ...(factoryDefault ? { factoryDefault } : {}) };
  }

  /** Every site with its passwords, as the UI may see them. */
  view(): CredentialSite[] {
    const names = new Set([DEFAULT_SITE, ...Object.keys(this.data.sites)]);
    return [...names].sort().map((s) => this.viewSite(s));
  }

  /** One site as the UI may see it. */
  viewSite(site: string): CredentialSite {
    const list = this.data.sites[site] ?? [];
    return {
      site,
      passwords: list.map((p, i) => ({
        id: p.id,
        factoryDefault: Boolean(p.factoryDefault),
        label: p.factoryDefault ? `456 (factory default)` : `Password ${i + 1} (added ${new Date(p.addedAt).toISOString().slice(0, 10)})`,
      })),
    };
  }

  /**
   * The passwords to try for a phone, in clear (engine use only; never log them). The one the phone
   * accepted last comes first; entries that cannot be opened (sealed on another machine) are skipped
   * with a warning naming the site, never the value.
   * @returns ids and passwords in order
   */
  passwordsFor(site: string | undefined, mac?: string): Array<{ id: string; password: string }> {
    const name = site ?? DEFAULT_SITE;
    const out: Array<{ id: string; password: string }> = [];
    for (const p of this.data.sites[name] ?? []) {
      try {
        out.push({ id: p.id, password: this.secrets.open(p.sealed) });
      } catch (err) {
        this.logger.warn(`a stored admin password of site "${name}" cannot be opened: ${(err as Error).message}`);
      }
    }
    const preferred = mac ? this.data.accepted[mac] : undefined;
    const i = out.findIndex((p) => p.id === preferred);
    if (i > 0) out.unshift(...out.splice(i, 1));
    return out;
  }

  /**
   * Add a password at the end of a site's list (no duplicate).
   * @returns the site as the UI sees it
   */
  async add(site: string, password: string): Promise<CredentialSite> {
    const list = (this.data.sites[site] ??= []);
    if (!this.passwordsFor(site).some((p) => p.password === password)) list.push(this.entry(password, password === FACTORY_PASSWORD));
    await this.save();
    return this.viewSite(site);
  }

  /** Remove one password by id. @returns the site as the UI sees it */
  async remove(site: string, id: string): Promise<CredentialSite> {
    const list = this.data.sites[site] ?? [];
    this.data.sites[site] = list.filter((p) => p.id !== id);
    for (const [mac, pid] of Object.entries(this.data.accepted)) if (pid === id) delete this.data.accepted[mac];
    await this.save();
    return this.viewSite(site);
  }

  /** Remember that a phone accepted a password (by id). */
  async accepted(mac: string, id: string): Promise<void> {
    if (this.data.accepted[mac] === id) return;
    this.data.accepted[mac] = id;
    await this.save();
  }

  private async save(): Promise<void> {
    await writeJsonAtomic(this.file, this.data);
  }
}
