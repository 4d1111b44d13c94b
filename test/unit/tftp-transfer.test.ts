/**
 * TFTP transfer logic without sockets: send and receive windows (RFC 1350 lock-step, RFC 7440
 * windows, Sorcerer's Apprentice), block-number rollover past 65535 through a lossy simulated
 * link, option negotiation (RFC 2347-2349, 7440), netascii, the block reader and the ARP table.
 */
import { describe, expect, it } from 'vitest';
import { BlockReader } from '../../electron/engine/provisioning/tftp/block-reader';
import { NetasciiDecoder, toNetascii } from '../../electron/engine/provisioning/tftp/netascii';
import { agreedForLog, negotiate } from '../../electron/engine/provisioning/tftp/options';
import { ReceiveWindow } from '../../electron/engine/provisioning/tftp/receive-window';
import { SendWindow, wireBlock } from '../../electron/engine/provisioning/tftp/send-window';
import { TransferTracker } from '../../electron/engine/provisioning/transfer-tracker';
import { prng } from '../helpers/prng';

describe('block numbers', () => {
  it('roll over to 0 (default) or 1 after 65535', () => {
    expect([65534, 65535, 65536, 65537].map((n) => wireBlock(n))).toEqual([65534, 65535, 0, 1]);
    expect([65535, 65536, 65537, 131070, 131071].map((n) => wireBlock(n, 1))).toEqual([65535, 1, 2, 65535, 1]);
  });
});

describe('SendWindow', () => {
  it('lock-step: one block per ACK; a duplicate ACK is ignored (no Sorcerer’s Apprentice)', () => {
    const w = new SendWindow(1000, 512, 1, false);
    expect(w.last).toBe(2);
    expect(w.fill()).toEqual({ from: 1, to: 2 });
    expect(w.onAck(1)).toEqual({ kind: 'send', from: 2, to: 3 });
    expect(w.onAck(1)).toEqual({ kind: 'ignored' });
    expect(w.onAck(1)).toEqual({ kind: 'ignored' });
    expect(w.onAck(2)).toEqual({ kind: 'done' });
    expect(w.done).toBe(true);
  });

  it('sends an empty last block when the size is a multiple of blksize, and block 1 for an empty file', () => {
    const w = new SendWindow(1024, 512, 1, false);
    expect(w.last).toBe(3);
    expect(w.blockLength(3, 1024)).toBe(0);
    expect(new SendWindow(0, 512, 1, false).last).toBe(1);
  });

  it('OACK first: waits for ACK 0, resends the OACK on timeout', () => {
    const w = new SendWindow(5000, 1428, 4, true);
    expect(w.fill()).toEqual({ from: 0, to: 1 });
    expect(w.onTimeout()).toEqual({ from: 0, to: 1 });
    expect(w.onAck(0)).toEqual({ kind: 'send', from: 1, to: 5 });
  });

  it('windowsize: an ACK inside the window restarts after it (RFC 7440 §4); timeout resends from the first unacknowledged', () => {
    const w = new SendWindow(100 * 512, 512, 8, false);
    expect(w.fill()).toEqual({ from: 1, to: 9 });
    expect(w.onAck(3)).toEqual({ kind: 'send', from: 4, to: 12 });
    expect(w.onAck(11)).toEqual({ kind: 'send', from: 12, to: 20 });
    expect(w.onAck(2)).toEqual({ kind: 'ignored' }); // stale
    expect(w.onTimeout()).toEqual({ from: 12, to: 20 });
    expect(w.retries).toBe(1);
    w.onAck(19);
    expect(w.retries).toBe(0);
  });
});

