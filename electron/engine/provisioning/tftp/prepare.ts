/**
 * From a parsed RRQ/WRQ to a ready transfer, or to a refusal with its ERROR code and log status:
 * mode check (RFC 1350 §5: netascii, octet; `mail` is obsolete and refused), path safety
 * (`cleanRequestPath`: never outside the root), the file through {@link ProvisioningResolver}
 * (uploads, real files, rendered configs), uploads only for phone upload names (as HTTP and FTP),
 * then option negotiation (options.ts).
 */
import type { Socket } from 'node:dgram';
import type { Logger } from '../../logger';
import { baseName, cleanRequestPath, PathError } from '../paths';
import type { ProvisioningResolver, ResolvedFile } from '../resolver';
import { matchUploadName } from '../uploads';
import { BlockReader, type ByteSource } from './block-reader';
import { NetasciiDecoder, toNetascii } from './netascii';
import { agreedForLog, negotiate, type Negotiated } from './options';
import { encodeOack, ERR, type TftpRequest } from './packet';
import { ReadTransfer } from './read-transfer';
import type { TftpServerOptions } from './server-options';
import { TFTP_STATUS } from './status';
import type { RunningTransfer, TransferProgressView, TransferTiming } from './transfer';
import type { ReadJob } from './worker-protocol';
import { WriteTransfer } from './write-transfer';

/** A transfer ready to start, with what the log needs. */
export interface Prepared {
  transfer: RunningTransfer;
  source?: ResolvedFile['source'];
  /** Agreed options, for `RequestEvent.options`. */
  options: Record<string, number>;
}

/** A request refused before any data moved. */
export interface Refusal {
  /** ERROR code sent to the client. */
  code: number;
  /** Status for the log (status.ts). */
  status: number;
  message: string;
  source?: ResolvedFile['source'];
}

/** What preparing needs. */
export interface PrepareContext {
  req: TftpRequest;
  /** The transfer's socket, bound and connected to the client. */
  socket: Socket;
  /** Progress view (its `path` becomes `/` + the clean path). */
  view: TransferProgressView;
  resolver: ProvisioningResolver;
  opts: Required<TftpServerOptions>;
  logger: Logger;
  /**
   * Run a read of a plain file elsewhere (a worker thread, worker-pool.ts); the server fills in
   * the addresses. Returns undefined to run it here.
   */
  offload?: (job: OffloadedRead) => RunningTransfer | undefined;
}

/** What prepare.ts decides of a read that may run in a worker. */
export type OffloadedRead = Pick<ReadJob, 'path' | 'size' | 'blksize' | 'windowsize' | 'oack' | 'rollover' | 'timing'>;

const refuse = (code: number, status: number, message: string, source?: ResolvedFile['source']): Refusal => ({ code, status, message, ...(source ? { source } : {}) });

/**
 * Prepare a transfer.
 * @returns the transfer (not started) or the refusal; never throws for client input
 * @throws only unexpected local errors (the server answers them with ERROR 0 / status 500)
 */
export async function prepareTransfer(ctx: PrepareContext): Promise<Prepared | Refusal> {
  const { req, view } = ctx;
  if (req.mode !== 'octet' && req.mode !== 'netascii') {
    return refuse(ERR.ILLEGAL_OPERATION, TFTP_STATUS.BAD_REQUEST, `transfer mode "${req.mode}" is not supported (use octet or netascii)`);
  }
  let rel: string;
  try {
    rel = cleanRequestPath(req.filename);
  } catch (err) {
    if (err instanceof PathError) return refuse(ERR.ACCESS_VIOLATION, TFTP_STATUS.ACCESS_VIOLATION, err.message);
    throw err;
  }
  view.path = `/${rel}`;
  if (rel === '') return refuse(ERR.FILE_NOT_FOUND, TFTP_STATUS.NOT_FOUND, 'directory listings are not served');
  return req.op === 'RRQ' ? prepareRead(ctx, rel) : prepareWrite(ctx, rel);
}

/**
 * Timing for a transfer: the client's `timeout` option (RFC 2349) replaces the first
 * retransmission timeout and is then used as it is; otherwise the timeout is estimated from the
 * round trips (rto.ts). The back-off doubles it up to 8× (at most 8 s, never below the first timeout).
 */
function timing(opts: Required<TftpServerOptions>, n: Negotiated): TransferTiming {
  const first = n.timeoutMs ?? opts.retransmitMs;
  return {
    retransmitMs: first,
    maxRetries: opts.maxRetries,
    maxBackoffMs: Math.max(first, Math.min(8 * first, 8000)),
    clientTimeout: n.timeoutMs !== undefined,
  };
}

