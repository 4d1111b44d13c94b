/**
 * FTP path arguments: resolution against the working directory (never leaving the provisioning
 * root), the form shown in the log for a refused path, and the answer to a refused command.
 */
import { cleanRequestPath, PathError } from '../paths';
import type { FtpCommandContext } from './command-context';
import { reply, type Session } from './session';

/**
 * Resolve an FTP path argument against the working directory. FTP paths are raw: `%2e%2e` is a file
 * name, not `..`. A leading `/` is the provisioning root. Every `..` segment, backslash, drive
 * letter or control character is refused by {@link cleanRequestPath}.
 * @param cwd working directory as a clean relative path (`''` = root)
 * @param raw the path as the client sent it (`0004f2aabbcc.cfg`, `/mpv/x.cfg`, `sub`)
 * @returns clean relative path (`''` = root)
 * @throws PathError when the path is refused
 */
export function resolveFtpPath(cwd: string, raw: string): string {
  const joined = raw.startsWith('/') ? raw : cwd ? `/${cwd}/${raw}` : `/${raw}`;
  return cleanRequestPath(joined);
}

/**
 * Path shown in the log for a refused request: the client's text joined to the cwd, unnormalised.
 * @param cwd working directory as a clean relative path (`''` = root)
 * @param raw the path as the client sent it
 * @returns `/`-prefixed path with control characters as `?`, the client's text cut at 1,100 characters
 */
export function displayPath(cwd: string, raw: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = raw.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 1100);
  return printable.startsWith('/') ? printable : cwd ? `/${cwd}/${printable}` : `/${printable}`;
}

/**
 * Resolve a command's path argument; a refused path is answered 550 and noted on the context as a
 * refusal (always logged).
 * @param s the session (its cwd)
 * @param ctx the command's context (`path` set to the resolved path, or the client's text when refused)
 * @param raw the path as the client sent it
 * @returns the clean relative path (`''` = root), or undefined once the refusal is sent
 */
export async function resolveOrRefuse(s: Session, ctx: FtpCommandContext, raw: string): Promise<string | undefined> {
  try {
    const rel = resolveFtpPath(s.cwd, raw);
    ctx.path = `/${rel}`;
    return rel;
  } catch (err) {
    if (!(err instanceof PathError)) throw err;
    await refuse(s, ctx, raw, 550, err.message);
    return undefined;
  }
}

/**
 * Refuse a command by policy (path outside the root, not an upload name, read-only root): the
 * refusal is logged with the client's path, the prepared data connection is dropped, and the
 * reply sent.
 * @param raw the path as the client sent it (shown in the log)
 * @param code the reply code (550, 553)
 * @param message the reply text, also the logged error
 */
export async function refuse(s: Session, ctx: FtpCommandContext, raw: string, code: number, message: string): Promise<void> {
  ctx.record = true;
  ctx.refused = true;
  ctx.error = message;
  ctx.path = displayPath(s.cwd, raw);
  dropChannel(s);
  await reply(s, code, message);
}

/** Give up the data connection prepared for the next transfer, if any (a refused transfer does not keep it). */
export function dropChannel(s: Session): void {
  s.channel?.release();
  s.channel = undefined;
}
