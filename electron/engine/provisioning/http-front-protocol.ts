/**
 * Messages between the HTTP server (main thread, http-front-host.ts) and its front in a worker
 * thread (http-front-worker.ts, http-front.ts). Structured-clone data only. The worker's
 * `workerData` is the {@link HttpFrontOptions}.
 */
import type { WorkerLogLine } from '../worker-thread';
import type { FrontTransfer } from './http-front';

/**
 * Main thread → front. `absent`: names (clean relative paths) the main thread found nothing for,
 * each with the revision (answer-revision.ts) it was decided at and, for a MAC the inventory does
 * not hold, the name's shape (mac-shape.ts); `inventory`: the inventory's MACs (12 lowercase hex
 * digits) as read at `revision` (http-front-absent.ts).
 */
export type ToFront =
  | { type: 'stop' }
  | { type: 'absent'; names: Array<[rel: string, revision: number, shape?: string]>; inventory?: { macs: string[]; revision: number } };

/** Front → main thread. */
export type FromFront =
  | { type: 'listening'; port: number }
  /** Listening failed: the error's code and message (EADDRINUSE, EACCES, ...). */
  | { type: 'listen-error'; code?: string; message: string }
  /**
   * Requests the front answered, a batch every few ms, as the JSON text of a RequestRecord[] (one
   * string costs less to pass than hundreds of objects); `untrackedBytes`: bytes of those not
   * reported as transfers (small files, errors), for the server's throughput; `seq`: 1, 2, 3, ...
   * per batch (an upload forwarded after batch N waits in the main thread until N is recorded).
   */
  | { type: 'records'; json: string; untrackedBytes: number; seq: number }
  | { type: 'begin'; id: number; transfer: FrontTransfer }
  /** Bytes sent so far per transfer (a few times a second while transfers run). */
  | { type: 'progress'; bytes: Array<[id: number, bytes: number]> }
  | { type: 'end'; id: number; bytes: number }
  | { type: 'stopped' }
  | WorkerLogLine;

/** How often the front reports transfer progress, ms. */
export const FRONT_PROGRESS_MS = 250;
