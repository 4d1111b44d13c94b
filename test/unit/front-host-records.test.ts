/**
 * The main thread gives the HTTP front's batches of records to the request log a few dozen at a
 * time (http-front-host.ts), so that other work goes in between: every record still arrives, in
 * order, a batch counts as recorded (and releases the upload waiting for it) only once all of it
 * is in, and records already received are all logged when the front stops.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, silentSink } from '../../electron/engine/logger';
import { FrontHost } from '../../electron/engine/provisioning/http-front-host';
import type { FromFront } from '../../electron/engine/provisioning/http-front-protocol';
import type { RequestLog, RequestRecord } from '../../electron/engine/provisioning/request-log';
import type { TransferTracker } from '../../electron/engine/provisioning/transfer-tracker';

const rec = (i: number): RequestRecord => ({ time: i, protocol: 'http', client: '10.0.0.7', method: 'GET', path: `/f${i}`, status: 200, bytesSent: 1, bytesReceived: 0, durationMs: 1 });
const batch = (seq: number, from: number, n: number): FromFront => ({ type: 'records', json: JSON.stringify(Array.from({ length: n }, (_, i) => rec(from + i))), untrackedBytes: n, seq });

function host() {
  const paths: string[] = [];
  let finished = 0;
  const log = { record: (r: RequestRecord) => paths.push(r.path) } as unknown as RequestLog;
  const tracker = { addFinished: (b: number) => (finished += b) } as unknown as TransferTracker;
  const h = new FrontHost(log, tracker, createLogger('test', silentSink), null);
  // As if its worker ran: the messages a worker would send go to the private handler.
  const inner = h as unknown as { worker: object | undefined; handle(m: FromFront): void; endAll(): void };
  inner.worker = {};
  return { h, inner, paths, finished: () => finished };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('FrontHost records', () => {
  it('logs a large batch a few dozen records per turn, in order, and releases its waiter only when all of it is in', async () => {
    const { h, inner, paths, finished } = host();
    const per = FrontHost.RECORDS_PER_TURN;
    inner.handle(batch(1, 0, per * 2 + 10));
    inner.handle(batch(2, 1000, 5));
    expect(paths).toHaveLength(per);
    let released = false;
    void h.recordsUpTo(1)!.then(() => (released = true));
    let second = false;
    void h.recordsUpTo(2)!.then(() => (second = true));
    await turn();
    expect(paths).toHaveLength(per * 2);
    expect(released).toBe(false);
    await expect.poll(() => released).toBe(true);
    expect(paths.slice(0, per * 2 + 10)).toEqual(Array.from({ length: per * 2 + 10 }, (_, i) => `/f${i}`));
    await expect.poll(() => second).toBe(true);
    expect(paths.slice(per * 2 + 10)).toEqual(['/f1000', '/f1001', '/f1002', '/f1003', '/f1004']);
    expect(finished()).toBe(per * 2 + 15);
    expect(h.recordsUpTo(2)).toBeUndefined();
  });

  it('a small batch is logged at once, as before', () => {
    const { h, inner, paths } = host();
    inner.handle(batch(1, 0, 3));
    expect(paths).toEqual(['/f0', '/f1', '/f2']);
    expect(h.recordsUpTo(1)).toBeUndefined();
  });

  it('the front stopping logs every record already received before releasing the waiters', async () => {
    const { h, inner, paths } = host();
    inner.handle(batch(1, 0, FrontHost.RECORDS_PER_TURN * 3));
    let seen = -1;
    const waiting = h.recordsUpTo(1)!.then(() => (seen = paths.length));
    inner.endAll();
    await waiting;
    expect(seen).toBe(FrontHost.RECORDS_PER_TURN * 3);
    await turn();
    expect(paths).toHaveLength(FrontHost.RECORDS_PER_TURN * 3);
  });
});
