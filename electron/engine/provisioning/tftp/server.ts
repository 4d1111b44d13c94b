/**
 * The TFTP provisioning server: listens on UDP (port 69 by default, RFC 1350 §4), answers each
 * RRQ/WRQ from a new socket of its own (the transfer's TID), at most `maxTransfers` at a time, and
 * records every transfer in the request log (client, file, options agreed, bytes, duration,
 * outcome — statuses in status.ts). Reads go through the ProvisioningResolver (stored uploads,
 * real files, rendered configurations); writes only for phone upload names. The MAC comes from the
 * file name, else from the address (an earlier request or DHCP lease via `macForAddress`, else the
 * neighbour table). Malformed packets are dropped (a malformed request gets ERROR 4), never a crash.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Logger } from '../../logger';
import { normalizeAddress } from '../http-server';
import type { RequestLog, RequestRecord } from '../request-log';
import type { ProvisioningResolver } from '../resolver';
import { TransferTracker } from '../transfer-tracker';
import { neighbourLookup } from '../../phones/discovery/neighbours';
import { encodeError, ERR, parsePacket, TftpPacketError, type TftpRequest } from './packet';
import { prepareTransfer, type OffloadedRead, type Prepared, type Refusal } from './prepare';
import { withDefaults, type TftpServerOptions } from './server-options';
import { TFTP_STATUS } from './status';
import type { RunningTransfer, TransferOutcome, TransferProgressView } from './transfer';
import { openTransferSocket } from './transfer-socket';
import { TftpWorkerPool } from './worker-pool';

/** A malformed request from one address is logged at most once in this time, ms. */
const MALFORMED_LOG_MS = 10_000;

/** The TFTP provisioning server. */
export class TftpProvisioningServer {
  private socket: Socket | undefined;
  private opts: Required<TftpServerOptions> | undefined;
  /** Transfers by client `address:port`; undefined while a request is being prepared. */
  private readonly transfers = new Map<string, RunningTransfer | undefined>();
  /** Worker threads for large reads (none when `workers` is 0). */
  private pool: TftpWorkerPool | undefined;
  /** Progress of transfers in progress and bytes moved (Servers page). */
  readonly tracker = new TransferTracker();
  /** When a malformed request from an address was last logged (one per 10 s: a flood stays out of the log). */
  private readonly malformedLogged = new Map<string, number>();
  /** Transfers being prepared, run or recorded. */
  private readonly running = new Set<Promise<void>>();

  /**
   * @param resolver the provisioning root (files, rendered configs, uploads)
   * @param log where every transfer is recorded
   * @param logger diagnostics
   * @param neighbours MAC of an on-link address (default: this computer's neighbour table)
   */
  constructor(
    private readonly resolver: ProvisioningResolver,
    private readonly log: RequestLog,
    private readonly logger: Logger,
    private readonly neighbours: (ip: string) => string | undefined = neighbourLookup(),
  ) {}

  /** Transfers in progress (including requests being prepared). */
  get activeTransfers(): number {
    return this.transfers.size;
  }

  /**
   * Start listening.
   * @returns the bound UDP port
   * @throws the bind error (EACCES, EADDRINUSE, EADDRNOTAVAIL, ...) — see explainListenError
   */
  async start(options: TftpServerOptions): Promise<number> {
    if (this.socket) throw new Error('TFTP server is already running');
    const opts = withDefaults(options);
    const socket = createSocket({ type: isIPv6(opts.bind) ? 'udp6' : 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: opts.bind, port: opts.port, exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((err: unknown) => {
      socket.close();
      throw err;
    });
    socket.on('error', (err) => this.logger.error(`TFTP server socket error: ${err.message}`));
    socket.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo));
    this.opts = opts;
    this.socket = socket;
    if (opts.workers > 0) this.pool = new TftpWorkerPool(opts.workers, this.logger);
    return socket.address().port;
  }

