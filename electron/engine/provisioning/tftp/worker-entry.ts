/**
 * A TFTP transfer worker (worker thread; see worker-protocol.ts): runs {@link ReadTransfer}s of
 * plain files, each on a socket of its own bound to the server's address and connected to the
 * client, and reports progress and outcome to the main thread. The transfer logic is the same
 * code the main thread runs (read-transfer.ts, block-reader.ts).
 */
import type { Socket } from 'node:dgram';
import { parentPort } from 'node:worker_threads';
import type { Logger } from '../../logger';
import { postingLogger } from '../../worker-thread';
import { BlockReader } from './block-reader';
import { ERR } from './packet';
import { ReadTransfer } from './read-transfer';
import { TFTP_STATUS } from './status';
import type { TransferProgressView } from './transfer';
import { openTransferSocket } from './transfer-socket';
import { PROGRESS_INTERVAL_MS, type FromWorker, type ReadJob, type ToWorker } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker-entry.ts runs only as a worker thread');
const post = (m: FromWorker) => port.postMessage(m);

/** Forwards log lines to the main thread's logger. */
const logger: Logger = postingLogger(post);

const running = new Map<number, { transfer?: ReadTransfer; view: TransferProgressView; failed?: ToWorker & { type: 'fail' } }>();
let progressTimer: NodeJS.Timeout | undefined;

post({ type: 'ready' });

port.on('message', (m: ToWorker) => {
  if (m.type === 'start') void start(m.id, m.job);
  else {
    const r = running.get(m.id);
    if (!r) return;
    if (r.transfer) r.transfer.fail(m.tftpCode, m.status, m.message);
    else r.failed = m; // still opening: failed as soon as it exists
  }
});

async function start(id: number, job: ReadJob): Promise<void> {
  const view: TransferProgressView = { client: job.client, method: 'RRQ', path: job.path, bytes: 0, size: job.size };
  const entry: { transfer?: ReadTransfer; view: TransferProgressView; failed?: ToWorker & { type: 'fail' } } = { view };
  running.set(id, entry);
  progressTimer ??= setInterval(reportProgress, PROGRESS_INTERVAL_MS);
  let socket: Socket | undefined;
  try {
    socket = await openTransferSocket(job.family, job.bind, job.address, job.port);
    const reader = await BlockReader.open({ kind: 'file', path: job.path }, job.size, job.blksize, job.windowsize);
    const oack = job.oack ? Buffer.from(job.oack.buffer, job.oack.byteOffset, job.oack.byteLength) : undefined;
    const transfer = new ReadTransfer(socket, job.timing, view, logger, reader, job.size, job.blksize, job.windowsize, oack, job.rollover);
    entry.transfer = transfer;
    if (entry.failed) transfer.fail(entry.failed.tftpCode, entry.failed.status, entry.failed.message);
    else transfer.start();
    finish(id, await transfer.outcome);
  } catch (err) {
    const message = `server error: ${(err as Error).message}`;
    if (entry.transfer) entry.transfer.fail(ERR.NOT_DEFINED, TFTP_STATUS.SERVER_ERROR, message);
    else socket?.close();
    finish(id, { status: TFTP_STATUS.SERVER_ERROR, error: message });
  }
}

function finish(id: number, outcome: { status: number; error?: string }): void {
  const r = running.get(id);
  if (!r) return;
  running.delete(id);
  post({ type: 'done', id, bytes: r.view.bytes, outcome });
  if (!running.size && progressTimer) {
    clearInterval(progressTimer);
    progressTimer = undefined;
  }
}

function reportProgress(): void {
  if (running.size) post({ type: 'progress', bytes: [...running].map(([id, r]) => [id, r.view.bytes]) });
}
