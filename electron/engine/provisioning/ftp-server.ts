/**
 * FTP provisioning server, built on ftp-srv 4.6.3. FTP is the factory default provisioning protocol
 * of Polycom SoundPoint phones, with the account `PlcmSpIp` / `PlcmSpIp` (case-sensitive), and phones
 * upload their logs and changed settings by FTP write (facts §1 "Protocols and credentials", step 8).
 *
 * What a client sees: a read-only tree (the provisioning root through {@link ProvisioningResolver}:
 * stored phone uploads, real files, rendered configurations), passive (PASV/EPSV) and active mode,
 * REST for downloads, STOR only for phone upload names. Every transfer and every refused attempt
 * becomes one {@link RequestRecord} in the request log.
 *
 * ftp-srv 4.6.3 is used for the protocol plumbing (greeting, login, data connections, RETR/STOR/LIST
 * loops) but several of its behaviours are replaced or guarded here; each is marked "ftp-srv quirk":
 * - its constructor installs SIGTERM/SIGINT/SIGQUIT handlers that call `process.exit(0)`: removed;
 * - it logs JSON to stdout through bunyan by default: replaced by {@link bunyanAdapter};
 * - its command reader neither buffers partial lines nor serialises commands from separate TCP
 *   chunks, and lets a throwing handler (`SITE`/`PORT` without argument) become an unhandled
 *   rejection; it also traces raw lines including `PASS <password>`: replaced by our line reader;
 * - `pasv_url` cannot depend on the connection (needed when bound to 0.0.0.0), a failed passive
 *   `listen` never settles, and a data connection with no peer address throws inside a `connection`
 *   handler (crash): PASV/EPSV are answered here with ftp-srv's PassiveConnector, guarded;
 * - RETR of a missing file answers 551, LIST 451, STOU falls back to STOR of the given name, ABOR
 *   waits 5 s when no data connection exists, FEAT advertises AUTH TLS without TLS, USER after a
 *   failed PASS answers "Username already set": all handled before ftp-srv sees the command;
 * - STOR emits a synthetic `close` on the file stream instead of ending it and calls `end()` before
 *   `destroy(err)` when the data socket fails: {@link UploadSink} commits only on a clean end;
 * - its connection timeout also fires during long transfers: our idle timer skips transfers;
 * - `close()` leaves a 1 s timer per connected client: stop() disconnects clients first.
 */
import { createRequire } from 'node:module';
import { timingSafeEqual } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { isIPv4, isIPv6, type AddressInfo, type Server, type Socket } from 'node:net';
import { pipeline, Readable, Transform, Writable } from 'node:stream';
import { format } from 'node:util';
import FtpSrv from 'ftp-srv';
import type { LogLevel, Logger } from '../logger';
import { normalizeAddress } from './http-server';
import { baseName, cleanRequestPath, PathError } from './paths';
import type { RequestLog, RequestRecord } from './request-log';
import type { ProvisioningResolver, ResolvedFile } from './resolver';
import { matchUploadName, type StoredUpload } from './uploads';

/** An FTP login. Both fields are compared case-sensitively. */
export interface FtpAccount {
  user: string;
  password: string;
}

/** The Polycom factory provisioning account (facts §1: `PlcmSpIp` / `PlcmSpIp`, case-sensitive). */
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

const UPLOAD_ONLY_MESSAGE =
  'Uploads are accepted only for phone files (<mac>-boot.log, -app.log, -phone.cfg, -web.cfg, -directory.xml, -calls.xml)';
const READ_ONLY_MESSAGE = 'Read-only provisioning root: ProvKit does not delete, rename, create or change files over FTP';
const DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024;
const DEFAULT_IDLE_MS = 300_000;
/** Longest command line accepted, bytes (RFC 959 sets no limit; paths are limited to 1,024 characters). */
const MAX_LINE = 8192;
/** Commands queued on one connection before it is closed as abusive. */
const MAX_QUEUED = 100;
/** Failed logins on one connection before it is closed. */
const MAX_FAILED_LOGINS = 5;
/** Window in which repeated not-found probes (SIZE, MDTM, RETR) of one path log once, ms. */
const MISSING_DEDUP_MS = 5000;
/** How long a passive data port may take to open, ms. */
const PASV_SETUP_TIMEOUT = 5000;
const FEATURES = ['EPSV', 'MDTM', 'PASV', 'REST STREAM', 'SIZE', 'TYPE A;I', 'UTF8'];
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

// ---------------------------------------------------------------------------------------------
// ftp-srv internals we touch (4.6.3; its bundled .d.ts does not describe them).

interface FtpSrvCommand {
  directive: string;
  arg: string | null;
  flags: string[];
  raw: string;
}

interface FtpSrvConnector {
  type: string | false;
  dataSocket: (Socket & { connected?: boolean }) | null;
  dataServer: Server | null;
  readonly socket: (Socket & { connected?: boolean }) | null;
  end(): void;
}

interface FtpSrvPassiveConnector extends FtpSrvConnector {
  setupServer(): PromiseLike<Server>;
}

interface FtpSrvConnection extends EventEmitter {
  id: string;
  readonly ip: string | undefined;
  commandSocket: Socket;
  connector: FtpSrvConnector;
  commands: { parse(line: string): FtpSrvCommand; handle(command: FtpSrvCommand): unknown };
  authenticated?: boolean;
  username?: string;
  restByteCount: number | undefined;
  reply(options: number | Record<string, unknown>, ...letters: unknown[]): PromiseLike<unknown>;
  close(code?: number, message?: string): PromiseLike<unknown>;
}

interface FtpSrvInstance extends EventEmitter {
  server: Server;
  connections: Record<string, FtpSrvConnection>;
  listen(): PromiseLike<unknown>;
  close(): PromiseLike<unknown>;
}

const requireCjs = createRequire(import.meta.url);
let passiveCtor: (new (connection: FtpSrvConnection) => FtpSrvPassiveConnector) | undefined;
/** ftp-srv's passive connector class (not exported by the package's entry point). */
function PassiveConnector(): new (connection: FtpSrvConnection) => FtpSrvPassiveConnector {
  passiveCtor ??= requireCjs('ftp-srv/src/connector/passive.js') as new (connection: FtpSrvConnection) => FtpSrvPassiveConnector;
  return passiveCtor;
}

