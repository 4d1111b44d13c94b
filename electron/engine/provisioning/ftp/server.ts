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
 * - its constructor installs SIGTERM/SIGINT/SIGQUIT handlers that call `process.exit(0)`: removed
 *   (start());
 * - it logs JSON to stdout through bunyan by default: replaced by {@link bunyanAdapter}
 *   (log-adapter.ts);
 * - its command reader neither buffers partial lines nor serialises commands from separate TCP
 *   chunks, and lets a throwing handler (`SITE`/`PORT` without argument) become an unhandled
 *   rejection; it also traces raw lines including `PASS <password>`: replaced by our line reader
 *   (command-reader.ts);
 * - `pasv_url` cannot depend on the connection (needed when bound to 0.0.0.0), a failed passive
 *   `listen` never settles, and a data connection with no peer address throws inside a `connection`
 *   handler (crash): PASV/EPSV are answered with ftp-srv's PassiveConnector, guarded (passive.ts);
 * - RETR of a missing file answers 551, LIST 451, STOU falls back to STOR of the given name, ABOR
 *   waits 5 s when no data connection exists, FEAT advertises AUTH TLS without TLS, USER after a
 *   failed PASS answers "Username already set": all handled before ftp-srv sees the command
 *   (dispatch.ts, file-commands.ts, login.ts);
 * - STOR emits a synthetic `close` on the file stream instead of ending it and calls `end()` before
 *   `destroy(err)` when the data socket fails: {@link UploadSink} commits only on a clean end
 *   (upload-sink.ts);
 * - its connection timeout also fires during long transfers: our idle timer skips transfers
 *   (connection-hooks.ts);
 * - `close()` leaves a 1 s timer per connected client: stop() disconnects clients first.
 */
import { isIPv4, type AddressInfo } from 'node:net';
import FtpSrv from 'ftp-srv';
import type { Logger } from '../../logger';
import type { RequestLog } from '../request-log';
import type { ProvisioningResolver } from '../resolver';
import { TransferTracker } from '../transfer-tracker';
import { newCommandContext, TRANSFER_COMMANDS, type CommandHost, type FtpCommandContext } from './command-context';
import { readCommandLines } from './command-reader';
import { captureReplies, guardConnector, installIdleTimeout } from './connection-hooks';
import { dispatchCommand } from './dispatch';
import type { FtpSrvCommand, FtpSrvConnection, FtpSrvInstance } from './ftp-srv-types';
import { bunyanAdapter } from './log-adapter';
import { onLogin } from './login';
import { DEFAULT_IDLE_MS, FTP_LOGINS_OFF_MESSAGE, validateOptions, type FtpServerOptions } from './options';
import { commandRecord } from './request-record';
import { newSession, noteCommand, type Session } from './session';

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/** The FTP provisioning server. */
export class FtpProvisioningServer {
  private ftp: FtpSrvInstance | undefined;
  private opts: FtpServerOptions | undefined;
  private readonly sessions = new Map<string, Session>();
  /** Transfers in progress with their bytes (Servers page throughput and progress). */
  readonly tracker = new TransferTracker();
  /** `end()` of each counted command's tracker entry. */
  private readonly tracked = new WeakMap<FtpCommandContext, () => void>();
  /** What the command handlers use of this server. */
  private readonly host: CommandHost;

  /**
   * @param resolver the provisioning root (files, rendered configs, uploads)
   * @param log where every transfer and refused attempt is recorded
   * @param logger diagnostics (ftp-srv's own logging is forwarded here too)
   */
  constructor(
    private readonly resolver: ProvisioningResolver,
    private readonly log: RequestLog,
    private readonly logger: Logger,
  ) {
    this.host = { resolver, logger, options: () => this.opts, count: (ctx) => this.count(ctx) };
  }

  /** Transfers (RETR, STOR, LIST, NLST) in progress. */
  get activeTransfers(): number {
    return this.tracker.count;
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
      // Only keeps ftp-srv from warning: PASV is answered by ours (see passive.ts).
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
      onLogin(this.host, this.sessions.get(data.connection.id), data.connection, String(data.username ?? ''), String(data.password ?? ''), resolve, reject);
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
    this.logger.debug(`FTP server listening on ${host}:${port}`);
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

  /** Set up an accepted connection: its session, our line reader, idle timer, connector guard, reply capture. */
  private attach(connection: FtpSrvConnection): void {
    const socket = connection.commandSocket;
    const s = newSession(connection);
    this.sessions.set(connection.id, s);
    // Replies are short lines answering commands: with Nagle on, a reply written while the previous
    // one is unacknowledged (150 then 226) waits for the client's delayed ACK, 40 ms on Linux.
    socket.setNoDelay(true);

    // Our line reader replaces ftp-srv's (see the file comment).
    socket.removeAllListeners('data');
    socket.on('data', (chunk: Buffer) => readCommandLines(s, chunk, (line) => this.run(s, line)));

    installIdleTimeout(s, this.opts?.idleTimeoutMs ?? DEFAULT_IDLE_MS);
    guardConnector(s);
    captureReplies(s);

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
    const ctx = newCommandContext(command.directive, command.arg);
    s.ctx = ctx;
    if (s.fs) s.fs.ctx = ctx;
    try {
      await dispatchCommand(this.host, s, command, ctx);
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

  /** Count a command in activeTransfers, once. */
  private count(ctx: FtpCommandContext): void {
    if (ctx.counted) return;
    ctx.counted = true;
    let client = '';
    for (const s of this.sessions.values()) if (s.ctx === ctx) client = s.client;
    this.tracked.set(
      ctx,
      this.tracker.begin({
        client,
        method: ctx.directive,
        get path() {
          return ctx.path ?? ctx.arg ?? '/';
        },
        get bytes() {
          return ctx.bytesSent + ctx.bytesReceived;
        },
        get size() {
          return ctx.file?.size;
        },
      }),
    );
  }

  /** End a command: release streams, update the counter, record it when it should be logged. */
  private finish(s: Session, ctx: FtpCommandContext): void {
    if (ctx.finished) return;
    ctx.finished = true;
    if (ctx.counted) this.tracked.get(ctx)?.();
    for (const st of ctx.streams) if (!st.destroyed) st.destroy(); // an unfinished upload is aborted
    noteCommand(s, ctx.directive, ctx.arg, ctx.lastCode);
    const rec = commandRecord(s, ctx);
    if (!rec) return;
    try {
      this.log.record(rec);
    } catch (err) {
      this.logger.error(`cannot record FTP request: ${(err as Error).message}`);
    }
  }
}
