/**
 * Messages between the HTTP server (main thread, http-front-host.ts) and its front in a worker
 * thread (http-front-worker.ts, http-front.ts). Structured-clone data only. The worker's
 * `workerData` is the {@link HttpFrontOptions}.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { WorkerLogLine } from '../worker-thread';
import type { TextAnswer } from './http-common';

/** A transfer of a large file in progress (the Servers page's active transfers). */
export interface FrontTransfer {
  client: string;
  method: string;
  path: string;
  /** Bytes to send. */
  size: number;
  /** Bytes sent so far. */
  bytes: number;
}

/**
 * An upload the front received whole (at most {@link FRONT_UPLOAD_MAX} bytes, its length declared),
 * sent to the main thread with the request's head to be judged, stored and recorded there.
 */
export interface FrontUpload {
  type: 'upload';
  /** Names the answer ({@link ToFront} `uploaded`). */
  id: number;
  /** The front's last batch of records sent before it (the main thread records it after them). */
  seq: number;
  /** The client's address (normalised). */
  client: string;
  /** When the request arrived, ms since epoch. */
  time: number;
  method: string;
  url: string;
  httpVersion: string;
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

/**
 * Largest upload the front sends whole over its message port, bytes; larger ones (and bodies of
 * unknown length) go to the main thread's server over loopback HTTP, streamed. A phone's boot and
 * application logs are a few kilobytes to a few hundred.
 */
export const FRONT_UPLOAD_MAX = 256 * 1024;

/**
 * Main thread → front. `absent`: names (clean relative paths) the main thread found nothing for,
 * each with the revision (answer-revision.ts) it was decided at and, for a MAC the inventory does
 * not hold, the name's shape (mac-shape.ts); `inventory`: the inventory's MACs (12 lowercase hex
 * digits) as read at `revision` (http-front-absent.ts).
 */
export type ToFront =
  | { type: 'stop' }
  | { type: 'absent'; names: Array<[rel: string, revision: number, shape?: string]>; inventory?: { macs: string[]; revision: number } }
  /** The answer to {@link FrontUpload} `id`. */
  | ({ type: 'uploaded'; id: number } & TextAnswer);

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
  | FrontUpload
  | WorkerLogLine;

/** How often the front reports transfer progress, ms. */
export const FRONT_PROGRESS_MS = 250;