  /** Stop listening; transfers in progress are aborted (ERROR 0 to the client, logged as 503). */
  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    for (const t of this.transfers.values()) t?.fail(ERR.NOT_DEFINED, TFTP_STATUS.UNAVAILABLE, 'the TFTP server was stopped');
    await Promise.allSettled([...this.running]); // every transfer recorded before the log may close
    await this.pool?.close();
    this.pool = undefined;
  }

  /** A datagram on the listening port: a request starts a transfer; anything else is dropped. */
  private onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    let req: TftpRequest;
    try {
      const p = parsePacket(msg);
      if (p.op !== 'RRQ' && p.op !== 'WRQ') {
        this.logger.debug(`dropped a TFTP ${p.op} packet sent to the server port`, { client: rinfo.address });
        return;
      }
      req = p;
    } catch (err) {
      if (!(err instanceof TftpPacketError)) throw err;
      this.logger.debug(`dropped a malformed TFTP packet: ${err.message}`, { client: rinfo.address });
      if (err.opcode === 1 || err.opcode === 2) {
        this.socket?.send(encodeError(ERR.ILLEGAL_OPERATION, `malformed request: ${err.message}`), rinfo.port, rinfo.address);
        const op = err.opcode === 1 ? 'RRQ' : 'WRQ';
        const now = Date.now();
        if (now - (this.malformedLogged.get(rinfo.address) ?? 0) < MALFORMED_LOG_MS) return;
        if (this.malformedLogged.size > 1000) this.malformedLogged.clear();
        this.malformedLogged.set(rinfo.address, now);
        this.commit(this.buildRecord(rinfo, { op, filename: '', mode: '', options: {} }, Date.now(), '/', { status: TFTP_STATUS.BAD_REQUEST, error: `malformed request: ${err.message}` }));
      }
      return;
    }
    const key = `${rinfo.address}:${rinfo.port}`;
    if (this.transfers.has(key)) return; // the client repeated its request: the transfer answers it
    if (this.transfers.size >= this.opts!.maxTransfers) {
      const error = `server busy: ${this.transfers.size} transfers in progress (limit ${this.opts!.maxTransfers}); the phone will retry`;
      this.socket?.send(encodeError(ERR.NOT_DEFINED, error), rinfo.port, rinfo.address);
      this.commit(this.buildRecord(rinfo, req, Date.now(), `/${req.filename.replace(/^\/+/, '')}`, { status: TFTP_STATUS.UNAVAILABLE, error }));
      return;
    }
    this.transfers.set(key, undefined);
    const running = this.run(key, req, rinfo);
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
  }

  /** Prepare, run and record one transfer. Never rejects. */
  private async run(key: string, req: TftpRequest, rinfo: RemoteInfo): Promise<void> {
    const started = Date.now();
    const view: TransferProgressView = { client: normalizeAddress(rinfo.address), method: req.op, path: `/${req.filename.replace(/^\/+/, '')}`, bytes: 0 };
    const end = this.tracker.begin(view);
    let socket: Socket | undefined;
    let outcome: TransferOutcome;
    let prepared: Prepared | Refusal | undefined;
    try {
      socket = await openTransferSocket(this.family, this.opts!.bind, rinfo.address, rinfo.port);
      const own = socket;
      const offload = this.pool && ((job: OffloadedRead) => this.offload(job, own, rinfo, view));
      prepared = await prepareTransfer({ req, socket, view, resolver: this.resolver, opts: this.opts!, logger: this.logger, ...(offload ? { offload } : {}) });
      if ('transfer' in prepared) {
        this.transfers.set(key, prepared.transfer);
        if (this.socket) prepared.transfer.start();
        else prepared.transfer.fail(ERR.NOT_DEFINED, TFTP_STATUS.UNAVAILABLE, 'the TFTP server was stopped');
        outcome = await prepared.transfer.outcome;
      } else {
        outcome = { status: prepared.status, error: prepared.message };
        sendAndClose(socket, encodeError(prepared.code, prepared.message));
      }
    } catch (err) {
      const message = `server error: ${(err as Error).message}`;
      this.logger.error(`TFTP ${req.op} ${req.filename} failed: ${(err as Error).message}`);
      outcome = { status: TFTP_STATUS.SERVER_ERROR, error: message };
      if (prepared && 'transfer' in prepared) prepared.transfer.fail(ERR.NOT_DEFINED, outcome.status, message);
      else if (socket) sendAndClose(socket, encodeError(ERR.NOT_DEFINED, message));
    } finally {
      this.transfers.delete(key);
      end();
    }
    const rec = this.buildRecord(rinfo, req, started, view.path, outcome, prepared?.source, prepared && 'transfer' in prepared ? prepared.options : undefined);
    if (req.op === 'RRQ') rec.bytesSent = view.bytes;
    else rec.bytesReceived = view.bytes;
    this.commit(rec);
  }

  /**
   * Hand a read to a worker, which opens a socket of its own: this transfer's socket is closed.
   * @returns the worker's transfer, or undefined to run it here
   */
  private offload(job: OffloadedRead, socket: Socket, rinfo: RemoteInfo, view: TransferProgressView): RunningTransfer | undefined {
    const t = this.pool?.read({ ...job, bind: this.opts!.bind, family: this.family, address: rinfo.address, port: rinfo.port, client: view.client }, view);
    if (t) socket.close();
    return t;
  }

  /** Socket family of the server (and of its transfer sockets). */
  private get family(): 'udp4' | 'udp6' {
    return isIPv6(this.opts!.bind) ? 'udp6' : 'udp4';
  }

  /** Put a record in the request log (a failure to log never breaks the server). */
  private commit(rec: RequestRecord): void {
    try {
      this.log.record(rec);
    } catch (err) {
      this.logger.error(`cannot record TFTP request: ${(err as Error).message}`);
    }
  }

  /**
   * The request-log record of one request (byte counts 0: the caller sets them).
   * @param started ms since epoch
   * @param path `/` + clean path (or as requested when refused before cleaning)
   */
  private buildRecord(
    rinfo: RemoteInfo,
    req: TftpRequest,
    started: number,
    path: string,
    outcome: TransferOutcome,
    source?: Prepared['source'],
    options?: Record<string, number>,
  ): RequestRecord {
    const client = normalizeAddress(rinfo.address);
    const macHint = this.log.macForAddress(client) ?? this.neighbours(client);
    const rec: RequestRecord = {
      time: started,
      protocol: 'tftp',
      client,
      method: req.op,
      path,
      status: outcome.status,
      bytesSent: 0,
      bytesReceived: 0,
      durationMs: Date.now() - started,
      session: `tftp:${client}:${rinfo.port}`,
      ...(source ? { source } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(options && Object.keys(options).length ? { options } : {}),
      ...(macHint ? { macHint } : {}),
    };
    return rec;
  }
}

/** Send a last datagram on a transfer socket, then close it. */
function sendAndClose(socket: Socket, packet: Buffer): void {
  socket.send(packet, () => {
    try {
      socket.close();
    } catch {
      /* already closed */
    }
  });
}
