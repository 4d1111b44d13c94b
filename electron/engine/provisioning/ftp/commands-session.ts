/**
 * The FTP commands about the session rather than a file: login (login.ts), QUIT, NOOP, SYST, HELP,
 * STAT, the transfer parameters TYPE / MODE / STRU (RFC 959 §4.1.2), REST (RFC 3659 §5), the
 * working directory (PWD, CWD, CDUP: RFC 959 §4.1.1, §4.1.3), and the feature negotiation FEAT
 * (RFC 2389 §3; `UTF8` there from RFC 2640 §3.1) and OPTS (RFC 2389 §4: `OPTS UTF8 ON`, as Windows and
 * other clients send it, and `OPTS MLST`, RFC 3659 §7).
 */
import type { CommandHost, FtpCommandContext } from './command-context';
import type { CommandSpec } from './control';
import { refuse, resolveOrRefuse } from './ftp-paths';
import { passCommand, userCommand } from './login';
import { reply, type Session } from './session';

/** The FEAT lines (RFC 2389 §3): each extension this server implements. */
export const FEATURES = ['EPRT', 'EPSV', 'MDTM', 'MLST type*;size*;modify*;perm*;', 'PASV', 'REST STREAM', 'SIZE', 'TVFS', 'UTF8'];

/** The text of `..` leaving the root (the same words as the root's path rules). */
const LEAVES_ROOT = 'Path tries to leave the provisioning root ("..")';

/** CWD (and CDUP = `CWD ..`): 250 in a folder of the root; 550 for a refused path or no such folder. */
async function cwd(host: CommandHost, s: Session, arg: string, ctx: FtpCommandContext): Promise<void> {
  const raw = ctx.directive === 'CDUP' || ctx.directive === 'XCUP' ? '..' : arg;
  if (!raw) return reply(s, 501, 'CWD needs a directory name');
  let rel: string | undefined;
  if (raw === '..' || raw === '../') {
    // The one `..` allowed: to the parent while inside the root.
    if (s.cwd === '') return refuse(s, ctx, raw, 550, LEAVES_ROOT);
    rel = s.cwd.includes('/') ? s.cwd.slice(0, s.cwd.lastIndexOf('/')) : '';
    ctx.path = `/${rel}`;
  } else {
    rel = await resolveOrRefuse(s, ctx, raw);
    if (rel === undefined) return;
  }
  if (rel !== '' && !(await host.resolver.isDirectory(rel))) {
    ctx.error = `${raw}: no such directory`;
    return reply(s, 550, ctx.error);
  }
  s.cwd = rel;
  await reply(s, 250, `Directory changed to /${rel}`);
}

/** PWD: 257 with the working directory quoted, `"` doubled (RFC 959 Appendix II). */
async function pwd(_host: CommandHost, s: Session): Promise<void> {
  await reply(s, 257, `"/${s.cwd.replace(/"/g, '""')}" is the current directory`);
}

/** TYPE: A (ASCII, non-print), I (image) and L 8 are accepted; files are sent as they are in both. */
async function type(_host: CommandHost, s: Session, arg: string): Promise<void> {
  const t = arg.toUpperCase().replace(/\s+/g, ' ');
  if (!t) return reply(s, 501, 'TYPE needs a type: I or A');
  if (['A', 'A N', 'I', 'L 8'].includes(t)) return reply(s, 200, `Type set to ${t}`);
  await reply(s, 504, `Type ${arg} is not supported: use TYPE I or TYPE A`);
}

/** MODE S and STRU F only (RFC 959 §5.1 minimum implementation). */
function only(what: string, value: string): (h: CommandHost, s: Session, arg: string) => Promise<void> {
  return async (_h, s, arg) => {
    if (!arg) return reply(s, 501, `${what} needs a value`);
    if (arg.toUpperCase() === value) return reply(s, 200, `${what} set to ${value}`);
    await reply(s, 504, `${what} ${arg} is not supported: only ${value}`);
  };
}

