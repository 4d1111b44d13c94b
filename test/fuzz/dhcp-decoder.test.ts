/**
 * Fuzz: random and mutated packets through the DHCP decoder with a fixed seed — 22,000 in
 * `npm test`, ten times that and more seeds with `npm run fuzz` (see budget.ts). Malformed input may only ever produce DhcpDecodeError (typed, with an offset inside the
 * message); anything else escaping is a bug. Packets that decode must encode and decode again to the
 * same options.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../electron/engine/dhcp/codec/bytes';
import { DhcpDecodeError } from '../../electron/engine/dhcp/codec/errors';
import { HEADER_SIZE, MAGIC_COOKIE } from '../../electron/engine/dhcp/codec/header';
import { decodePacket, encodePacket, type DhcpPacket } from '../../electron/engine/dhcp/codec/packet';
import { packetJson } from '../../electron/engine/dhcp/packet-json';
import { dhcpCorpus, prng } from '../helpers/dhcp-corpus';
import { fuzzCount, fuzzSeed } from './budget';

const RANDOM = fuzzCount(6_000);
const MUTATED = fuzzCount(16_000);
const SEED = fuzzSeed(20240603);

function mutate(seed: Uint8Array, rnd: () => number): Uint8Array {
  let b = Uint8Array.from(seed);
  const n = 1 + Math.floor(rnd() * 6);
  for (let k = 0; k < n; k++) {
    const r = rnd();
    const at = Math.floor(rnd() * b.length);
    if (r < 0.35) b[at] = Math.floor(rnd() * 256);
    else if (r < 0.5) b[at]! ^= 1 << Math.floor(rnd() * 8);
    else if (r < 0.6) b = b.subarray(0, Math.floor(rnd() * b.length));
    else if (r < 0.75 && b.length > HEADER_SIZE + 6) {
      // Rewrite an option header in the options area: random code and length.
      const o = HEADER_SIZE + 4 + Math.floor(rnd() * (b.length - HEADER_SIZE - 6));
      b[o] = [52, 43, 60, 82, 120, 124, 125, 121, 119, 77, 61, 53, Math.floor(rnd() * 256)][Math.floor(rnd() * 13)]!;
      b[o + 1] = Math.floor(rnd() * 256);
      if (b[o] === 52) b[o + 1] = 1;
    } else if (r < 0.85) {
      const extra = new Uint8Array(b.length + 1 + Math.floor(rnd() * 40));
      extra.set(b);
      for (let i = b.length; i < extra.length; i++) extra[i] = Math.floor(rnd() * 256);
      b = extra;
    } else if (b.length > 110) b[HEADER_SIZE + 4 + 2 > b.length ? 0 : 108 + Math.floor(rnd() * 128) % Math.max(1, b.length - 108)] = Math.floor(rnd() * 256);
  }
  return b;
}

function randomPacket(rnd: () => number): Uint8Array {
  const len = Math.floor(rnd() * 600);
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = Math.floor(rnd() * 256);
  if (len > HEADER_SIZE + 4 && rnd() < 0.7) b.set(MAGIC_COOKIE, HEADER_SIZE);
  return b;
}

function sameOptions(a: DhcpPacket, b: DhcpPacket): boolean {
  return a.options.length === b.options.length && a.options.every((o, i) => o.code === b.options[i]!.code && toHex(o.data) === toHex(b.options[i]!.data));
}

describe('decoder fuzz', () => {
  it(`survives ${RANDOM + MUTATED} random and mutated packets (seed ${SEED})`, () => {
    const rnd = prng(SEED);
    const corpus = dhcpCorpus();
    expect(corpus.length).toBeGreaterThan(600);
    let decoded = 0;
    let errors = 0;
    for (let i = 0; i < RANDOM + MUTATED; i++) {
      const msg = i < RANDOM ? randomPacket(rnd) : mutate(corpus[Math.floor(rnd() * corpus.length)]!, rnd);
      let p: DhcpPacket;
      try {
        p = decodePacket(msg);
      } catch (err) {
        if (!(err instanceof DhcpDecodeError)) throw new Error(`packet ${i} (${toHex(msg)}) threw ${String(err)}`, { cause: err });
        if (!(err.offset >= 0 && err.offset <= msg.length)) throw new Error(`packet ${i}: error offset ${err.offset} outside the ${msg.length}-byte message`, { cause: err });
        if (i % 7 === 0) JSON.stringify(packetJson(err.partial as never, { error: err }));
        errors++;
        continue;
      }
      decoded++;
      if (i % 7 === 0) JSON.stringify(packetJson(p));
      if (i % 7 === 0 && p.cookie && p.hlen <= 16) {
        const again = decodePacket(encodePacket({ ...p, op: p.op as 1 | 2, chaddr: p.chaddr, options: p.options.filter((o) => o.code !== 52), sname: p.sname.length < 64 ? p.sname : '', file: p.file.length < 128 ? p.file : '' }));
        if (!sameOptions({ ...p, options: p.options.filter((o) => o.code !== 52) }, again)) throw new Error(`packet ${i} does not re-encode to the same options: ${toHex(msg)}`);
      }
    }
    // Both paths were exercised (each about a third or more of the inputs at the fixed seed).
    expect(decoded).toBeGreaterThan((RANDOM + MUTATED) / 11);
    expect(errors).toBeGreaterThan((RANDOM + MUTATED) / 11);
  });
});
