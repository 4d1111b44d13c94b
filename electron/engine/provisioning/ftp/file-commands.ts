/**
 * Checks run before ftp-srv sees RETR, STOR, LIST/NLST, and the answers to SIZE and MDTM. ftp-srv
 * quirk: RETR of a missing file answers 551 and LIST 451, so a missing or refused path is answered
 * here (550), as is a transfer without PASV, EPSV or PORT first (425).
 */
import { baseName } from '../paths';
import { matchUploadName } from '../uploads';
import type { CommandHost, FtpCommandContext } from './command-context';
import type { ProvisioningFtpFileSystem } from './file-system';
import { displayPath } from './ftp-paths';
import type { FtpSrvCommand, FtpSrvConnection } from './ftp-srv-types';
import { UPLOAD_ONLY_MESSAGE } from './options';
import { canSendFile, sendFile } from './send-file';
import type { Session } from './session';

/** Send a refusal: note the error on the context, drop the data connection, reply. */
type Refuse = (code: number, message: string) => Promise<void>;

/**
 * RETR: refuse a missing argument (501), a refused or missing path or a folder (550) and a transfer
 * with no data connection set up (425); otherwise count the transfer and send the file: a file on
 * disk through send-file.ts, anything else through ftp-srv (the resolved file is kept on the
 * context for the file system's read()).
 * @param original runs ftp-srv's own handler
 */
export async function retr(host: CommandHost, s: Session, command: FtpSrvCommand, ctx: FtpCommandContext, original: () => Promise<void>): Promise<void> {
  ctx.record = true;
  const refuse = refuser(s.connection, ctx, true);
  const rel = await transferPath(s.fs!, command.directive, command.arg, ctx, refuse);
  if (rel === undefined) return;
  const file = rel === '' ? undefined : await host.resolver.resolve(rel, { client: s.client });
  if (!file) {
    ctx.missing = true;
    return refuse(550, rel === '' || (await host.resolver.isDirectory(rel)) ? `${command.arg}: is a directory` : `${command.arg}: no such file`);
  }
  ctx.file = file;
  ctx.source = file.source;
  const denied = host.resolver.guard?.readRefusal(file, { protocol: 'ftp', client: s.client, account: s.account });
  if (denied) {
    ctx.refused = true;
    return refuse(550, `${command.arg}: ${denied.reason}`);
  }
  if (!needsData(s)) return refuse(425, 'Use PASV, EPSV or PORT before RETR');
  host.count(ctx);
  if (canSendFile(file)) return sendFile(s, file, `/${rel}`, ctx); // files on disk: our faster data path
  await original();
}

/**
 * STOR: refuse a missing argument (501), a refused path (550), a name that is not a phone upload
 * (553, logged as refused), a resumed upload (REST first, 550) and a transfer with no data
 * connection set up (425); otherwise count the transfer and let ftp-srv receive the file.
 * @param original runs ftp-srv's own handler
 */
export async function stor(host: CommandHost, s: Session, command: FtpSrvCommand, ctx: FtpCommandContext, original: () => Promise<void>): Promise<void> {
  const c = s.connection;
  ctx.record = true;
  const refuse = refuser(c, ctx, true);
  const rel = await transferPath(s.fs!, command.directive, command.arg, ctx, refuse);
  if (rel === undefined) return;
  if (!matchUploadName(baseName(rel))) {
    ctx.refused = true;
    return refuse(553, UPLOAD_ONLY_MESSAGE);
  }
  const denied = host.resolver.guard?.uploadRefusal(baseName(rel), { protocol: 'ftp', client: s.client, account: s.account });
  if (denied) {
    ctx.refused = true;
    return refuse(550, `${command.arg}: ${denied.reason}`);
  }
  if (c.restByteCount) return refuse(550, 'Resuming an upload (REST before STOR) is not supported: send the whole file');
  ctx.source = 'upload';
  if (!needsData(s)) return refuse(425, 'Use PASV, EPSV or PORT before STOR');
  host.count(ctx);
  await original();
}