/** REST: the byte offset of the next RETR (RFC 3659 §5: 350). */
async function rest(_host: CommandHost, s: Session, arg: string): Promise<void> {
  if (!/^\d{1,15}$/.test(arg)) return reply(s, 501, 'REST needs a byte offset (a whole number)');
  s.rest = Number(arg);
  await reply(s, 350, `Restarting at ${s.rest}: send RETR to resume`);
}

/** FEAT (RFC 2389 §3): multi-line 211, one extension per line, each after a space. */
async function feat(_host: CommandHost, s: Session): Promise<void> {
  await reply(s, 211, `Extensions supported:\n${FEATURES.map((f) => ` ${f}`).join('\n')}\nEnd`);
}

/** OPTS UTF8 ON (paths are always UTF-8) and OPTS MLST (the facts are always the same four). */
async function opts(_host: CommandHost, s: Session, arg: string): Promise<void> {
  const [name = '', ...rest] = arg.split(' ');
  if (name.toUpperCase() === 'UTF8' && ['', 'ON'].includes((rest[0] ?? '').toUpperCase())) return reply(s, 200, 'Always in UTF8 mode');
  if (name.toUpperCase() === 'MLST') return reply(s, 200, 'MLST OPTS type;size;modify;perm;');
  await reply(s, 501, `Option not understood: ${arg}`);
}

/** QUIT: 221, then the server closes the control connection (RFC 959 §4.1.1). */
async function quit(_host: CommandHost, s: Session): Promise<void> {
  await reply(s, 221, 'Goodbye');
  s.socket.end();
}

/** STAT without argument: the session's state (211); with a path it is not offered. */
async function stat(_host: CommandHost, s: Session, arg: string): Promise<void> {
  if (arg) return reply(s, 504, 'STAT of a path is not supported: use LIST');
  await reply(s, 211, `ProvKit provisioning server\nConnected from ${s.client}\nWorking directory /${s.cwd}\nEnd of status`);
}

const fixed =
  (code: number, text: string) =>
  async (_host: CommandHost, s: Session): Promise<void> =>
    reply(s, code, text);

/** The session commands, by verb. */
export const SESSION_COMMANDS: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ['USER', { run: userCommand, beforeLogin: true }],
  ['PASS', { run: passCommand, beforeLogin: true }],
  ['QUIT', { run: quit, beforeLogin: true }],
  ['NOOP', { run: fixed(200, 'NOOP ok'), beforeLogin: true }],
  ['SYST', { run: fixed(215, 'UNIX Type: L8'), beforeLogin: true }],
  ['FEAT', { run: feat, beforeLogin: true }],
  ['OPTS', { run: opts, beforeLogin: true }],
  ['HELP', { run: fixed(214, 'ProvKit serves provisioning files: USER, PASS, PASV, EPSV, PORT, EPRT, RETR, REST, STOR, SIZE, MDTM, LIST, NLST, MLSD, CWD, PWD, TYPE, QUIT'), beforeLogin: true }],
  // No TLS here (plain FTP, as the phones' factory default uses): clients fall back to plain FTP.
  ...['AUTH', 'PBSZ', 'PROT', 'CCC', 'ADAT'].map((v): [string, CommandSpec] => [v, { run: fixed(502, 'FTP over TLS is not offered by this server'), beforeLogin: true }]),
  ['STAT', { run: stat }],
  ['TYPE', { run: type }],
  ['MODE', { run: only('Mode', 'S') }],
  ['STRU', { run: only('Structure', 'F') }],
  ['ALLO', { run: fixed(202, 'No storage allocation necessary') }],
  ['REST', { run: rest }],
  ['PWD', { run: pwd }],
  ['XPWD', { run: pwd }],
  ['CWD', { run: cwd }],
  ['XCWD', { run: cwd }],
  ['CDUP', { run: cwd }],
  ['XCUP', { run: cwd }],
]);