// ---------------------------------------------------------------------------------------------
// Logging bridge

/** The bunyan Logger methods ftp-srv 4.6.3 calls (`child`, `trace` ... `fatal`). */
export interface BunyanLike {
  child(fields?: Record<string, unknown>): BunyanLike;
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  fatal(...args: unknown[]): void;
}

/**
 * A bunyan-style logger for ftp-srv that forwards to our {@link Logger}, so ftp-srv writes nothing
 * to stdout. ftp-srv logs every client mistake (missing file, bad login) at `error`, so `info` and
 * `error` map to our `debug`; `warn` stays `warn`, `fatal` becomes `error`.
 * Arguments follow bunyan: an optional leading fields object or Error, then a printf-style message.
 * @param logger where records go
 * @param fields fields added to every record (accumulated by `child()`)
 * @returns the adapter; never throws
 */
export function bunyanAdapter(logger: Logger, fields: Record<string, unknown> = {}): BunyanLike {
  const emit =
    (level: LogLevel) =>
    (...args: unknown[]): void => {
      try {
        let rest = args;
        let extra: Record<string, unknown> = {};
        const first = args[0];
        if (first instanceof Error) {
          extra = { err: first.message };
          rest = args.length > 1 ? args.slice(1) : [first.message];
        } else if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
          extra = safeFields(first as Record<string, unknown>);
          rest = args.slice(1);
        }
        const all = { ...fields, ...extra };
        logger[level](format(...rest), Object.keys(all).length ? all : undefined);
      } catch {
        /* logging must never break a connection */
      }
    };
  return {
    child: (more) => bunyanAdapter(logger, { ...fields, ...safeFields(more ?? {}) }),
    trace: emit('trace'),
    debug: emit('debug'),
    info: emit('debug'),
    warn: emit('warn'),
    error: emit('debug'),
    fatal: emit('error'),
  };
}

