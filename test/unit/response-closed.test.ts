/**
 * onResponseClosed (http-common.ts): a response is "sent whole" when `finish` came before
 * `close`, or right after it (a client that hangs up just after the last byte); "cut" when
 * `end()` was never called or no `finish` follows. A stand-in response (an EventEmitter with the
 * flags and the header Node's ServerResponse has) drives the orders of events. A response whose
 * every declared body byte was written is whole even when the client closed before `end()`.
 */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { onResponseClosed } from '../../electron/engine/provisioning/http-common';

function fakeResponse(flags: { writableEnded: boolean; writableFinished: boolean }, contentLength?: number) {
  const res = Object.assign(new EventEmitter(), flags, { getHeader: (name: string) => (name === 'content-length' ? contentLength : undefined) });
  return res as EventEmitter & typeof flags;
}
function outcome(res: EventEmitter, sentBytes?: () => number): Promise<boolean> {
  return new Promise((r) => onResponseClosed(res as unknown as ServerResponse, (o) => r(o.whole), sentBytes));
}

describe('onResponseClosed', () => {
  it('finish before close: whole', async () => {
    const res = fakeResponse({ writableEnded: true, writableFinished: true });
    const got = outcome(res);
    res.emit('finish');
    res.emit('close');
    expect(await got).toBe(true);
  });

  it('close first, finish in the same turn of the event loop after it: whole', async () => {
    const res = fakeResponse({ writableEnded: true, writableFinished: false });
    const got = outcome(res);
    res.emit('close');
    process.nextTick(() => {
      res.writableFinished = true;
      res.emit('finish');
    });
    expect(await got).toBe(true);
  });

  it('ended but no finish follows (the socket broke): cut', async () => {
    const res = fakeResponse({ writableEnded: true, writableFinished: false });
    const got = outcome(res);
    res.emit('close');
    expect(await got).toBe(false);
  });

  it('closed before end() was called: cut at once, finish or not', async () => {
    const res = fakeResponse({ writableEnded: false, writableFinished: false });
    let decided: boolean | undefined;
    onResponseClosed(res as unknown as ServerResponse, (o) => (decided = o.whole));
    res.emit('close');
    expect(decided).toBe(false);
  });

  it('closed before end() but after every declared byte was written: whole; with bytes missing: cut', async () => {
    const all = fakeResponse({ writableEnded: false, writableFinished: false }, 1000);
    const got = outcome(all, () => 1000);
    all.emit('close');
    expect(await got).toBe(true);
    const short = fakeResponse({ writableEnded: false, writableFinished: false }, 1000);
    const cut = outcome(short, () => 999);
    short.emit('close');
    expect(await cut).toBe(false);
  });
});
