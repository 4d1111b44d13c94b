/**
 * Who gets files carrying secrets and who may upload (README "Security"), one rule for HTTP, FTP
 * and TFTP:
 * - files carrying secrets: a phone's template-rendered files (`<mac>-provkit.cfg`: SIP and admin
 *   passwords; Yealink/AudioCodes per-phone files; site files with secret values) and a phone's own
 *   stored uploads (`<mac>-phone.cfg` holds its local changes, passwords included);
 * - with a provisioning account set: those files and every upload need its credentials (HTTP
 *   Basic/Digest, FTP login); without one they are served to anyone (the UI and `provkit serve`
 *   say so) and an upload is taken only from an address that phone booted from (it fetched its own
 *   files from there);
 * - TFTP has no authentication (RFC 1350): files carrying secrets are not served over TFTP unless
 *   the user allows it, and TFTP uploads follow the no-account rule above.
 */
import type { OpenAccount, ProvisioningAccounts } from './accounts';
import type { RequestLog } from './request-log';
import { matchUploadName } from './uploads';

/** Who asks. `account`: the provisioning account its credentials matched (HTTP/FTP), if any. */
export interface Requester {
  protocol: 'http' | 'ftp' | 'tftp';
  client: string;
  account?: OpenAccount | undefined;
}

/** A refusal: `auth` = credentials would help (HTTP answers 401), else forbidden. */
export interface GuardRefusal {
  reason: string;
  auth: boolean;
}

/** What the guard reads of a resolved file (resolver.ts `ResolvedFile`): where it comes from and whether it is marked secret. */
export type GuardedFile = { source: 'file' | 'upload' } | { source: 'rendered'; secret?: boolean | undefined };

/** Whether a resolved file carries secrets (see the file comment). */
export function carriesSecrets(file: GuardedFile): boolean {
  return file.source === 'upload' || (file.source === 'rendered' && file.secret === true);
}

/** The access rule over the accounts and the request log (for boot addresses). */
export class ProvisioningGuard {
  constructor(
    readonly accounts: ProvisioningAccounts,
    private readonly log: RequestLog,
  ) {}

  /** Whether any account is set. */
  get required(): boolean {
    return this.accounts.required;
  }

  /**
   * May this requester have this file?
   * @returns undefined when yes, else why not
   */
  readRefusal(file: GuardedFile, who: Requester): GuardRefusal | undefined {
    if (!carriesSecrets(file)) return undefined;
    if (who.protocol === 'tftp') {
      if (this.accounts.tftpSecrets) return undefined;
      return { auth: false, reason: 'this file carries passwords and TFTP has no authentication: fetch it over HTTP or FTP with the provisioning account (or allow secret files over TFTP on the Servers page)' };
    }
    if (!this.required || who.account) return undefined;
    return { auth: true, reason: 'this file carries passwords: the provisioning account is required (set it on the phone as the provisioning server user and password)' };
  }

  /**
   * May this requester upload `name`?
   * @returns undefined when yes, else why not
   */
  uploadRefusal(name: string, who: Requester): GuardRefusal | undefined {
    if (this.required && who.protocol !== 'tftp') {
      return who.account ? undefined : { auth: true, reason: 'uploads need the provisioning account' };
    }
    if (this.required) return { auth: false, reason: 'uploads over TFTP are refused while a provisioning account is set (TFTP has no authentication)' };
    const up = matchUploadName(name);
    if (!up) return undefined; // the server refuses other names itself
    if (this.bootedFrom(up.mac, who.client)) return undefined;
    return { auth: false, reason: `phone ${up.mac} has not fetched its files from ${who.client}: uploads are taken only from the address the phone booted from` };
  }

  /**
   * Whether phone `mac` fetched files from `client` (kept per phone by the request log, not read
   * from its events: with thousands of phones a phone's first requests may no longer be kept by the
   * time it uploads its log).
   */
  bootedFrom(mac: string, client: string): boolean {
    return this.log.fetchedFrom(mac, client);
  }
}
