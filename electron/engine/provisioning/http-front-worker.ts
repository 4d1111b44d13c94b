/**
 * The HTTP front's worker thread (see http-front.ts): starts the front with the options in
 * `workerData`, reports what it answered in one message per event-loop turn and the progress of
 * large transfers a few times a second (http-front-protocol.ts), and stops on request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { postingLogger } from '../worker-thread';
import { FRONT_NICE_DELTA, lowerThreadPriority } from '../thread-priority';
import { HttpFront, type HttpFrontOptions } from './http-front';
import { FRONT_PROGRESS_MS, type FromFront, type ToFront } from './http-front-protocol';
import type { TextAnswer } from './http-common';
import type { RequestRecord } from './request-log';

const port = parentPort;
if (!port) throw new Error('http-front-worker.ts runs only as a worker thread');
const post = (m: FromFront) => port.postMessage(m);

/**
 * How long a record may wait for others before they go to the main thread together, ms: under
 * load one message carries hundreds of requests (fewer wake-ups of the main thread).
 */
const RECORD_BATCH_MS = 20;
let batch: RequestRecord[] = [];
let untrackedBytes = 0;
let batchTimer: NodeJS.Timeout | undefined;
/** Sequence number of the last batch posted. */
let seq = 0;
const flush = () => {
  clearTimeout(batchTimer);
  if (!batch.length) return;
  post({ type: 'records', json: JSON.stringify(batch), untrackedBytes, seq: ++seq });
  batch = [];
  untrackedBytes = 0;
};
let progress: NodeJS.Timeout | undefined;

/** Uploads sent to the main thread, waiting for its answer, by id. */
const uploads = new Map<number, { resolve: (a: TextAnswer) => void; reject: (err: Error) => void }>();
let lastUpload = 0;

const front = new HttpFront(
  workerData as HttpFrontOptions,
  {
    record(rec, tracked) {
      batch.push(rec);
      if (!tracked) untrackedBytes += rec.bytesSent + rec.bytesReceived;
      if (batch.length === 1) batchTimer = setTimeout(flush, RECORD_BATCH_MS);
    },
    transferBegin(id, transfer) {
      post({ type: 'begin', id, transfer });
      progress ??= setInterval(() => {
        if (!front.transfers.size) {
          clearInterval(progress);
          progress = undefined;
          return;
        }
        post({ type: 'progress', bytes: [...front.transfers].map(([i, t]) => [i, t.bytes]) });
      }, FRONT_PROGRESS_MS);
    },
    transferEnd(id, bytes) {
      post({ type: 'end', id, bytes });
    },
    barrier() {
      flush();
      return seq;
    },
    upload(u) {
      flush();
      const id = ++lastUpload;
      post({ type: 'upload', id, seq, ...u });
      return new Promise((resolve, reject) => uploads.set(id, { resolve, reject }));
    },
  },
  postingLogger(post),
);

// The UI's requests (main thread) go before phones' when the CPUs are short (thread-priority.ts).
const priority = lowerThreadPriority(FRONT_NICE_DELTA);
postingLogger(post).debug('nice' in priority ? `HTTP front thread at nice ${priority.nice}` : `HTTP front thread priority left as it was: ${priority.unchanged}`);

port.on('message', (m: ToFront) => {
  if (m.type === 'uploaded') {
    const { id, type: _t, ...answer } = m;
    uploads.get(id)?.resolve(answer);
    uploads.delete(id);
    return;
  }
  if (m.type === 'absent') {
    if (m.inventory) front.absent?.setInventory(m.inventory.macs, m.inventory.revision);
    for (const [rel, rev, shape] of m.names) front.absent?.add(rel, rev, shape);
    return;
  }
  if (m.type === 'stop') {
    for (const u of uploads.values()) u.reject(new Error('the HTTP front stopped'));
    uploads.clear();
    void front.stop().then(async () => {
      // Responses cut by the stop report in the next turns: let them in before saying stopped.
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      flush();
      clearInterval(progress);
      post({ type: 'stopped' });
    });
  }
});

front.start().then(
  (p) => post({ type: 'listening', port: p }),
  (err: NodeJS.ErrnoException) => post({ type: 'listen-error', ...(err.code ? { code: err.code } : {}), message: err.message }),
);
