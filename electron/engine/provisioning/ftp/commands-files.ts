/**
 * The FTP commands on files: RETR (with REST, RFC 3659 §5), STOR of phone uploads, LIST / NLST
 * (RFC 959 §4.1.3), MLSD / MLST (RFC 3659 §7), SIZE (RFC 3659 §4) and MDTM (RFC 3659 §3), and
 * the refusal of every command that would change the root (DELE, MKD, RNFR, APPE, STOU, ...).
 * Paths go through the provisioning root's rules (ftp-paths.ts); files through the resolver
 * (uploads, real files, rendered configurations); uploads through the UploadStore; who may read
 * or upload through the guard.
 */
import { baseName } from '../paths';
import type { DirEntry } from '../resolver';
import { matchUploadName } from '../uploads';
import type { CommandHost, FtpCommandContext } from './command-context';
import type { CommandSpec } from './control';
import { dropChannel, refuse, resolveOrRefuse } from './ftp-paths';
import { listingText, mdtmValue, mlsxLine } from './listing';
import { DEFAULT_MAX_UPLOAD, READ_ONLY_MESSAGE, UPLOAD_ONLY_MESSAGE } from './options';
import { reply, type Session } from './session';
import { receiveUpload, sendBytes, sendFile, withDataConnection } from './transfer';

/**
 * RETR: 501 without a name, 550 for a refused or missing path, a folder or a file the guard keeps
 * from this client, 425 without PASV/EPSV/PORT/EPRT first; otherwise the file from the REST offset.
 */
async function retr(host: CommandHost, s: Session, arg: string, ctx: FtpCommandContext): Promise<void> {
  ctx.record = true;
  const start = s.rest;
  s.rest = 0;
  const rel = await transferPath(s, ctx, arg);
  if (rel === undefined) return;
  const file = rel === '' ? undefined : await host.resolver.resolve(rel, { client: s.client });
  if (!file) {
    ctx.missing = true;
    return fail(s, ctx, 550, rel === '' || (await host.resolver.isDirectory(rel)) ? `${arg}: is a directory` : `${arg}: no such file`);
  }
  ctx.file = file;
  ctx.source = file.source;
  const denied = host.resolver.guard?.readRefusal(file, { protocol: 'ftp', client: s.client, account: s.account });
  if (denied) return refuse(s, ctx, arg, 550, `${arg}: ${denied.reason}`);
  if (!s.channel) return fail(s, ctx, 425, 'Use PASV, EPSV, PORT or EPRT before RETR');
  host.count(ctx, s.client);
  await withDataConnection(s, ctx, `Opening BINARY mode data connection for ${ctx.path} (${file.size - Math.min(start, file.size)} bytes)`, (sock) =>
    sendFile(host.resolver, file, start, sock, ctx),
  );
}

/**
 * STOR: only phone upload names (`<mac>-boot.log`, ... in any folder): 553 for other names, 550
 * for a refused path, an upload the guard refuses or a resumed upload (REST first), 425 without a
 * data connection; the upload is committed only after a clean end (552 over the size limit).
 */
async function stor(host: CommandHost, s: Session, arg: string, ctx: FtpCommandContext): Promise<void> {
  ctx.record = true;
  const rest = s.rest;
  s.rest = 0;
  const rel = await transferPath(s, ctx, arg);
  if (rel === undefined) return;
  const name = baseName(rel);
  if (!matchUploadName(name)) return refuse(s, ctx, arg, 553, UPLOAD_ONLY_MESSAGE);
  ctx.path = `/${rel}`;
  const denied = host.resolver.guard?.uploadRefusal(name, { protocol: 'ftp', client: s.client, account: s.account });
  if (denied) return refuse(s, ctx, arg, 550, `${arg}: ${denied.reason}`);
  if (rest) return fail(s, ctx, 550, 'Resuming an upload (REST before STOR) is not supported: send the whole file');
  ctx.source = 'upload';
  if (!s.channel) return fail(s, ctx, 425, 'Use PASV, EPSV, PORT or EPRT before STOR');
  host.count(ctx, s.client);
  const max = host.options()?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD;
  const up = await host.resolver.uploads.open(name, s.client);
  await withDataConnection(s, ctx, `Ready to receive ${ctx.path}`, (sock) => receiveUpload(up, max, sock, ctx)).finally(() => up.abort().catch(() => {}));
}

/**
 * LIST, NLST and MLSD of a folder (or LIST/NLST of one file): `-la`-style flags are ignored, no
 * argument means the working directory; 550 for a refused or missing path (MLSD: not a folder),
 * 425 without a data connection.
 */