/**
 * LIST and NLST: drop `-la`-style flags (ftp-srv only strips single-letter flags; no argument means
 * `.`), refuse a refused or missing path (550) and a listing with no data connection set up (425);
 * otherwise count the transfer and let ftp-srv send the listing.
 * @param command the command; its `arg` is replaced by the path without flags
 * @param original runs ftp-srv's own handler
 */
export async function listing(host: CommandHost, s: Session, command: FtpSrvCommand, ctx: FtpCommandContext, original: () => Promise<void>): Promise<void> {
  ctx.record = true;
  // `LIST -la`: ftp-srv only strips single-letter flags.
  const words = (command.arg ?? '').split(' ');
  while (words.length && (words[0] === '' || words[0]!.startsWith('-'))) words.shift();
  const arg = words.join(' ') || '.';
  command.arg = arg;
  const refuse = refuser(s.connection, ctx, false);
  const rel = await transferPath(s.fs!, command.directive, arg, ctx, refuse);
  if (rel === undefined) return;
  if (rel !== '' && !(await host.resolver.isDirectory(rel)) && !(await host.resolver.resolve(rel))) return refuse(550, `${arg}: no such file or directory`);
  if (!needsData(s)) return refuse(425, `Use PASV, EPSV or PORT before ${command.directive}`);
  host.count(ctx);
  await original();
}

/**
 * SIZE (213 + bytes) and MDTM (213 + `YYYYMMDDHHMMSS`, RFC 3659 §2.3, UTC) of a file; 501 without
 * an argument, 550 for a refused path, a folder or a missing file (logged, once per file).
 */
export async function meta(host: CommandHost, s: Session, command: FtpSrvCommand, ctx: FtpCommandContext): Promise<void> {
  const c = s.connection;
  const fs = s.fs!;
  if (!command.arg) {
    await c.reply(501, `${command.directive} needs a file name`);
    return;
  }
  let rel: string;
  try {
    rel = fs.resolvePath(command.arg);
  } catch (err) {
    await c.reply(550, (err as Error).message);
    return;
  }
  const file = rel === '' ? undefined : await host.resolver.resolve(rel, { client: s.client });
  if (!file) {
    // Clients probe with SIZE (curl stops there), so a miss is logged here (once per file).
    ctx.record = true;
    ctx.missing = true;
    ctx.error = rel === '' || (await host.resolver.isDirectory(rel)) ? `${command.arg}: is a directory` : `${command.arg}: no such file`;
    await c.reply(550, ctx.error);
    return;
  }
  ctx.source = file.source;
  if (command.directive === 'SIZE') await c.reply(213, String(file.size));
  else await c.reply(213, mdtm(file.mtimeMs));
}

/** A {@link Refuse} for one command; `resetRest` also forgets a REST offset (RETR, STOR). */
function refuser(c: FtpSrvConnection, ctx: FtpCommandContext, resetRest: boolean): Refuse {
  return async (code, message) => {
    ctx.error ??= message;
    if (resetRest) c.restByteCount = 0;
    c.connector.end();
    await c.reply(code, message);
  };
}

/**
 * The path argument of a transfer command, noted on the context (as sent) and resolved; refused
 * with 501 when missing and 550 when the path is refused.
 * @returns the clean relative path (`''` = root), or undefined once the refusal is sent
 */
async function transferPath(fs: ProvisioningFtpFileSystem, directive: string, arg: string | null, ctx: FtpCommandContext, refuse: Refuse): Promise<string | undefined> {
  if (!arg) {
    await refuse(501, `${directive} needs a file name`);
    return undefined;
  }
  ctx.path = displayPath(fs.cwd, arg);
  try {
    return fs.resolvePath(arg);
  } catch (err) {
    await refuse(550, (err as Error).message);
    return undefined;
  }
}

/** True when PASV, EPSV or PORT has set up a data connection for the next transfer. */
function needsData(s: Session): boolean {
  return s.connection.connector.type !== false;
}

/** MDTM reply value (RFC 3659 §2.3): `YYYYMMDDHHMMSS` in UTC. */
function mdtm(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