describe('ReceiveWindow', () => {
  it('lock-step: ACKs each block, re-ACKs every repeated block, ends on a short block', () => {
    const r = new ReceiveWindow(512, 1);
    expect(r.onData(1, 512)).toEqual({ kind: 'accept', block: 1, ack: 1, last: false });
    expect(r.onData(1, 512)).toEqual({ kind: 'duplicate', ack: 1 });
    expect(r.onData(1, 512)).toEqual({ kind: 'duplicate', ack: 1 });
    expect(r.onData(2, 10)).toEqual({ kind: 'accept', block: 2, ack: 2, last: true });
  });

  it('windowsize: ACK per window, on the last block, and the last in-order block after a gap', () => {
    const r = new ReceiveWindow(512, 4);
    expect(r.onData(1, 512)).toEqual({ kind: 'accept', block: 1, last: false });
    expect(r.onData(2, 512)).toEqual({ kind: 'accept', block: 2, last: false });
    expect(r.onData(4, 512)).toEqual({ kind: 'gap', ack: 2 });
    expect(r.onData(3, 512)).toEqual({ kind: 'accept', block: 3, last: false });
    expect(r.onData(4, 512)).toMatchObject({ kind: 'accept' });
    expect(r.onData(5, 512)).toMatchObject({ kind: 'accept' });
    expect(r.onData(6, 512)).toMatchObject({ kind: 'accept', block: 6, ack: 6 });
    // The sender missed our ACK and resends 3..6: one re-ACK per resent window, not per block.
    expect(r.onData(3, 512)).toEqual({ kind: 'duplicate', ack: 6 });
    expect(r.onData(4, 512)).toEqual({ kind: 'duplicate' });
    expect(r.onData(3, 512)).toEqual({ kind: 'duplicate', ack: 6 });
    expect(r.onTimeout()).toBe(6);
    expect(r.onData(7, 0)).toEqual({ kind: 'accept', block: 7, ack: 7, last: true });
  });
});

/**
 * Move a buffer from a SendWindow + BlockReader to a ReceiveWindow through a link that drops,
 * duplicates and reorders packets (seeded), using timeouts only when nothing is in flight.
 */
async function simulate(size: number, blksize: number, windowsize: number, rollover: 0 | 1, seed: number) {
  const rnd = prng(seed);
  const content = Buffer.alloc(size);
  for (let i = 0; i < size; i++) content[i] = (i * 7 + (i >> 8)) & 0xff;
  const reader = await BlockReader.open({ kind: 'buffer', content }, size, blksize, windowsize);
  const tx = new SendWindow(size, blksize, windowsize, false, rollover);
  const rx = new ReceiveWindow(blksize, windowsize);
  const received: Buffer[] = [];
  let toRx: Buffer[] = [];
  let toTx: number[] = [];
  let timeouts = 0;
  let done = false;
  const lossy = <T>(q: T[], item: T) => {
    const x = rnd();
    if (x < 0.01) return; // lost
    if (x < 0.02) q.push(item); // duplicated
    if (x < 0.03 && q.length) q.splice(q.length - 1, 0, item); // reordered
    else q.push(item);
  };
  const send = ({ from, to }: { from: number; to: number }) => {
    for (let n = from; n < to; n++) {
      let p = reader.packet(n, wireBlock(n, rollover), tx.base);
      if (!p) {
        await0 = reader.ready(n);
        p = undefined;
      }
      if (p) lossy(toRx, Buffer.from(p));
    }
  };
  let await0: Promise<void> | undefined;
  send(tx.fill());
  for (let steps = 0; !done && steps < 5_000_000; steps++) {
    if (await0) {
      await await0;
      await0 = undefined;
      send(tx.onTimeout());
      continue;
    }
    if (toRx.length) {
      const batch = toRx;
      toRx = [];
      for (const p of batch) {
        const r = rx.onData(p.readUInt16BE(2), p.length - 4);
        if (r.kind === 'accept') received.push(p.subarray(4));
        if (r.ack !== undefined) lossy(toTx, rx.wire(r.ack));
      }
    } else if (toTx.length) {
      const batch = toTx;
      toTx = [];
      for (const a of batch) {
        const r = tx.onAck(a);
        if (r.kind === 'done') done = true;
        else if (r.kind === 'send') send(r);
      }
    } else {
      timeouts++;
      send(tx.onTimeout());
      const ack = rx.onTimeout();
      if (ack > 0) lossy(toTx, rx.wire(ack));
    }
  }
  await reader.close();
  return { ok: done && Buffer.concat(received).equals(content), blocks: tx.last, timeouts };
}

describe('a transfer past block 65535 over a lossy link', () => {
  it('lock-step, rollover 0: byte-identical', async () => {
    const r = await simulate(70_000 * 8 + 3, 8, 1, 0, 1);
    expect(r.blocks).toBeGreaterThan(65535);
    expect(r.ok).toBe(true);
  });
  it('windowsize 16, rollover 1 (learned by the receiver), size a multiple of blksize: byte-identical', async () => {
    const r = await simulate(66_000 * 8, 8, 16, 1, 2);
    expect(r.blocks).toBe(66_001);
    expect(r.ok).toBe(true);
  });
});

