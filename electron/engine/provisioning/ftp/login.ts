/**
 * FTP logins: the check of the credentials when ftp-srv emits `login`, and the PASS command around
 * ftp-srv's own (failed logins logged and limited per connection).
 */
import { timingSafeEqual } from 'node:crypto';
import type { OpenAccount } from '../accounts';
import { normalizeAddress } from '../http-server';
import type { CommandHost, FtpCommandContext } from './command-context';
import { ProvisioningFtpFileSystem } from './file-system';
import type { FtpSrvConnection } from './ftp-srv-types';
import { DEFAULT_MAX_UPLOAD, FACTORY_FTP_ACCOUNT, FTP_LOGINS_OFF_MESSAGE, type FtpServerOptions } from './options';
import type { Session } from './session';

/** Failed logins on one connection before it is closed. */
const MAX_FAILED_LOGINS = 5;

/**
 * Answer ftp-srv's `login` event: accept the credentials with a fresh
 * {@link ProvisioningFtpFileSystem} for the connection, or refuse them (the reason is kept on the
 * session for the log).
 * @param s the connection's session; undefined when the connection is already gone (refused)
 * @param resolve ftp-srv's callback taking the connection's file system
 * @param reject ftp-srv's callback taking the refusal (its message becomes the 530 text)
 */
export function onLogin(
  host: CommandHost,
  s: Session | undefined,
  connection: FtpSrvConnection,
  user: string,
  password: string,
  resolve: (r: { fs: unknown }) => void,
  reject: (e: Error) => void,
): void {
  const account = findAccount(host.resolver.guard?.accounts.accounts() ?? [], user, password);
  const refusal = account ? undefined : checkLogin(host.options(), user, password);
  if (refusal || !s) {
    if (s) s.loginError = refusal;
    host.logger.info(`FTP login refused for "${user}" from ${s?.client ?? normalizeAddress(connection.ip)}`);
    reject(new Error(refusal ?? 'Connection closed'));
    return;
  }
  const fs = new ProvisioningFtpFileSystem(host.resolver, () => connection.connector?.socket ?? null, host.options()?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD);
  fs.ctx = s.ctx;
  fs.client = s.client;
  s.fs = fs;
  s.account = account;
  host.logger.debug(`FTP login "${user}" from ${s.client}`);
  resolve({ fs });
}

/**
 * Check credentials against the enabled accounts (compared in constant time) and anonymous access.
 * @param opts the server's options; undefined while the server is stopping
 * @returns undefined when the credentials are accepted, else the 530 message
 */
export function checkLogin(opts: FtpServerOptions | undefined, user: string, password: string): string | undefined {
  if (!opts) return 'Server is stopping';
  if (user === 'anonymous' && opts.allowAnonymous) return undefined;
  const accounts = [...(opts.factoryAccount ? [FACTORY_FTP_ACCOUNT] : []), ...(opts.accounts ?? [])];
  if (!accounts.length) return opts.allowAnonymous ? 'Only anonymous logins are accepted on this server' : FTP_LOGINS_OFF_MESSAGE;
  let ok = false;
  for (const a of accounts) if (safeEqual(a.user, user) && safeEqual(a.password, password)) ok = true;
  return ok ? undefined : 'Login incorrect';
}

/**
 * The provisioning account (guard.ts) these credentials match, compared in constant time.
 * @returns the account, or undefined
 */
export function findAccount(accounts: readonly OpenAccount[], user: string, password: string): OpenAccount | undefined {
  let found: OpenAccount | undefined;
  for (const a of accounts) if (safeEqual(a.user, user) && safeEqual(a.password, password)) found = a;
  return found;
}

/**
 * PASS through ftp-srv's handler; a refused login (530) is logged with its reason, forgets the user
 * name (so a new USER is accepted) and, at the fifth on one connection, closes it (421).
 * @param original runs ftp-srv's own handler
 */
export async function passCommand(s: Session, ctx: FtpCommandContext, original: () => Promise<void>): Promise<void> {
  const c = s.connection;
  const user = c.username;
  s.loginError = undefined;
  await original();
  if (!c.authenticated && ctx.lastCode === 530 && user !== undefined) {
    s.failedLogins++;
    delete c.username;
    ctx.record = true;
    ctx.statusOverride = 530;
    ctx.path = '/';
    ctx.error = `login refused for user "${user}"${s.loginError && s.loginError !== 'Login incorrect' ? `: ${s.loginError}` : ''}`;
    if (s.failedLogins >= MAX_FAILED_LOGINS) await c.close(421, 'Too many failed logins');
  }
}

/** String equality in constant time for strings of equal byte length (UTF-8). */
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
