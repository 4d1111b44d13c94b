/**
 * Settings of the TFTP server and their defaults.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_LIMITS } from './options';
import { DEFAULT_TIMING } from './transfer';

/** Settings of the TFTP server. Times in ms, sizes in bytes. */
export interface TftpServerOptions {
  /** Address to bind (`0.0.0.0`, `::`, or one interface address). */
  bind: string;
  /** UDP port (69 is the standard, RFC 1350 §4); 0 = ephemeral. */
  port: number;
  /** Transfers at the same time; more requests get ERROR 0 "server busy" (logged as 503). */
  maxTransfers: number;
  /** First retransmission timeout (default 1000 ms; doubles up to 8 s). */
  retransmitMs?: number;
  /** Retransmissions without an answer before the client is given up on (default 5). */
  maxRetries?: number;
  /** Largest windowsize agreed (RFC 7440), blocks (default 64). */
  maxWindowsize?: number;
  /** Largest block size agreed (RFC 2348), bytes (default 65464). */
  maxBlksize?: number;
  /** Cap on blksize × windowsize in flight per transfer, bytes (default 1 MiB). */
  maxWindowBytes?: number;
  /** Largest upload accepted, bytes (default 64 MiB, as HTTP). */
  maxUploadBytes?: number;
  /** Largest file served in netascii mode (converted in memory), bytes (default 16 MiB). */
  maxNetasciiBytes?: number;
  /**
   * Worker threads for reads of plain files (worker-pool.ts); 0 = every transfer in the main
   * thread. Default: the CPUs available, at most 4 (none on a single CPU).
   */
  workers?: number;
  /** Files at least this large go to a worker (when there are workers), bytes (default 256 KiB). */
  offloadBytes?: number;
}

/** Default concurrent transfer limit. */
export const DEFAULT_MAX_TRANSFERS = 64;
/** Default upload limit, bytes. */
export const DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024;
/** Default worker threads: the CPUs available, at most 4; none on a single CPU. */
export const DEFAULT_WORKERS = availableParallelism() > 1 ? Math.min(4, availableParallelism()) : 0;
/** Default size from which a read goes to a worker, bytes: firmware images, not configuration files. */
export const DEFAULT_OFFLOAD_BYTES = 256 * 1024;
/** Default netascii size limit, bytes. */
export const DEFAULT_MAX_NETASCII = 16 * 1024 * 1024;

/**
 * Fill in the defaults.
 * @returns options with every field set
 */
export function withDefaults(o: TftpServerOptions): Required<TftpServerOptions> {
  return {
    retransmitMs: DEFAULT_TIMING.retransmitMs,
    maxRetries: DEFAULT_TIMING.maxRetries,
    maxWindowsize: DEFAULT_LIMITS.maxWindowsize,
    maxBlksize: DEFAULT_LIMITS.maxBlksize,
    maxWindowBytes: DEFAULT_LIMITS.maxWindowBytes,
    maxUploadBytes: DEFAULT_MAX_UPLOAD,
    maxNetasciiBytes: DEFAULT_MAX_NETASCII,
    workers: DEFAULT_WORKERS,
    offloadBytes: DEFAULT_OFFLOAD_BYTES,
    ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)),
  } as Required<TftpServerOptions>;
}