describe('option negotiation', () => {
  it('agrees blksize (clamped), tsize (RRQ: the size), timeout, windowsize (memory cap), rollover; ignores the rest', () => {
    const n = negotiate('RRQ', { blksize: '70000', tsize: '0', timeout: '3', windowsize: '64', rollover: '1', multicast: '', utimeout: '5' }, 12345, {
      maxBlksize: 65464, maxWindowsize: 64, maxWindowBytes: 1024 * 1024,
    });
    expect(n).toMatchObject({ blksize: 65464, windowsize: 16, timeoutMs: 3000, rollover: 1 });
    expect(n.oack).toEqual({ blksize: '65464', tsize: '12345', timeout: '3', windowsize: '16', rollover: '1' });
    expect(agreedForLog(n)).toEqual({ blksize: 65464, tsize: 12345, timeout: 3, windowsize: 16, rollover: 1 });
  });
  it('ignores invalid values (RFC 2348: blksize 8-65464; RFC 2349: timeout 1-255) and echoes a WRQ tsize', () => {
    const n = negotiate('WRQ', { blksize: '7', timeout: '0', windowsize: 'x', tsize: '2048' }, undefined);
    expect(n).toMatchObject({ blksize: 512, windowsize: 1, clientSize: 2048 });
    expect(n.oack).toEqual({ tsize: '2048' });
    expect(negotiate('RRQ', {}, 10).oack).toEqual({});
  });
});

describe('netascii (RFC 1350 §1, RFC 854)', () => {
  it('LF and CR LF become CR LF, a bare CR becomes CR NUL; decoding reverses it across block boundaries', () => {
    const local = Buffer.from('a\nb\r\nc\rd\n');
    const wire = toNetascii(local);
    expect(wire.toString('latin1')).toBe('a\r\nb\r\nc\r\x00d\r\n');
    const d = new NetasciiDecoder();
    const parts = [wire.subarray(0, 2), wire.subarray(2, 8), wire.subarray(8)].map((p) => d.decode(p));
    expect(Buffer.concat([...parts, d.end()]).toString('latin1')).toBe('a\nb\nc\rd\n');
    expect(toNetascii(Buffer.from('plain'))).toEqual(Buffer.from('plain'));
  });
});

describe('BlockReader', () => {
  it('serves packets with headers from two chunks of a file-like source, the last one short', async () => {
    const content = Buffer.from(Array.from({ length: 5000 }, (_, i) => i & 0xff));
    const r = await BlockReader.open({ kind: 'buffer', content }, content.length, 512, 1);
    await r.ready(1);
    const p1 = r.packet(1, 1, 1)!;
    expect([...p1.subarray(0, 4)]).toEqual([0, 3, 0, 1]);
    expect(p1.subarray(4).equals(content.subarray(0, 512))).toBe(true);
    const p10 = r.packet(10, 10, 10) ?? (await r.ready(10), r.packet(10, 10, 10)!);
    expect(p10.length).toBe(4 + (5000 - 9 * 512));
    await r.close();
  });
});

describe('transfer tracker', () => {
  it('tracks transfers in progress and keeps finished bytes in the total', () => {
    const tr = new TransferTracker();
    const v = { client: '10.0.0.5', method: 'RRQ', path: '/sip.ld', bytes: 0, size: 1000 };
    const end = tr.begin(v);
    v.bytes = 400;
    expect(tr.count).toBe(1);
    expect(tr.list()[0]).toMatchObject({ client: '10.0.0.5', bytes: 400, size: 1000 });
    expect(tr.totalBytes()).toBe(400);
    // The rate covers the last seconds sampled, not the whole transfer (a stall shows as 0).
    tr.sample(10_000);
    v.bytes = 900;
    tr.sample(11_000);
    expect(tr.list(11_000)[0]!.rate).toBe(500);
    tr.sample(12_000);
    tr.sample(17_000);
    expect(tr.list(17_000)[0]!.rate).toBe(0);
    v.bytes = 1000;
    end();
    end();
    expect(tr.count).toBe(0);
    expect(tr.totalBytes()).toBe(1000);
  });
});
