/**
 * TFTP retransmission timing with a fake clock: the RFC 6298-style estimate (rto.ts), Karn's rule,
 * back-off only while the peer is silent and back down after progress, the client's RFC 2349
 * `timeout` used as it is, the give-up after the whole silence schedule, and no DATA resent for a
 * duplicate ACK (RFC 1350 Sorcerer's Apprentice). Correctness tests: no wall-clock timing.
 */
import type { Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlockReader } from '../../electron/engine/provisioning/tftp/block-reader';
import { ReadTransfer } from '../../electron/engine/provisioning/tftp/read-transfer';
import { RtoEstimator } from '../../electron/engine/provisioning/tftp/rto';
import type { TransferTiming } from '../../electron/engine/provisioning/tftp/transfer';
import type { Logger } from '../../electron/engine/logger';

const quiet = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

describe('RtoEstimator', () => {
  const base = { initialMs: 1000, floorMs: 200, ceilingMs: 8000, fixed: false };

  it('starts at the configured timeout, then follows the measured round trips down to the floor', () => {
    const e = new RtoEstimator(base);
    expect(e.rto(0)).toBe(1000);
    e.sample(2);
    expect(e.rto(0)).toBe(200); // 2 + 4 × 1 = 6 ms, raised to the floor
    for (let i = 0; i < 20; i++) e.sample(400);
    expect(e.rto(0)).toBeGreaterThan(400);
    expect(e.rto(0)).toBeLessThan(1000);
  });

  it('backs off by doubling up to the ceiling and comes back to the estimate', () => {
    const e = new RtoEstimator(base);
    e.sample(1);
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => e.rto(n))).toEqual([200, 400, 800, 1600, 3200, 6400, 8000]);
    expect(e.rto(0)).toBe(200);
  });

  it("uses the client's own timeout as it is (RFC 2349)", () => {
    const e = new RtoEstimator({ ...base, initialMs: 3000, fixed: true });
    e.sample(1);
    expect(e.rto(0)).toBe(3000);
    expect(e.rto(1)).toBe(6000);
    expect(e.rto(5)).toBe(8000);
  });
});

/** A socket stand-in that records what the transfer sends. */
function fakeSocket() {
  const sent: Buffer[] = [];
  let onMsg: ((m: Buffer) => void) | undefined;
  const socket = {
    on(ev: string, fn: (m: Buffer) => void) {
      if (ev === 'message') onMsg = fn;
      return socket;
    },
    send(b: Buffer) {
      sent.push(Buffer.from(b));
    },
    close() {},
  };
  const ack = (block: number) => onMsg!(Buffer.from([0, 4, block >> 8, block & 0xff]));
  const dataBlocks = () => sent.filter((b) => b[1] === 3).map((b) => (b[2]! << 8) | b[3]!);
  return { socket: socket as unknown as Socket, sent, ack, dataBlocks };
}

async function transfer(timing: TransferTiming, blocks = 10) {
  const blksize = 512;
  const size = blocks * blksize - 1;
  const reader = await BlockReader.open({ kind: 'buffer', content: Buffer.alloc(size, 7) }, size, blksize, 1);
  const s = fakeSocket();
  const view = { client: '127.0.0.1:1', method: 'RRQ', path: '/f', bytes: 0, size };
  const t = new ReadTransfer(s.socket, timing, view, quiet, reader, size, blksize, 1, undefined, 0);
  return { t, ...s };
}

/** Let the block reader's promises settle without moving the fake clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('ReadTransfer retransmission (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const timing: TransferTiming = { retransmitMs: 1000, maxRetries: 5, maxBackoffMs: 8000 };

  it('a loss after an earlier back-off costs one estimated timeout, not the backed-off delay', async () => {
    const { t, ack, dataBlocks } = await transfer(timing);
    t.start();
    await settle();
    expect(dataBlocks()).toEqual([1]);
    // Block 1 is lost: the first timeout is the configured 1 s (nothing measured yet).
    await vi.advanceTimersByTimeAsync(999);
    expect(dataBlocks()).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(dataBlocks()).toEqual([1, 1]);
    // Lost again: backed off to 2 s.
    await vi.advanceTimersByTimeAsync(2000);
    expect(dataBlocks()).toEqual([1, 1, 1]);
    // Now ACKed after 5 ms (the resent block gives no sample: Karn), blocks 2 and 3 measured at 5 ms.
    await vi.advanceTimersByTimeAsync(5);
    ack(1);
    await settle();
    await vi.advanceTimersByTimeAsync(5);
    ack(2);
    await settle();
    await vi.advanceTimersByTimeAsync(5);
    ack(3);
    await settle();
    expect(dataBlocks().slice(3)).toEqual([2, 3, 4]);
    // Block 4 is lost: resent after the estimate's floor (200 ms), not after 2 s or 4 s.
    await vi.advanceTimersByTimeAsync(199);
    expect(dataBlocks().slice(3)).toEqual([2, 3, 4]);
    await vi.advanceTimersByTimeAsync(2);
    expect(dataBlocks().slice(3)).toEqual([2, 3, 4, 4]);
    t.fail(0, 499, 'test over');
  });

  it('never resends DATA for a duplicate ACK', async () => {
    const { t, ack, dataBlocks } = await transfer(timing);
    t.start();
    await settle();
    ack(1);
    await settle();
    ack(1);
    ack(1);
    await settle();
    expect(dataBlocks()).toEqual([1, 2]);
    t.fail(0, 499, 'test over');
  });

  it("keeps the client's timeout option: no estimate", async () => {
    const { t, ack, dataBlocks } = await transfer({ ...timing, retransmitMs: 3000, clientTimeout: true });
    t.start();
    await settle();
    await vi.advanceTimersByTimeAsync(2);
    ack(1);
    await settle();
    await vi.advanceTimersByTimeAsync(2999);
    expect(dataBlocks()).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(1);
    expect(dataBlocks()).toEqual([1, 2, 2]);
    t.fail(0, 499, 'test over');
  });

  it('gives a silent client up only after the whole default schedule (1+2+4+8+8+8 = 31 s)', async () => {
    const { t, ack } = await transfer(timing);
    t.start();
    await settle();
    await vi.advanceTimersByTimeAsync(2);
    ack(1); // measured: the estimate drops to the 200 ms floor
    await settle();
    let outcome: { status: number; error?: string } | undefined;
    void t.outcome.then((o) => (outcome = o));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outcome?.status).toBe(408);
    expect(outcome?.error).toMatch(/no ACK for 3\d(\.\d)? s/);
  });
});
