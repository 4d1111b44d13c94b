/**
 * Settings of the FTP provisioning server, the Polycom factory account, the messages shown to
 * clients and the option defaults.
 */
import { isIPv4 } from 'node:net';

/** An FTP login. Both fields are compared case-sensitively. */
export interface FtpAccount {
  user: string;
  password: string;
}

/** The Polycom factory provisioning account (docs/sources.md §1: `PlcmSpIp` / `PlcmSpIp`, case-sensitive). */
export const FACTORY_FTP_ACCOUNT: Readonly<FtpAccount> = Object.freeze({ user: 'PlcmSpIp', password: 'PlcmSpIp' });

/** Settings of the FTP server. */
export interface FtpServerOptions {
  /** Address to listen on; `0.0.0.0` / `::` = every interface. */
  bind: string;
  /** Control port; 0 = ephemeral (the bound port is returned by start()). */
  port: number;
  /**
   * IPv4 address handed out in PASV replies (e.g. the public address behind NAT). Default: `bind`,
   * or, when bound to every interface, the local address the client connected to. Loopback clients
   * always get the loopback address.
   */
  pasvUrl?: string;
  /** First port of the passive data range; `pasvMin = pasvMax = 0` = any ephemeral port. */
  pasvMin: number;
  /** Last port of the passive data range (inclusive). */
  pasvMax: number;
  /** Accept the Polycom factory account PlcmSpIp / PlcmSpIp. */
  factoryAccount: boolean;
  /** Further accounts. */
  accounts?: FtpAccount[];
  /** Accept `USER anonymous` without a password. Default false. */
  allowAnonymous?: boolean;
  /** Largest upload accepted, bytes. Default 64 MiB (same as HTTP). */
  maxUploadBytes?: number;
  /** Close a control connection idle this long, ms (never during a transfer). Default 300,000. */
  idleTimeoutMs?: number;
}

/** Why logins fail when no account is enabled: shown to the client in the 530 reply. */
export const FTP_LOGINS_OFF_MESSAGE =
  'FTP logins are turned off on this ProvKit server: enable the Polycom factory account (PlcmSpIp) or add an FTP account in the FTP server settings';

/** Why a STOR is refused (553): only the file names phones upload are accepted. */
export const UPLOAD_ONLY_MESSAGE =
  'Uploads are accepted only for phone files (<mac>-boot.log, -app.log, -phone.cfg, -web.cfg, -directory.xml, -calls.xml)';

/** Why DELE, RMD, MKD, RNFR, RNTO, SITE and chmod are refused (550). */
export const READ_ONLY_MESSAGE = 'Read-only provisioning root: ProvKit does not delete, rename, create or change files over FTP';

/** Default of {@link FtpServerOptions.maxUploadBytes}: 64 MiB, in bytes. */
export const DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024;

/** Default of {@link FtpServerOptions.idleTimeoutMs}, ms. */
export const DEFAULT_IDLE_MS = 300_000;

/**
 * Check the options before the server starts.
 * @param opts the settings to check
 * @throws Error when the port is not 0-65535, the passive range is neither 0-0 nor a range within
 *   1-65535 with min <= max, or pasvUrl is not an IPv4 address
 */
export function validateOptions(opts: FtpServerOptions): void {
  const { pasvMin, pasvMax } = opts;
  const intIn = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;
  if (!intIn(opts.port, 0, 65535)) throw new Error(`FTP port ${opts.port} is not between 0 and 65535`);
  const ephemeral = pasvMin === 0 && pasvMax === 0;
  if (!ephemeral && !(intIn(pasvMin, 1, 65535) && intIn(pasvMax, pasvMin, 65535))) {
    throw new Error(`Passive port range ${pasvMin}-${pasvMax} is invalid: use 1-65535 with min <= max, or 0-0 for any free port`);
  }
  if (opts.pasvUrl !== undefined && !isIPv4(opts.pasvUrl)) throw new Error(`Passive address "${opts.pasvUrl}" must be an IPv4 address (PASV replies carry IPv4 only)`);
}
