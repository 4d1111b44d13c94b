/**
 * Contract of provisioning access (README "Security"): the accounts phones use to fetch files
 * carrying secrets and to upload (HTTP Basic/Digest, FTP), per site, and whether secret files go
 * out over TFTP (which has no authentication, RFC 1350).
 */
import { z } from 'zod';

const site = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore');

/** One provisioning account as the UI sees it (never its password). */
export interface ProvisioningAccountView {
  site: string;
  user: string;
  /** ms since epoch. */
  createdAt: number;
}

/** Provisioning access as a whole. */
export interface ProvisioningAccessView {
  accounts: ProvisioningAccountView[];
  /** Files carrying secrets are served over TFTP (unauthenticated) too. Default false. */
  tftpSecrets: boolean;
  /**
   * No account set: files carrying SIP passwords go to anyone on the network who asks for them,
   * and uploads are taken only from the address the phone booted from.
   */
  exposed: boolean;
}

export const securityRequestSchemas = {
  getProvisioningAccess: z.object({}),
  setProvisioningAccount: z.object({
    site: site.default('default'),
    user: z.string().min(1).max(64).regex(/^[^\s:"\\]+$/, 'no spaces, colons, quotes or backslashes'),
    password: z.string().min(8, 'at least 8 characters').max(128),
  }),
  removeProvisioningAccount: z.object({ site }),
  setTftpSecrets: z.object({ allow: z.boolean() }),
} as const;

export interface SecurityRequestResults {
  getProvisioningAccess: ProvisioningAccessView;
  setProvisioningAccount: ProvisioningAccessView;
  removeProvisioningAccount: ProvisioningAccessView;
  setTftpSecrets: ProvisioningAccessView;
}
