/**
 * Provisioning accounts: the user name and password phones use to fetch files carrying secrets and
 * to upload (HTTP Basic RFC 7617 / Digest RFC 7616, FTP USER/PASS RFC 959), one per site, kept in
 * `<data>/provisioning-access.json` with the password sealed (secrets.ts); plus the choice whether
 * files carrying secrets go out over TFTP, which has no authentication (RFC 1350).
 */
import { join } from 'node:path';
import type { ProvisioningAccessView } from '../../../shared/api-security';
import { readJson, writeJsonAtomic } from '../atomic-file';
import type { SecretStore } from '../secrets';

interface StoredAccount {
  site: string;
  user: string;
  /** Sealed (SecretStore). */
  password: string;
  createdAt: number;
}

interface StoredAccess {
  accounts: StoredAccount[];
  tftpSecrets: boolean;
}

/** An account with its password opened, for the servers' checks only (never logged or sent). */
export interface OpenAccount {
  site: string;
  user: string;
  password: string;
}

/** The provisioning accounts of a data folder. */
export class ProvisioningAccounts {
  private data: StoredAccess = { accounts: [], tftpSecrets: false };
  private opened: OpenAccount[] = [];
  readonly file: string;

  /**
   * @param dataDir the data folder
   * @param secrets seals and opens the passwords
   * @param warn told when a stored password cannot be opened (sealed elsewhere)
   */
  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.file = join(dataDir, 'provisioning-access.json');
  }

  /** Read the file. @throws SyntaxError (with the path) when it is not JSON */
  async load(): Promise<void> {
    const d = await readJson<Partial<StoredAccess>>(this.file, {});
    this.data = { accounts: Array.isArray(d.accounts) ? d.accounts : [], tftpSecrets: d.tftpSecrets === true };
    this.reopen();
  }

  /** Accounts in force with their passwords (empty = none set). */
  accounts(): readonly OpenAccount[] {
    return this.opened;
  }

  /**
   * Whether an account is set. Fails closed: an account whose password cannot be opened still
   * counts (nobody gets secret files until it is set again).
   */
  get required(): boolean {
    return this.data.accounts.length > 0;
  }

  /** Whether files carrying secrets may go out over TFTP. */
  get tftpSecrets(): boolean {
    return this.data.tftpSecrets;
  }

  /** What the UI shows. */
  view(): ProvisioningAccessView {
    return {
      accounts: this.data.accounts.map(({ site, user, createdAt }) => ({ site, user, createdAt })).sort((a, b) => a.site.localeCompare(b.site)),
      tftpSecrets: this.data.tftpSecrets,
      exposed: !this.required,
    };
  }

  /**
   * Set (or replace) the account of a site.
   * @throws the fs error when it cannot be saved
   */
  async set(site: string, user: string, password: string): Promise<ProvisioningAccessView> {
    const rest = this.data.accounts.filter((a) => a.site !== site);
    this.data = { ...this.data, accounts: [...rest, { site, user, password: this.secrets.seal(password), createdAt: Date.now() }] };
    await this.save();
    return this.view();
  }

  /** Remove a site's account. @returns the view */
  async remove(site: string): Promise<ProvisioningAccessView> {
    this.data = { ...this.data, accounts: this.data.accounts.filter((a) => a.site !== site) };
    await this.save();
    return this.view();
  }

  /** Allow or forbid files carrying secrets over TFTP. */
  async setTftpSecrets(allow: boolean): Promise<ProvisioningAccessView> {
    this.data = { ...this.data, tftpSecrets: allow };
    await this.save();
    return this.view();
  }

  private async save(): Promise<void> {
    await writeJsonAtomic(this.file, this.data);
    this.reopen();
  }

  private reopen(): void {
    const out: OpenAccount[] = [];
    for (const a of this.data.accounts) {
      try {
        out.push({ site: a.site, user: a.user, password: this.secrets.open(a.password) });
      } catch (err) {
        this.warn(`provisioning account of site ${a.site} cannot be opened (${(err as Error).message}): set it again`);
      }
    }
    this.opened = out;
  }
}
