/**
 * Benchmark: DHCP decode rate (packets/s) over the public captures and phone-style packets.
 * Run: `npx tsx bench/dhcp-decode.ts [seconds]` (default 3 s). Prints one line per measure.
 */
import { decodePacket, tryDecodePacket } from '../electron/engine/dhcp/codec/packet';
import { packetJson } from '../electron/engine/dhcp/packet-json';
import { dhcpCorpus } from '../test/helpers/dhcp-corpus';

const seconds = Number(process.argv[2] ?? 3);
const corpus = dhcpCorpus();
const bytes = corpus.reduce((n, p) => n + p.length, 0);

function measure(label: string, fn: (p: Uint8Array) => unknown): void {
  for (let i = 0; i < 2000; i++) fn(corpus[i % corpus.length]!); // warm-up
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  let n = 0;
  let now = start;
  while (now < until) {
    for (let i = 0; i < corpus.length; i++) fn(corpus[i]!);
    n += corpus.length;
    now = process.hrtime.bigint();
  }
  const s = Number(now - start) / 1e9;
  process.stdout.write(`${label.padEnd(28)} ${Math.round(n / s).toLocaleString('en-US').padStart(12)} packets/s  (${((bytes * (n / corpus.length)) / s / 1e6).toFixed(1)} MB/s, ${n.toLocaleString('en-US')} packets in ${s.toFixed(2)} s)\n`);
}

process.stdout.write(`corpus: ${corpus.length} DHCP packets, ${bytes} bytes (public captures + phone-style packets)\n`);
measure('decode (typed values)', (p) => tryDecodePacket(p));
measure('decode + JSON line', (p) => {
  const r = tryDecodePacket(p);
  return JSON.stringify(r.ok ? packetJson(r.packet) : packetJson(r.partial, { error: r.error }));
});
measure('decode (throwing API)', (p) => {
  try {
    return decodePacket(p);
  } catch {
    return undefined;
  }
});
