/**
 * Messages between the TFTP server (main thread) and its transfer workers (worker-entry.ts).
 * A read of a plain file in octet mode can run in a worker thread (worker-pool.ts): each transfer
 * already has a socket of its own (its TID, RFC 1350 §4), so a worker binds that socket itself and
 * the transfers of many phones are spread over the CPUs (20 clients at once).
 * Everything here is structured-clone data (no sockets, no functions).
 */
import type { WorkerLogLine } from '../../worker-thread';
import type { TransferOutcome, TransferTiming } from './transfer';

/** A read transfer for a worker: what prepare.ts agreed, and where the client is. */
export interface ReadJob {
  /** File on disk (already resolved and checked to lie in the root). */
  path: string;
  /** Bytes to send (tsize). */
  size: number;
  blksize: number;
  windowsize: number;
  /** The OACK packet to send first, when options were agreed (RFC 2347 §3). */
  oack?: Uint8Array;
  /** Block number after 65535 (0 or 1). */
  rollover: 0 | 1;
  timing: TransferTiming;
  /** Local address to bind the transfer socket to (the server's). */
  bind: string;
  /** `udp4` or `udp6`, as the server socket. */
  family: 'udp4' | 'udp6';
  /** The client's address and port (the transfer socket is connected to it). */
  address: string;
  port: number;
  /** Client as shown in logs. */
  client: string;
}

/** Main thread → worker. */
export type ToWorker =
  | { type: 'start'; id: number; job: ReadJob }
  /** Abort a transfer: ERROR to the client, then `done` with this outcome. */
  | { type: 'fail'; id: number; tftpCode: number; status: number; message: string };

/** Worker → main thread. */
export type FromWorker =
  /** The worker's code is loaded (sent once, first). */
  | { type: 'ready' }
  /** Bytes acknowledged so far, per transfer id (sent a few times a second while data moves). */
  | { type: 'progress'; bytes: Array<[id: number, bytes: number]> }
  | { type: 'done'; id: number; bytes: number; outcome: TransferOutcome }
  | WorkerLogLine;

/** How often a worker reports progress, ms. */
export const PROGRESS_INTERVAL_MS = 100;