async function listing(host: CommandHost, s: Session, rawArg: string, ctx: FtpCommandContext): Promise<void> {
  ctx.record = true;
  const kind = ctx.directive as 'LIST' | 'NLST' | 'MLSD';
  const words = rawArg.split(' ');
  while (kind !== 'MLSD' && words.length && (words[0] === '' || words[0]!.startsWith('-'))) words.shift();
  const arg = words.join(' ') || '.';
  const rel = await resolveOrRefuse(s, ctx, arg);
  if (rel === undefined) return;
  let entries: DirEntry[] | undefined = await host.resolver.list(rel);
  if (!entries && kind !== 'MLSD' && rel !== '') {
    const file = await host.resolver.resolve(rel, { client: s.client });
    if (file) entries = [{ name: kind === 'NLST' ? arg : baseName(rel), isDirectory: false, size: file.size, mtimeMs: file.mtimeMs }];
  }
  if (!entries) return fail(s, ctx, 550, kind === 'MLSD' ? `${arg}: not a folder` : `${arg}: no such file or directory`);
  if (!s.channel) return fail(s, ctx, 425, `Use PASV, EPSV, PORT or EPRT before ${kind}`);
  host.count(ctx, s.client);
  const data = listingText(kind, entries);
  await withDataConnection(s, ctx, `Here comes the listing of ${ctx.path}`, (sock) => sendBytes(data, sock, ctx));
}

/**
 * SIZE (213 + bytes), MDTM (213 + `YYYYMMDDHHMMSS` UTC) and MLST (250 + facts, on the control
 * connection) of a file; 501 without an argument (except MLST: the working directory), 550 for a
 * refused path, a folder (SIZE, MDTM) or a missing file (logged once per file: clients probe
 * with SIZE first, curl stops there).
 */
async function meta(host: CommandHost, s: Session, arg: string, ctx: FtpCommandContext): Promise<void> {
  const d = ctx.directive;
  if (!arg && d !== 'MLST') return reply(s, 501, `${d} needs a file name`);
  const rel = await resolveOrRefuse(s, ctx, arg || '.');
  if (rel === undefined) return;
  if (d === 'MLST' && (rel === '' || (await host.resolver.isDirectory(rel)))) {
    return reply(s, 250, `Listing /${rel}\n ${mlsxLine({ name: '', isDirectory: true, size: 0, mtimeMs: Date.now() }, `/${rel}`)}\nEnd`);
  }
  const file = rel === '' ? undefined : await host.resolver.resolve(rel, { client: s.client });
  if (!file) {
    ctx.record = true;
    ctx.missing = true;
    return fail(s, ctx, 550, rel === '' || (await host.resolver.isDirectory(rel)) ? `${arg}: is a directory` : `${arg}: no such file`);
  }
  ctx.source = file.source;
  if (d === 'SIZE') return reply(s, 213, String(file.size));
  if (d === 'MDTM') return reply(s, 213, mdtmValue(file.mtimeMs));
  await reply(s, 250, `Listing /${rel}\n ${mlsxLine({ name: baseName(rel), isDirectory: false, size: file.size, mtimeMs: file.mtimeMs }, `/${rel}`)}\nEnd`);
}

/** DELE, RMD, MKD, RNFR, RNTO, SITE, APPE, STOU: refused (550) and logged; the root is read-only over FTP. */
async function readOnly(_host: CommandHost, s: Session, arg: string, ctx: FtpCommandContext): Promise<void> {
  const d = ctx.directive;
  const message =
    d === 'APPE' ? 'Appending (APPE) is not supported: send the whole file with STOR' : d === 'STOU' ? 'STOU is not supported: uploads must use the phone file name' : READ_ONLY_MESSAGE;
  await refuse(s, ctx, d === 'SITE' ? arg.split(' ').at(-1)! : arg, 550, message);
}

/** The file commands, by verb. */
export const FILE_COMMANDS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ['RETR', { run: retr }],
  ['STOR', { run: stor }],
  ['LIST', { run: listing }],
  ['NLST', { run: listing }],
  ['MLSD', { run: listing }],
  ['SIZE', { run: meta }],
  ['MDTM', { run: meta }],
  ['MLST', { run: meta }],
  ...['DELE', 'RMD', 'XRMD', 'MKD', 'XMKD', 'RNFR', 'RNTO', 'SITE', 'APPE', 'STOU'].map((v): [string, CommandSpec] => [v, { run: readOnly }]),
]);

/** The path of RETR/STOR, noted on the context: 501 when missing, 550 when refused (undefined then). */
async function transferPath(s: Session, ctx: FtpCommandContext, arg: string): Promise<string | undefined> {
  if (!arg) {
    await fail(s, ctx, 501, `${ctx.directive} needs a file name`);
    return undefined;
  }
  return resolveOrRefuse(s, ctx, arg);
}

/** Answer a failed command: the error noted for the log, the prepared data connection dropped. */
async function fail(s: Session, ctx: FtpCommandContext, code: number, message: string): Promise<void> {
  ctx.error ??= message;
  dropChannel(s);
  await reply(s, code, message);
}