function safeFields(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v instanceof Error) out[k] = v.message;
    else if (v === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof v)) out[k] = v;
    else {
      try {
        out[k] = JSON.parse(JSON.stringify(v)) as unknown;
      } catch {
        out[k] = String(v);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Paths and the file system

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

/** Path shown in the log for a refused request: the client's text joined to the cwd, unnormalised. */
function displayPath(cwd: string, raw: string): string {
  // eslint-disable-next-line no-control-regex
  const printable = raw.replace(/[\x00-\x1f\x7f]/g, '?').slice(0, 1100);
  return printable.startsWith('/') ? printable : cwd ? `/${cwd}/${printable}` : `/${printable}`;
}

/** A file system error with the FTP reply code it should produce. */
export class FtpFsError extends Error {
  /**
   * @param message text sent to the client after the code
   * @param ftpCode 550 (not found / refused), 553 (name not allowed), 425, ...
   * @param refused true when policy refused the path (traversal, upload name): always logged
   */
  constructor(
    message: string,
    readonly ftpCode = 550,
    readonly refused = false,
  ) {
    super(message);
    this.name = 'FtpFsError';
  }
}

/**
 * What one FTP command did, filled in while it runs and turned into a {@link RequestRecord} when it
 * ends. Times in ms since epoch, sizes in bytes.
 */
export interface FtpCommandContext {
  directive: string;
  /** Argument as sent (null when none). */
  arg: string | null;
  started: number;
  /** `/` + clean relative path once resolved, or the raw path when refused. */
  path?: string;
  source?: 'file' | 'rendered' | 'upload';
  bytesSent: number;
  bytesReceived: number;
  /** Last reply code sent on the control connection. */
  lastCode: number;
  /** Status to log instead of `lastCode` (e.g. 552 for an over-size upload). */
  statusOverride?: number;
  error?: string;
  /** A path or name was refused by policy. */
  refused: boolean;
  /** 150 was sent: data started flowing. */
  transferStarted: boolean;
  /** The data connection broke before the end of the data. */
  broken?: string;
  /** Log this command when it ends. */
  record: boolean;
  /** Counted in activeTransfers. */
  counted: boolean;
  finished: boolean;
  /** The file was not found (logged once per session and path, see Session.lastMissing). */
  missing?: boolean;
  /** Resolved file for RETR (from the pre-check). */
  file?: ResolvedFile;
  /** Streams to release when the command ends. */
  streams: Array<Readable | Writable>;
}

/** A stat-like entry for ftp-srv's `ls` listing format. */
interface FtpStat {
  name: string;
  size: number;
  mtime: Date;
  mode: number;
  uid: string;
  gid: string;
  isDirectory(): boolean;
  isFile(): boolean;
}

function ftpStat(name: string, isDirectory: boolean, size: number, mtimeMs: number): FtpStat {
  return {
    name,
    size,
    mtime: new Date(mtimeMs),
    mode: isDirectory ? 0o40555 : 0o100444,
    uid: 'ftp',
    gid: 'ftp',
    isDirectory: () => isDirectory,
    isFile: () => !isDirectory,
  };
}

/**
 * ftp-srv file system for one connection, chrooted to the provisioning root through the resolver.
 * Reads: uploads, real files and rendered configurations. Writes: phone upload names only (through
 * `resolver.uploads`). Delete, mkdir, rename, chmod and unique names are refused.
 * Every method records what it did on {@link ctx} (set by the server before each command).
 */
export class ProvisioningFtpFileSystem {
  /** Working directory as a clean relative path (`''` = root). */
  cwd = '';
  /** The command being executed, if any. */
  ctx: FtpCommandContext | undefined;

  /**
   * @param resolver the provisioning root
   * @param dataSocket returns the connection's current data socket (for abort detection)
   * @param maxUploadBytes largest upload accepted, bytes
   */
  constructor(
    private readonly resolver: ProvisioningResolver,
    private readonly dataSocket: () => Socket | null = () => null,
    private readonly maxUploadBytes = DEFAULT_MAX_UPLOAD,
  ) {}

  /** @returns the working directory as the client sees it (`/`, `/mpv`) */
  currentDirectory(): string {
    return `/${this.cwd}`;
  }

  /**
   * Resolve a client path against the cwd, noting refusals on the context.
   * @returns clean relative path
   * @throws FtpFsError (550, refused) for traversal, backslashes, control characters, drive letters
   */
  resolvePath(raw: string | null | undefined): string {
    const text = raw ?? '';
    try {
      const rel = resolveFtpPath(this.cwd, text);
      if (this.ctx) this.ctx.path = `/${rel}`;
      return rel;
    } catch (err) {
      if (err instanceof PathError) throw this.refuse(text, err.message);
      throw err;
    }
  }

  /**
   * Stat a file or directory (SIZE, MDTM, LIST of one file, STAT).
   * @returns a stat-like object named as the client asked
   * @throws FtpFsError 550 when nothing answers to that path
   */
  async get(fileName: string): Promise<FtpStat> {
    const rel = this.resolvePath(fileName);
    if (rel === '' || (await this.resolver.isDirectory(rel))) return ftpStat(fileName, true, 0, Date.now());
    const file = await this.resolver.resolve(rel);
    if (!file) throw this.fail(`${fileName}: no such file or directory`);
    if (this.ctx) this.ctx.source = file.source;
    return ftpStat(fileName, false, file.size, file.mtimeMs);
  }

  /**
   * List a directory of the root (LIST, NLST).
   * @returns entries (files and folders; dot files hidden)
   * @throws FtpFsError 550 when the path is not a directory
   */
  async list(path = '.'): Promise<FtpStat[]> {
    const rel = this.resolvePath(path);
    const entries = await this.resolver.list(rel);
    if (!entries) throw this.fail(`${path}: no such directory`);
    return entries.map((e) => ftpStat(e.name, e.isDirectory, e.size, e.mtimeMs));
  }

  /**
   * Change the working directory. `..` (CDUP) goes to the parent while inside the root; at the root
   * it is a traversal attempt and refused. Any other path containing `..` is refused.
   * @returns the new working directory as the client sees it
   * @throws FtpFsError 550 for a refused path or a path that is not a directory
   */
  async chdir(path = '.'): Promise<string> {
    let rel: string;
    if (path === '..' || path === '../') {
      if (this.cwd === '') throw this.refuse(path, 'Path tries to leave the provisioning root ("..")');
      rel = this.cwd.includes('/') ? this.cwd.slice(0, this.cwd.lastIndexOf('/')) : '';
      if (this.ctx) this.ctx.path = `/${rel}`;
    } else {
      rel = this.resolvePath(path);
    }
    if (rel !== '' && !(await this.resolver.isDirectory(rel))) throw this.fail(`${path}: no such directory`);
    this.cwd = rel;
    return this.currentDirectory();
  }

  /**
   * Open a file for RETR.
   * @param options.start first byte (REST), default 0
   * @returns a paused stream of the file's bytes (counted into the context) and its client path
   * @throws FtpFsError 550 when the path is refused, a directory, or not found
   */
  async read(fileName: string, options: { start?: number } = {}): Promise<{ stream: Readable; clientPath: string }> {
    const rel = this.resolvePath(fileName);
    const ctx = this.ctx;
    const file = ctx?.file && ctx.path === `/${rel}` ? ctx.file : rel === '' ? undefined : await this.resolver.resolve(rel);
    if (!file) throw this.fail(rel === '' || (await this.resolver.isDirectory(rel)) ? `${fileName}: is a directory` : `${fileName}: no such file`);
    if (ctx) ctx.source = file.source;
    const start = Math.max(0, Math.floor(options.start ?? 0));
    const src = start >= file.size ? Readable.from([]) : this.resolver.open(file, start);
    const counter = new Transform({
      highWaterMark: 256 * 1024,
      transform(chunk: Buffer, _enc, cb) {
        if (ctx) ctx.bytesSent += chunk.length;
        cb(null, chunk);
      },
    });
    counter.on('error', () => {}); // ftp-srv attaches its own handler one tick later
    pipeline(src, counter, (err) => {
      if (err && ctx && !ctx.error && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') ctx.error = `read failed: ${err.message}`;
    });
    let ended = false;
    const socket = this.dataSocket();
    counter.once('end', () => {
      ended = true;
      // ftp-srv quirk: it sends 226 before closing the data connection; clients such as lftp then
      // see the data without EOF and send ABOR. Close the data connection first, like vsftpd.
      if (socket && !socket.destroyed) socket.end();
    });
    if (socket) {
      const onClose = () => {
        if (ended || counter.destroyed) return;
        if (ctx) {
          ctx.broken = 'the client closed the data connection before the end of the file';
          const written = socket.bytesWritten;
          if (typeof written === 'number' && written < ctx.bytesSent) ctx.bytesSent = written;
        }
        counter.destroy(new Error('data connection closed by the client'));
      };
      if (socket.destroyed) onClose();
      else {
        socket.once('close', onClose);
        socket.once('error', (err) => {
          if (!ended && ctx) ctx.broken ??= `the data connection failed: ${err.message}`;
        });
      }
    }
    ctx?.streams.push(counter, src);
    return { stream: counter, clientPath: `/${rel}` };
  }

  /**
   * Open an upload for STOR: only phone upload names (`<mac>-boot.log`, ...), in any folder, stored
   * by the UploadStore (committed on a clean end, removed on failure).
   * @param options.append APPE (refused), options.start REST offset (refused when > 0)
   * @returns a writable stream and the client path
   * @throws FtpFsError 553 for other names, 550 for refused paths or resumed uploads
   */
  async write(fileName: string, options: { append?: boolean; start?: number } = {}): Promise<{ stream: Writable; clientPath: string }> {
    const rel = this.resolvePath(fileName);
    const name = baseName(rel);
    if (!matchUploadName(name)) throw this.refuse(fileName, UPLOAD_ONLY_MESSAGE, 553, `/${rel}`);
    if (options.append) throw this.fail('Appending (APPE) is not supported: send the whole file with STOR');
    if (options.start) throw this.fail('Resuming an upload (REST before STOR) is not supported: send the whole file');
    const socket = this.dataSocket();
    if (socket?.destroyed) throw this.fail('The data connection closed before the upload started', 425);
    const ctx = this.ctx;
    const up = await this.resolver.uploads.open(name);
    if (ctx) ctx.source = 'upload';
    const sink = new UploadSink(up, this.maxUploadBytes, ctx);
    if (socket) {
      socket.once('error', (err) => {
        if (!sink.writableFinished && ctx) ctx.broken ??= `the data connection failed: ${err.message}`;
      });
      socket.once('close', () => {
        if (sink.writableEnded || sink.destroyed) return;
        if (ctx) ctx.broken = 'the data connection closed without a clean end of the upload';
        sink.destroy(new Error('data connection closed before the upload ended'));
      });
    }
    ctx?.streams.push(sink);
    return { stream: sink, clientPath: `/${rel}` };
  }

  /** @throws FtpFsError 550: the root is read-only */
  async delete(path: string): Promise<never> {
    throw this.refuse(path, READ_ONLY_MESSAGE);
  }

  /** @throws FtpFsError 550: the root is read-only */
  async mkdir(path: string): Promise<never> {
    throw this.refuse(path, READ_ONLY_MESSAGE);
  }

  /** @throws FtpFsError 550: the root is read-only */
  async rename(from: string): Promise<never> {
    throw this.refuse(from, READ_ONLY_MESSAGE);
  }

  /** @throws FtpFsError 550: the root is read-only */
  async chmod(path: string): Promise<never> {
    throw this.refuse(path, READ_ONLY_MESSAGE);
  }

  /** @throws FtpFsError 550: STOU is not supported (uploads must carry the phone's file name) */
  getUniqueName(): never {
    throw new FtpFsError('STOU is not supported: uploads must use the phone file name');
  }

  private refuse(raw: string, message: string, code = 550, path?: string): FtpFsError {
    if (this.ctx) {
      this.ctx.refused = true;
      this.ctx.error = message;
      this.ctx.path = path ?? displayPath(this.cwd, raw);
    }
    return new FtpFsError(message, code, true);
  }

  private fail(message: string, code = 550): FtpFsError {
    if (this.ctx) this.ctx.error = message;
    return new FtpFsError(message, code);
  }
}

type OpenUpload = Awaited<ReturnType<ProvisioningResolver['uploads']['open']>>;

/**
 * The stream ftp-srv writes an upload into. Counts bytes, enforces the size limit, commits the
 * upload to the UploadStore only after a clean end, and aborts (removes the temporary file) when
 * destroyed first. Handles ftp-srv's synthetic `close` event (it emits `close` instead of calling
 * `end()` when the stream has `close` listeners, which `pipe()` always adds).
 */
class UploadSink extends Writable {
  private state: 'open' | 'finalizing' | 'done' | 'aborted' = 'open';
  private received = 0;
  /** The stored upload after a successful commit. */
  stored: StoredUpload | undefined;

  constructor(
    private readonly up: OpenUpload,
    private readonly max: number,
    private readonly ctx: FtpCommandContext | undefined,
  ) {
    super({ highWaterMark: 256 * 1024 });
    up.stream.on('error', (err) => this.destroy(err));
    this.on('error', () => {}); // ftp-srv attaches its own handler one tick later
    this.once('close', () => {
      if (!this.writableEnded && !this.destroyed) this.end();
    });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.received += chunk.length;
    if (this.ctx) this.ctx.bytesReceived = this.received;
    if (this.received > this.max) {
      if (this.ctx) {
        this.ctx.statusOverride = 552;
        this.ctx.error = `upload is over the ${this.max}-byte limit`;
      }
      cb(new Error(`Upload is over the ${this.max}-byte limit`));
      return;
    }
    if (this.up.stream.write(chunk)) cb();
    else this.up.stream.once('drain', () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (this.state !== 'open') {
      cb(new Error('upload aborted'));
      return;
    }
    this.state = 'finalizing';
    void (async () => {
      try {
        await new Promise<void>((resolve, reject) => {
          this.up.stream.once('error', reject);
          this.up.stream.once('close', () => resolve());
          this.up.stream.end();
        });
        // ftp-srv calls end() then destroy(err) when the data socket fails: never commit then.
        if ((this.state as string) === 'aborted' || this.destroyed) {
          await this.up.abort();
          cb(new Error('upload aborted'));
          return;
        }
        this.stored = await this.up.commit();
        this.state = 'done';
        cb();
      } catch (err) {
        this.state = 'aborted';
        await this.up.abort().catch(() => {});
        if (this.ctx && this.ctx.statusOverride === undefined) {
          this.ctx.statusOverride = 451;
          this.ctx.error = `could not store the upload: ${(err as Error).message}`;
        }
        cb(err as Error);
      }
    })();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (this.state === 'open') {
      this.state = 'aborted';
      this.up.abort().then(
        () => cb(err),
        () => cb(err),
      );
    } else {
      if (this.state === 'finalizing') this.state = 'aborted';
      cb(err);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The server

/** Per-connection state. */
interface Session {
  connection: FtpSrvConnection;
  client: string;
  fs?: ProvisioningFtpFileSystem;
  queue: Promise<void>;
  queued: number;
  buffer: Buffer;
  ctx?: FtpCommandContext;
  failedLogins: number;
  loginError?: string;
  closed: boolean;
  /** Last not-found request logged, so SIZE + MDTM + RETR of one missing file log once. */
  lastMissing?: { path: string; time: number };
}

const TRANSFER_COMMANDS = new Set(['RETR', 'STOR', 'LIST', 'NLST']);

/** The FTP provisioning server. */
export class FtpProvisioningServer {
  private ftp: FtpSrvInstance | undefined;
  private opts: FtpServerOptions | undefined;
  private readonly sessions = new Map<string, Session>();
  private active = 0;

  /**
   * @param resolver the provisioning root (files, rendered configs, uploads)
   * @param log where every transfer and refused attempt is recorded
   * @param logger diagnostics (ftp-srv's own logging is forwarded here too)
   */
  constructor(
    private readonly resolver: ProvisioningResolver,
    private readonly log: RequestLog,
    private readonly logger: Logger,
  ) {}

  /** Transfers (RETR, STOR, LIST, NLST) in progress. */
  get activeTransfers(): number {
    return this.active;
  }

  /**
   * Start listening.
   * @returns the bound control port
   * @throws Error for invalid options (passive range, pasvUrl not IPv4, already running)
   * @throws the listen error (EACCES, EADDRINUSE, EADDRNOTAVAIL, ...) — see explainListenError
   */
  async start(opts: FtpServerOptions): Promise<number> {
    if (this.ftp) throw new Error('FTP server is already running');
    validateOptions(opts);
    const host = opts.bind || '0.0.0.0';
    const url = `ftp://${host.includes(':') ? `[${host}]` : host}:${opts.port}`;
    const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
    const ftp = new FtpSrv({
      url,
      // Only keeps ftp-srv from warning: PASV is answered by this class (see passive()).
      pasv_url: opts.pasvUrl ?? (isIPv4(host) ? host : '127.0.0.1'),
      pasv_min: opts.pasvMin,
      pasv_max: opts.pasvMax,
      anonymous: opts.allowAnonymous === true,
      greeting: ['ProvKit provisioning server'],
      log: bunyanAdapter(this.logger.child('ftp-srv')),
      timeout: 0,
    }) as unknown as FtpSrvInstance;
    // ftp-srv quirk: its constructor adds signal handlers that call process.exit(0).
    for (const sig of SIGNALS) {
      for (const l of process.listeners(sig)) if (!before.get(sig)!.has(l)) process.removeListener(sig, l as (...a: unknown[]) => void);
    }
    ftp.on('connect', ({ connection }: { connection: FtpSrvConnection }) => {
      try {
        this.attach(connection);
      } catch (err) {
        this.logger.error(`cannot set up FTP connection: ${(err as Error).message}`);
        connection.commandSocket.destroy();
      }
    });
    ftp.on('login', (data: { connection: FtpSrvConnection; username: unknown; password: unknown }, resolve: (r: { fs: unknown }) => void, reject: (e: Error) => void) => {
      this.onLogin(data.connection, String(data.username ?? ''), String(data.password ?? ''), resolve, reject);
    });
    ftp.on('client-error', ({ context, error }: { context: string; error: Error }) => {
      this.logger.debug(`FTP client error (${context}): ${error?.message ?? String(error)}`);
    });
    ftp.on('server-error', ({ error }: { error: Error }) => {
      this.logger.error(`FTP server error: ${error?.message ?? String(error)}`);
    });
    // Set before listen(): ftp-srv resolves through bluebird (setImmediate), so a client can be
    // accepted before this method continues.
    this.opts = opts;
    try {
      await ftp.listen();
    } catch (err) {
      ftp.removeAllListeners();
      this.opts = undefined;
      throw err;
    }
    this.ftp = ftp;
    const port = (ftp.server.address() as AddressInfo).port;
    const accounts = (opts.factoryAccount ? 1 : 0) + (opts.accounts?.length ?? 0);
    if (!accounts && !opts.allowAnonymous) this.logger.warn(`FTP server on ${host}:${port} accepts no login: ${FTP_LOGINS_OFF_MESSAGE}`);
    this.logger.info(`FTP server listening on ${host}:${port}`);
    return port;
  }

  /** Stop listening and drop every connection (transfers in progress are aborted and logged as 426). */
  async stop(): Promise<void> {
    const ftp = this.ftp;
    this.ftp = undefined;
    if (!ftp) return;
    for (const [id, s] of this.sessions) {
      // ftp-srv quirk: disconnectClient() leaves a 1 s timer per client; removing them first avoids it.
      delete ftp.connections[id];
      const connector = s.connection.connector;
      connector?.dataSocket?.destroy();
      connector?.dataServer?.close();
      s.connection.commandSocket.destroy();
    }
    await ftp.close();
  }

  // -- connection setup ---------------------------------------------------------------------

  private attach(connection: FtpSrvConnection): void {
    const socket = connection.commandSocket;
    const s: Session = {
      connection,
      client: normalizeAddress(connection.ip),
      queue: Promise.resolve(),
      queued: 0,
      buffer: Buffer.alloc(0),
      failedLogins: 0,
      closed: false,
    };
    this.sessions.set(connection.id, s);

    // Our line reader replaces ftp-srv's (see the file comment).
    socket.removeAllListeners('data');
    socket.on('data', (chunk: Buffer) => this.onData(s, chunk));

    // Idle timeout that never fires during a transfer.
    const idle = this.opts?.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    socket.removeAllListeners('timeout');
    if (idle > 0) {
      socket.setTimeout(idle);
      socket.on('timeout', () => {
        if (s.ctx && TRANSFER_COMMANDS.has(s.ctx.directive) && !s.ctx.finished) socket.setTimeout(idle);
        else void connection.close(421, 'Idle timeout: closing the control connection').then(undefined, () => {});
      });
    }

    // ftp-srv quirk: a passive connector's end() runs again when its data server emits 'close'
    // (asynchronously) and then resets `connection.connector`, which can wipe out the connector of a
    // newer PASV. Only the current connector (or a new one for this connection) may replace it.
    let current = connection.connector;
    Object.defineProperty(connection, 'connector', {
      configurable: true,
      enumerable: true,
      get: () => current,
      set: (next: FtpSrvConnector & { connection?: unknown }) => {
        const origin = next?.connection;
        if (next && next.type === false && origin !== connection && origin !== current) return;
        current = next;
      },
    });

    // Capture reply codes (and listing bytes) for the request log.
    const reply = connection.reply.bind(connection);
    connection.reply = (options, ...letters) => {
      const ctx = s.ctx;
      // ftp-srv quirk: a RETR that fails mid-way answers 551 and a STOR 550, whatever the cause.
      if (ctx && typeof options === 'number' && options >= 400 && options !== 425 && (ctx.directive === 'RETR' || ctx.directive === 'STOR') && ctx.transferStarted) {
        options = ctx.broken ? 426 : (ctx.statusOverride ?? options);
      }
      this.noteReply(s, options, letters);
      return reply(options, ...letters);
    };

    socket.on('close', () => {
      s.closed = true;
      this.sessions.delete(connection.id);
      const ctx = s.ctx;
      if (ctx && !ctx.finished) {
        if (TRANSFER_COMMANDS.has(ctx.directive)) ctx.broken ??= 'the control connection closed during the transfer';
        this.finish(s, ctx);
      }
    });
  }

  private noteReply(s: Session, options: number | Record<string, unknown>, letters: unknown[]): void {
    const ctx = s.ctx;
    if (!ctx) return;
    const cmdSocket = s.connection.commandSocket;
    const opt = typeof options === 'number' ? { code: options } : (options ?? {});
    const toData = opt.socket !== undefined && opt.socket !== cmdSocket;
    if (typeof opt.code === 'number' && !toData) {
      ctx.lastCode = opt.code;
      if (opt.code === 150) ctx.transferStarted = true;
    }
    for (const l of letters) {
      if (l && typeof l === 'object') {
        const letter = l as { raw?: boolean; socket?: unknown; message?: unknown };
        if (letter.raw && letter.socket && letter.socket !== cmdSocket) ctx.bytesSent += Buffer.byteLength(String(letter.message ?? '')) + 2;
      }
    }
  }

  private onData(s: Session, chunk: Buffer): void {
    s.buffer = s.buffer.length ? Buffer.concat([s.buffer, chunk]) : chunk;
    let nl: number;
    while ((nl = s.buffer.indexOf(0x0a)) >= 0) {
      const line = decodeLine(s.buffer.subarray(0, nl));
      s.buffer = s.buffer.subarray(nl + 1);
      if (line.trim() === '') continue;
      if (++s.queued > MAX_QUEUED) {
        s.buffer = Buffer.alloc(0);
        void s.connection.close(421, 'Too many commands queued: closing the control connection').then(undefined, () => {});
        return;
      }
      s.queue = s.queue.then(() => this.run(s, line)).finally(() => {
        s.queued--;
      });
    }
    if (s.buffer.length > MAX_LINE) {
      s.buffer = Buffer.alloc(0);
      void s.connection.close(500, 'Command line too long: closing the control connection').then(undefined, () => {});
    }
  }

  // -- command dispatch ---------------------------------------------------------------------

  /** Run one command line; never rejects. */
  private async run(s: Session, line: string): Promise<void> {
    if (s.closed) return;
    const c = s.connection;
    let command: FtpSrvCommand;
    try {
      command = c.commands.parse(line);
    } catch {
      await c.reply(500, 'Syntax error');
      return;
    }
    const ctx: FtpCommandContext = {
      directive: command.directive,
      arg: command.arg,
      started: Date.now(),
      bytesSent: 0,
      bytesReceived: 0,
      lastCode: 0,
      refused: false,
      transferStarted: false,
      record: false,
      counted: false,
      finished: false,
      streams: [],
    };
    s.ctx = ctx;
    if (s.fs) s.fs.ctx = ctx;
    try {
      await this.dispatch(s, command, ctx);
    } catch (err) {
      const e = err as Error;
      this.logger.debug(`FTP command ${command.directive} failed: ${e?.message ?? String(e)}`, { client: s.client });
      if (!ctx.lastCode && !s.closed) {
        await Promise.resolve(c.reply(command.arg ? 451 : 501, command.arg ? 'Requested action aborted: local error' : 'Syntax error in parameters or arguments')).catch(() => {});
      }
      ctx.error ??= e?.message;
    } finally {
      this.finish(s, ctx);
      if (s.ctx === ctx) s.ctx = undefined;
      if (s.fs?.ctx === ctx) s.fs.ctx = undefined;
    }
  }

  private async dispatch(s: Session, command: FtpSrvCommand, ctx: FtpCommandContext): Promise<void> {
    const c = s.connection;
    const d = command.directive;
    const original = async () => {
      await c.commands.handle(command);
    };
    switch (d) {
      case 'FEAT':
        // ftp-srv quirk: its FEAT lists AUTH TLS, PBSZ and PROT even without TLS.
        await c.reply(211, 'Extensions supported', ...FEATURES.map((f) => ({ message: ` ${f}`, raw: true })), 'End');
        return;
      case 'USER':
        // ftp-srv quirk: after a failed PASS it answers "Username already set" to a new USER.
        if (!c.authenticated) delete c.username;
        return original();
      case 'PASS': {
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
        return;
      }
    }
    if (!c.authenticated) return original(); // ftp-srv answers 530 for commands that need a login

    switch (d) {
      case 'PASV':
      case 'EPSV':
        return this.passive(s, d === 'EPSV');
      case 'PORT':
        if (!validPort(command.arg)) {
          await c.reply(501, 'Syntax error in PORT: expected h1,h2,h3,h4,p1,p2');
          return;
        }
        return original();
      case 'EPRT':
        if (!validEprt(command.arg)) {
          await c.reply(501, 'Syntax error in EPRT: expected |1|IPv4|port| or |2|IPv6|port|');
          return;
        }
        return original();
      case 'ABOR': {
        // ftp-srv quirk: ABOR polls 5 s for a data connection when none exists.
        const sock = c.connector.socket;
        if (sock && sock.connected) return original();
        c.connector.end();
        await c.reply(225, 'No transfer in progress');
        return;
      }
      case 'RETR':
        return this.retr(s, command, ctx, original);
      case 'STOR':
        return this.stor(s, command, ctx, original);
      case 'APPE':
      case 'STOU':
        ctx.record = true;
        ctx.refused = true;
        ctx.path = displayPath(s.fs?.cwd ?? '', command.arg ?? '');
        ctx.error = d === 'APPE' ? 'Appending (APPE) is not supported: send the whole file with STOR' : 'STOU is not supported: uploads must use the phone file name';
        c.connector.end();
        await c.reply(550, ctx.error);
        return;
      case 'DELE':
      case 'RMD':
      case 'XRMD':
      case 'MKD':
      case 'XMKD':
      case 'RNFR':
      case 'RNTO':
      case 'SITE':
        ctx.record = true;
        ctx.refused = true;
        ctx.path = displayPath(s.fs?.cwd ?? '', d === 'SITE' ? (command.arg ?? '').split(' ').slice(-1)[0]! : (command.arg ?? ''));
        ctx.error = READ_ONLY_MESSAGE;
        await c.reply(550, READ_ONLY_MESSAGE);
        return;
      case 'CWD':
      case 'XCWD':
        if (!command.arg) {
          await c.reply(501, 'CWD needs a directory name');
          return;
        }
        return original();
      case 'LIST':
      case 'NLST':
        return this.listing(s, command, ctx, original);
      case 'SIZE':
      case 'MDTM':
        return this.meta(s, command, ctx);
      default:
        // CWD, CDUP, PWD, STAT, TYPE, REST, NOOP, QUIT, ...: ftp-srv, through our file system.
        await original();
    }
  }

  /**
   * PASV (RFC 959 §4.1.2, IPv4 only) and EPSV (RFC 2428 §3) with ftp-srv's PassiveConnector; the
   * PASV address depends on the connection (see pasvAddress()).
   */
  private async passive(s: Session, extended: boolean): Promise<void> {
    const c = s.connection;
    // ftp-srv quirk: a second PASV leaves the first data port listening until its 30 s timeout.
    c.connector.end();
    const Passive = PassiveConnector();
    const connector = new Passive(c);
    c.connector = connector;
    let server: Server;
    try {
      server = await withTimeout(Promise.resolve(connector.setupServer()), PASV_SETUP_TIMEOUT, 'no passive data port could be opened in time');
    } catch (err) {
      connector.end();
      await c.reply(425, `Cannot enter passive mode: ${(err as Error).message}`);
      return;
    }
    this.guardDataServer(server);
    const port = (server.address() as AddressInfo).port;
    if (extended) {
      await c.reply(229, `Entering Extended Passive Mode (|||${port}|)`);
      return;
    }
    const address = this.pasvAddress(c);
    if (!address) {
      connector.end();
      await c.reply(425, 'PASV works over IPv4 only: use EPSV');
      return;
    }
    await c.reply(227, `Entering Passive Mode (${address.split('.').join(',')},${port >> 8},${port & 255})`);
  }

  /** The IPv4 address for a PASV reply, or undefined when there is none (IPv6-only connection). */
  private pasvAddress(c: FtpSrvConnection): string | undefined {
    const opts = this.opts!;
    const local = normalizeAddress(c.commandSocket.localAddress);
    const remote = normalizeAddress(c.ip);
    let address: string;
    if (opts.pasvUrl && !isLoopback(remote)) address = opts.pasvUrl;
    else if (isWildcard(opts.bind) || isLoopback(remote)) address = local;
    else address = normalizeAddress(opts.bind);
    return isIPv4(address) ? address : undefined;
  }

  /**
   * ftp-srv quirk: its passive `connection` handler compares addresses with neoip's isEqual, which
   * throws (uncaught, in an event handler) when the socket has no peer address (reset at once).
   */
  private guardDataServer(server: Server): void {
    const handlers = server.listeners('connection') as Array<(sock: Socket) => void>;
    server.removeAllListeners('connection');
    server.on('connection', (sock: Socket) => {
      sock.on('error', () => {});
      if (!sock.remoteAddress) {
        sock.destroy();
        return;
      }
      try {
        for (const h of handlers) h.call(server, sock);
      } catch (err) {
        this.logger.debug(`passive data connection refused: ${(err as Error).message}`);
        sock.destroy();
      }
    });
  }

  private needsData(s: Session): boolean {
    return s.connection.connector.type !== false;
  }

  private async retr(s: Session, command: FtpSrvCommand, ctx: FtpCommandContext, original: () => Promise<void>): Promise<void> {
    const c = s.connection;
    const fs = s.fs!;
    ctx.record = true;
    const refuse = async (code: number, message: string) => {
      ctx.error ??= message;
      c.restByteCount = 0;
      c.connector.end();
      await c.reply(code, message);
    };
    if (!command.arg) return refuse(501, 'RETR needs a file name');
    ctx.path = displayPath(fs.cwd, command.arg);
    let rel: string;
    try {
      rel = fs.resolvePath(command.arg);
    } catch (err) {
      return refuse(550, (err as Error).message);
    }
    const file = rel === '' ? undefined : await this.resolver.resolve(rel);
    if (!file) {
      ctx.missing = true;
      return refuse(550, rel === '' || (await this.resolver.isDirectory(rel)) ? `${command.arg}: is a directory` : `${command.arg}: no such file`);
    }
    ctx.file = file;
    ctx.source = file.source;
    if (!this.needsData(s)) return refuse(425, 'Use PASV, EPSV or PORT before RETR');
    this.count(ctx);
    await original();
  }

  private async stor(s: Session, command: FtpSrvCommand, ctx: FtpCommandContext, original: () => Promise<void>): Promise<void> {
    const c = s.connection;
    const fs = s.fs!;
    ctx.record = true;
    const refuse = async (code: number, message: string) => {
      ctx.error ??= message;
      c.restByteCount = 0;
      c.connector.end();
      await c.reply(code, message);
    };
    if (!command.arg) return refuse(501, 'STOR needs a file name');
    ctx.path = displayPath(fs.cwd, command.arg);
    let rel: string;
    try {
      rel = fs.resolvePath(command.arg);
    } catch (err) {
      return refuse(550, (err as Error).message);
    }
    if (!matchUploadName(baseName(rel))) {
      ctx.refused = true;
      return refuse(553, UPLOAD_ONLY_MESSAGE);
    }
    if (c.restByteCount) return refuse(550, 'Resuming an upload (REST before STOR) is not supported: send the whole file');
    ctx.source = 'upload';
    if (!this.needsData(s)) return refuse(425, 'Use PASV, EPSV or PORT before STOR');
    this.count(ctx);
    await original();
  }

  private async listing(s: Session, command: FtpSrvCommand, ctx: FtpCommandContext, original: () => Promise<void>): Promise<void> {
    const c = s.connection;
    const fs = s.fs!;
    ctx.record = true;
    // `LIST -la`: ftp-srv only strips single-letter flags.
    const words = (command.arg ?? '').split(' ');
    while (words.length && (words[0] === '' || words[0]!.startsWith('-'))) words.shift();
    const arg = words.join(' ') || '.';
    command.arg = arg;
    const refuse = async (code: number, message: string) => {
      ctx.error ??= message;
      c.connector.end();
      await c.reply(code, message);
    };
    ctx.path = displayPath(fs.cwd, arg);
    let rel: string;
    try {
      rel = fs.resolvePath(arg);
    } catch (err) {
      return refuse(550, (err as Error).message);
    }
    if (rel !== '' && !(await this.resolver.isDirectory(rel)) && !(await this.resolver.resolve(rel))) return refuse(550, `${arg}: no such file or directory`);
    if (!this.needsData(s)) return refuse(425, `Use PASV, EPSV or PORT before ${command.directive}`);
    this.count(ctx);
    await original();
  }

  private async meta(s: Session, command: FtpSrvCommand, ctx: FtpCommandContext): Promise<void> {
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
    const file = rel === '' ? undefined : await this.resolver.resolve(rel);
    if (!file) {
      // Clients probe with SIZE (curl stops there), so a miss is logged here (once per file).
      ctx.record = true;
      ctx.missing = true;
      ctx.error = rel === '' || (await this.resolver.isDirectory(rel)) ? `${command.arg}: is a directory` : `${command.arg}: no such file`;
      await c.reply(550, ctx.error);
      return;
    }
    ctx.source = file.source;
    if (command.directive === 'SIZE') await c.reply(213, String(file.size));
    else await c.reply(213, mdtm(file.mtimeMs));
  }

  private count(ctx: FtpCommandContext): void {
    if (ctx.counted) return;
    ctx.counted = true;
    this.active++;
  }

  /** End a command: release streams, update the counter, record it when it should be logged. */
  private finish(s: Session, ctx: FtpCommandContext): void {
    if (ctx.finished) return;
    ctx.finished = true;
    if (ctx.counted) this.active--;
    for (const st of ctx.streams) if (!st.destroyed) st.destroy(); // an unfinished upload is aborted
    if (!ctx.record && !ctx.refused) return;
    const path = ctx.path ?? '/';
    if (ctx.missing && !ctx.refused) {
      if (s.lastMissing?.path === path && ctx.started - s.lastMissing.time < MISSING_DEDUP_MS) return;
      s.lastMissing = { path, time: ctx.started };
    } else s.lastMissing = undefined;
    let status = ctx.statusOverride ?? ctx.lastCode;
    let error = ctx.error;
    if (ctx.broken) {
      status = 426;
      error = ctx.broken;
    } else if (TRANSFER_COMMANDS.has(ctx.directive) && ctx.transferStarted && status !== 226 && ctx.statusOverride === undefined) {
      status = 426;
      error ??= 'transfer aborted';
    } else if (status === 0) {
      status = 426;
      error ??= 'the control connection closed before a reply';
    }
    const rec: RequestRecord = {
      time: ctx.started,
      protocol: 'ftp',
      client: s.client,
      method: ctx.directive,
      path,
      status,
      bytesSent: ctx.bytesSent,
      bytesReceived: ctx.bytesReceived,
      durationMs: Date.now() - ctx.started,
      // One control connection = one phone: lets the log attribute MAC-less requests (sip.ld).
      session: s.connection.id,
      ...(ctx.source ? { source: ctx.source } : {}),
      ...(error && status >= 400 ? { error } : {}),
    };
    try {
      this.log.record(rec);
    } catch (err) {
      this.logger.error(`cannot record FTP request: ${(err as Error).message}`);
    }
  }

  // -- login --------------------------------------------------------------------------------

  private onLogin(
    connection: FtpSrvConnection,
    user: string,
    password: string,
    resolve: (r: { fs: unknown }) => void,
    reject: (e: Error) => void,
  ): void {
    const s = this.sessions.get(connection.id);
    const refusal = this.checkLogin(user, password);
    if (refusal || !s) {
      if (s) s.loginError = refusal;
      this.logger.info(`FTP login refused for "${user}" from ${s?.client ?? normalizeAddress(connection.ip)}`);
      reject(new Error(refusal ?? 'Connection closed'));
      return;
    }
    const fs = new ProvisioningFtpFileSystem(this.resolver, () => connection.connector?.socket ?? null, this.opts?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD);
    fs.ctx = s.ctx;
    s.fs = fs;
    this.logger.debug(`FTP login "${user}" from ${s.client}`);
    resolve({ fs });
  }

  /** @returns undefined when the credentials are accepted, else the 530 message */
  private checkLogin(user: string, password: string): string | undefined {
    const opts = this.opts;
    if (!opts) return 'Server is stopping';
    if (user === 'anonymous' && opts.allowAnonymous) return undefined;
    const accounts = [...(opts.factoryAccount ? [FACTORY_FTP_ACCOUNT] : []), ...(opts.accounts ?? [])];
    if (!accounts.length) return opts.allowAnonymous ? 'Only anonymous logins are accepted on this server' : FTP_LOGINS_OFF_MESSAGE;
    let ok = false;
    for (const a of accounts) if (safeEqual(a.user, user) && safeEqual(a.password, password)) ok = true;
    return ok ? undefined : 'Login incorrect';
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

function validateOptions(opts: FtpServerOptions): void {
  const { pasvMin, pasvMax } = opts;
  const intIn = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;
  if (!intIn(opts.port, 0, 65535)) throw new Error(`FTP port ${opts.port} is not between 0 and 65535`);
  const ephemeral = pasvMin === 0 && pasvMax === 0;
  if (!ephemeral && !(intIn(pasvMin, 1, 65535) && intIn(pasvMax, pasvMin, 65535))) {
    throw new Error(`Passive port range ${pasvMin}-${pasvMax} is invalid: use 1-65535 with min <= max, or 0-0 for any free port`);
  }
  if (opts.pasvUrl !== undefined && !isIPv4(opts.pasvUrl)) throw new Error(`Passive address "${opts.pasvUrl}" must be an IPv4 address (PASV replies carry IPv4 only)`);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function isWildcard(bind: string): boolean {
  return bind === '' || bind === '0.0.0.0' || bind === '::' || bind === '::0';
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

function validPort(arg: string | null): boolean {
  if (!arg || !/^\d{1,3}(,\d{1,3}){5}$/.test(arg)) return false;
  const n = arg.split(',').map(Number);
  if (n.some((x) => x > 255)) return false;
  return n[4]! * 256 + n[5]! > 0;
}

function validEprt(arg: string | null): boolean {
  const m = /^\|([12])\|([^|]+)\|(\d{1,5})\|$/.exec(arg ?? '');
  if (!m) return false;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return false;
  return m[1] === '1' ? isIPv4(m[2]!) : isIPv6(m[2]!);
}

/** MDTM reply value (RFC 3659 §2.3): `YYYYMMDDHHMMSS` in UTC. */
function mdtm(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** One command line: Telnet IAC sequences removed (RFC 854), CR stripped, UTF-8 decoded. */
function decodeLine(bytes: Buffer): string {
  let buf = bytes;
  if (buf.includes(0xff)) {
    const out: number[] = [];
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (b !== 0xff) {
        out.push(b);
        continue;
      }
      const n = buf[i + 1];
      if (n === 0xff) {
        out.push(0xff);
        i++;
      } else if (n !== undefined && n >= 0xfb && n <= 0xfe) i += 2;
      else i++;
    }
    buf = Buffer.from(out);
  }
  let line = buf.toString('utf8');
  if (line.endsWith('\r')) line = line.slice(0, -1);
  return line;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
