/**
 * FTP provisioning server: ProvKit's own implementation of the part of FTP that phones and
 * technicians' clients use (RFC 959 with RFC 2428 EPSV/EPRT, RFC 3659 SIZE/MDTM/REST/MLSD, RFC 2389
 * FEAT; docs/sources.md "FTP"). FTP is the factory default provisioning protocol of Polycom
 * SoundPoint phones, with the account `PlcmSpIp` / `PlcmSpIp` (case-sensitive), and phones upload
 * their logs and changed settings by FTP write (docs/sources.md §1 "Protocols and credentials",
 * step 8).
 *
 * What a client sees: a read-only tree (the provisioning root through {@link ProvisioningResolver}:
 * stored phone uploads, real files, rendered configurations), passive (PASV/EPSV) and active
 * (PORT/EPRT) mode, REST for downloads, STOR only for phone upload names. Every transfer and every
 * refused attempt becomes one {@link RequestRecord} in the request log.
 *
 * Where things are: control.ts (command loop, login gate, idle timeout, logging of each command),
 * command-reader.ts (lines), data-channel.ts (passive/active data connections), transfer.ts (the
 * data itself), commands-session.ts, commands-data.ts, commands-files.ts and login.ts (the
 * commands), listing.ts (LIST/NLST/MLSD formats), request-record.ts (the log entry).
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Logger } from '../../logger';
import type { RequestLog, RequestRecord } from '../request-log';
import type { ProvisioningResolver } from '../resolver';
import { TransferTracker } from '../transfer-tracker';
import type { CommandHost, FtpCommandContext } from './command-context';
import { DATA_COMMANDS } from './commands-data';
import { FILE_COMMANDS } from './commands-files';
import { SESSION_COMMANDS } from './commands-session';
import { serveControl, type CommandSpec } from './control';
import { DEFAULT_IDLE_MS, FTP_LOGINS_OFF_MESSAGE, validateOptions, type FtpServerOptions } from './options';
import { newSession, type Session } from './session';

/** Every command the server understands, by verb. */
const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map([...SESSION_COMMANDS, ...DATA_COMMANDS, ...FILE_COMMANDS]);

/** The FTP provisioning server. */
export class FtpProvisioningServer {
  private server: Server | undefined;
  private opts: FtpServerOptions | undefined;
  /** Open control connections by session id. */
  private readonly sessions = new Map<string, Session>();
  /** Transfers in progress with their bytes (Servers page throughput and progress). */
  readonly tracker = new TransferTracker();
  /** What the command handlers use of this server. */
  private readonly host: CommandHost;

  /**
   * @param resolver the provisioning root (files, rendered configs, uploads)
   * @param log where every transfer and refused attempt is recorded
   * @param logger diagnostics
   */
  constructor(
    private readonly resolver: ProvisioningResolver,
    private readonly log: RequestLog,
    private readonly logger: Logger,
  ) {
    this.host = {
      resolver,
      logger,
      options: () => this.opts,
      count: (ctx, client) => this.count(ctx, client),
      record: (rec) => this.record(rec),
    };
  }

  /** Transfers (RETR, STOR, LIST, NLST, MLSD) in progress. */
  get activeTransfers(): number {
    return this.tracker.count;
  }

  /**
   * Start listening.
   * @returns the bound control port
   * @throws Error for invalid options (port, passive range, pasvUrl not IPv4) or when already running
   * @throws the listen error (EACCES, EADDRINUSE, EADDRNOTAVAIL, ...) — see explainListenError
   */
  async start(opts: FtpServerOptions): Promise<number> {
    if (this.server) throw new Error('FTP server is already running');
    validateOptions(opts);
    const host = opts.bind || '0.0.0.0';
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: opts.port, host }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.logger.error(`FTP server error: ${err.message}`));
    this.server = server;
    this.opts = opts;
    const port = (server.address() as AddressInfo).port;
    const accounts = (opts.factoryAccount ? 1 : 0) + (opts.accounts?.length ?? 0);
    if (!accounts && !opts.allowAnonymous) this.logger.warn(`FTP server on ${host}:${port} accepts no login: ${FTP_LOGINS_OFF_MESSAGE}`);
    this.logger.debug(`FTP server listening on ${host}:${port}`);
    return port;
  }

  /** Stop listening and drop every connection (transfers in progress are aborted and logged as 426). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sessions.values()) s.socket.destroy();
    await closed;
    this.opts = undefined;
  }

  /** Serve an accepted control connection. */
  private accept(socket: Socket): void {
    const s = newSession(socket);
    this.sessions.set(s.id, s);
    serveControl(this.host, s, COMMANDS, this.opts?.idleTimeoutMs ?? DEFAULT_IDLE_MS, () => this.sessions.delete(s.id));
  }

  /** Count a command in activeTransfers, once. */
  private count(ctx: FtpCommandContext, client: string): void {
    if (ctx.counted) return;
    ctx.counted = true;
    ctx.endTracking = this.tracker.begin({
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
    });
  }

  /** Add an entry to the request log; a failure is reported, never thrown into a connection. */
  private record(rec: RequestRecord): void {
    try {
      this.log.record(rec);
    } catch (err) {
      this.logger.error(`cannot record FTP request: ${(err as Error).message}`);
    }
  }
}
