/**
 * FTP logins: USER and PASS (RFC 959 §4.1.1), checked against the enabled accounts; a refused
 * login is logged (530) and the fifth on one connection closes it (RFC 2577 §5 recommends such a limit).
 */
import { timingSafeEqual } from 'node:crypto';
import type { OpenAccount } from '../accounts';
import type { CommandHost, FtpCommandContext } from './command-context';
import { FACTORY_FTP_ACCOUNT, FTP_LOGINS_OFF_MESSAGE, type FtpServerOptions } from './options';
import { closeWith, reply, type Session } from './session';

/** Failed logins on one connection before it is closed. */
const MAX_FAILED_LOGINS = 5;

/**
 * USER: remember the name and ask for the password (331); 501 without a name, 503 once logged in.
 */
export async function userCommand(_host: CommandHost, s: Session, arg: string): Promise<void> {
  if (!arg) return reply(s, 501, 'USER needs a user name');
  if (s.authenticated) return reply(s, 503, 'Already logged in');
  s.user = arg;
  await reply(s, 331, arg === 'anonymous' ? 'Anonymous login: send any password' : `Password required for ${arg}`);
}

/**
 * PASS: log in (230) with a provisioning account (guard.ts) or an FTP account, or refuse (530 with
 * the reason, logged with the user name; the password is never kept). 503 without USER first.
 */
export async function passCommand(host: CommandHost, s: Session, arg: string, ctx: FtpCommandContext): Promise<void> {
  if (s.authenticated) return reply(s, 202, 'Already logged in');
  const user = s.user;
  if (user === undefined) return reply(s, 503, 'Send USER first');
  s.user = undefined;
  const account = findAccount(host.resolver.guard?.accounts.accounts() ?? [], user, arg);
  const refusal = account ? undefined : checkLogin(host.options(), user, arg);
  if (refusal) {
    s.failedLogins++;
    ctx.record = true;
    ctx.path = '/';
    ctx.error = `login refused for user "${user}"${refusal !== 'Login incorrect' ? `: ${refusal}` : ''}`;
    host.logger.info(`FTP login refused for "${user}" from ${s.client}`);
    await reply(s, 530, refusal);
    if (s.failedLogins >= MAX_FAILED_LOGINS) await closeWith(s, 421, 'Too many failed logins');
    return;
  }
  s.authenticated = true;
  s.account = account;
  host.logger.debug(`FTP login "${user}" from ${s.client}`);
  await reply(s, 230, 'Logged in');
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

/** String equality in constant time for strings of equal byte length (UTF-8). */
function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