/** Limits from the server options. */
function limits(opts: Required<TftpServerOptions>) {
  return { maxBlksize: opts.maxBlksize, maxWindowsize: opts.maxWindowsize, maxWindowBytes: opts.maxWindowBytes };
}

async function prepareRead(ctx: PrepareContext, rel: string): Promise<Prepared | Refusal> {
  const { req, resolver, opts } = ctx;
  const file = await resolver.resolve(rel, { client: ctx.view.client });
  if (!file) {
    const dir = await resolver.isDirectory(rel);
    return refuse(ERR.FILE_NOT_FOUND, TFTP_STATUS.NOT_FOUND, dir ? 'is a directory' : 'file not found');
  }
  const denied = resolver.guard?.readRefusal(file, { protocol: 'tftp', client: ctx.view.client });
  if (denied) return refuse(ERR.ACCESS_VIOLATION, TFTP_STATUS.ACCESS_VIOLATION, denied.reason, file.source);
  let source: ByteSource | undefined;
  let size = file.size;
  if (req.mode === 'netascii') {
    if (file.size > opts.maxNetasciiBytes) {
      return refuse(ERR.NOT_DEFINED, TFTP_STATUS.BAD_REQUEST, `file too large for netascii mode (${file.size} bytes); request it in octet mode`, file.source);
    }
    const chunks: Buffer[] = [];
    for await (const c of resolver.open(file)) chunks.push(c as Buffer);
    const content = toNetascii(Buffer.concat(chunks));
    source = { kind: 'buffer', content };
    size = content.length;
  }
  source ??= file.source === 'rendered' ? { kind: 'buffer', content: file.content } : file.open ? { kind: 'stream', stream: resolver.open(file) } : { kind: 'file', path: file.path };
  const n = negotiate('RRQ', req.options, size, limits(opts));
  ctx.view.size = size;
  const oack = Object.keys(n.oack).length ? encodeOack(n.oack) : undefined;
  if (source.kind === 'file' && ctx.offload && size >= opts.offloadBytes) {
    const job: OffloadedRead = { path: source.path, size, blksize: n.blksize, windowsize: n.windowsize, rollover: n.rollover, timing: timing(opts, n), ...(oack ? { oack } : {}) };
    const transfer = ctx.offload(job);
    if (transfer) return { transfer, source: file.source, options: agreedForLog(n) };
  }
  const reader = await BlockReader.open(source, size, n.blksize, n.windowsize);
  const transfer = new ReadTransfer(ctx.socket, timing(opts, n), ctx.view, ctx.logger, reader, size, n.blksize, n.windowsize, oack, n.rollover);
  return { transfer, source: file.source, options: agreedForLog(n) };
}

async function prepareWrite(ctx: PrepareContext, rel: string): Promise<Prepared | Refusal> {
  const { req, resolver, opts } = ctx;
  const name = baseName(rel);
  if (!matchUploadName(name)) {
    return refuse(
      ERR.ACCESS_VIOLATION,
      TFTP_STATUS.ACCESS_VIOLATION,
      'uploads are accepted only for phone files (<mac>-boot.log, -app.log, -phone.cfg, -web.cfg, -directory.xml, -calls.xml)',
    );
  }
  const denied = resolver.guard?.uploadRefusal(name, { protocol: 'tftp', client: ctx.view.client });
  if (denied) return refuse(ERR.ACCESS_VIOLATION, TFTP_STATUS.ACCESS_VIOLATION, denied.reason);
  const n = negotiate('WRQ', req.options, undefined, limits(opts));
  if (n.clientSize !== undefined && n.clientSize > opts.maxUploadBytes) {
    return refuse(ERR.DISK_FULL, TFTP_STATUS.TOO_LARGE, `upload of ${n.clientSize} bytes is over the ${opts.maxUploadBytes}-byte limit`);
  }
  if (n.clientSize !== undefined) ctx.view.size = n.clientSize;
  const upload = await resolver.uploads.open(name, ctx.view.client);
  const oack = Object.keys(n.oack).length ? encodeOack(n.oack) : undefined;
  const decoder = req.mode === 'netascii' ? new NetasciiDecoder() : undefined;
  const transfer = new WriteTransfer(ctx.socket, timing(opts, n), ctx.view, ctx.logger, upload, n.blksize, n.windowsize, oack, opts.maxUploadBytes, decoder);
  return { transfer, source: 'upload', options: agreedForLog(n) };
}
