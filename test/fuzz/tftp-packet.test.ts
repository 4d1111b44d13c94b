/**
 * Fuzz of the TFTP packet parser (RFC 1350 §5, RFC 2347): random and mutated packets with a fixed
 * seed until 10,000 were rejected in `npm test` (ten times more and other seeds with
 * `npm run fuzz`, see budget.ts) — the parser only ever returns a well-formed packet or throws
 * TftpPacketError.
 */
import { describe, expect, it } from 'vitest';
import { encodeAck, encodeData, encodeError, encodeOack, encodeRequest, parsePacket, TftpPacketError, type TftpPacket } from '../../electron/engine/provisioning/tftp/packet';
import { prng } from '../helpers/prng';
import { fuzzCount, fuzzSeed } from './budget';

const REJECTED = fuzzCount(10_000);
const SEED = fuzzSeed(0x7f7f1350);

describe('TFTP packet parser fuzz', () => {
  it(`${REJECTED} malformed packets (seed ${SEED}) never crash the parser`, () => {
    const rnd = prng(SEED);
    const int = (n: number) => Math.floor(rnd() * n);
    const valid = [
      encodeRequest('RRQ', 'bootrom.ld', 'octet', { blksize: 1428, tsize: 0, windowsize: 8, timeout: 3 }),
      encodeRequest('WRQ', '0004f2aabbcc-app.log', 'netascii'),
      encodeData(1, Buffer.alloc(512, 7)),
      encodeAck(42),
      encodeError(2, 'Access violation'),
      encodeOack({ blksize: 512, tsize: 99 }),
    ];
    const OPS = new Set(['RRQ', 'WRQ', 'DATA', 'ACK', 'ERROR', 'OACK']);
    const badlyAccepted: string[] = [];
    let rejected = 0;
    let accepted = 0;
    let inputs = 0;
    while (rejected < REJECTED && inputs < REJECTED * 10) {
      inputs++;
      let b: Buffer;
      const kind = int(4);
      if (kind === 0) {
        b = Buffer.alloc(int(700));
        for (let i = 0; i < b.length; i++) b[i] = int(256);
        if (b.length >= 2 && rnd() < 0.7) b[0] = 0;
        if (b.length >= 2 && rnd() < 0.7) b[1] = 1 + int(7);
      } else {
        b = Buffer.from(valid[int(valid.length)]!);
        const edits = 1 + int(6);
        for (let e = 0; e < edits; e++) {
          const op = int(5);
          if (op === 0 && b.length) b[int(b.length)] = int(256); // flip a byte
          else if (op === 1) b = b.subarray(0, int(b.length + 1)); // truncate
          else if (op === 2 && b.length) b[int(b.length)] = 0; // stray NUL
          else if (op === 3) b = Buffer.concat([b, Buffer.from(Array.from({ length: int(20) }, () => int(256)))]); // garbage tail
          else if (b.length) b = Buffer.concat([b.subarray(0, int(b.length)), b.subarray(int(b.length))]); // splice
        }
      }
      let p: TftpPacket;
      try {
        p = parsePacket(b);
      } catch (e) {
        if (!(e instanceof TftpPacketError)) throw new Error(`input ${b.toString('hex')} threw ${String(e)}`, { cause: e });
        rejected++;
        continue;
      }
      accepted++;
      // Whatever is accepted is a well-formed packet (checked without expect(): many iterations).
      const wellFormed =
        OPS.has(p.op) &&
        (p.op !== 'DATA' && p.op !== 'ACK' ? true : p.block >= 0 && p.block <= 65535) &&
        (p.op !== 'RRQ' && p.op !== 'WRQ' ? true : p.filename.length > 0 && Object.values(p.options).every((v) => typeof v === 'string'));
      if (!wellFormed) badlyAccepted.push(b.toString('hex'));
    }
    expect(badlyAccepted).toEqual([]);
    expect(rejected).toBeGreaterThanOrEqual(REJECTED);
    expect(accepted).toBeGreaterThan(0);
  });
});
