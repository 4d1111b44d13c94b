/**
 * The ftp-srv file system of one connection: a read-only view of the provisioning root, writable
 * only for phone upload names, recording what each command did on its {@link FtpCommandContext}.
 */
import type { Socket } from 'node:net';
import { pipeline, Readable, Transform, type Writable } from 'node:stream';
import { baseName, PathError } from '../paths';
import type { ProvisioningResolver } from '../resolver';
import { matchUploadName } from '../uploads';
import type { FtpCommandContext } from './command-context';
import { displayPath, FtpFsError, resolveFtpPath } from './ftp-paths';
import { DEFAULT_MAX_UPLOAD, READ_ONLY_MESSAGE, UPLOAD_ONLY_MESSAGE } from './options';
import { UploadSink } from './upload-sink';

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

/**
 * A stat-like entry for ftp-srv's `ls` listing: read-only modes, owner and group `ftp`.
 * @param name name as listed
 * @param isDirectory folder (mode 0555) or file (mode 0444)
 * @param size bytes
 * @param mtimeMs modification time, ms since epoch
 */
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
  /** The client's address (kept on its uploads). */
  client: string | undefined;

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
    const up = await this.resolver.uploads.open(name, this.client);
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
