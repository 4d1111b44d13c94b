/**
 * The probe on an interface with no IPv4 address (root, network namespaces): its DISCOVER leaves
 * from 0.0.0.0 as a phone's does (checked with tshark), the answer names the server by address, MAC
 * and OUI vendor, and dnsmasq's `dhcp-boot=boot.cfg,,10.85.0.7` (next-server and boot file, no
 * option 66) is shown and used by the rule of each phone (generic: used; Polycom: warned, unless
 * `--next-server use`).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../shared/dhcp-dto';
import { Segment, type Member } from '../helpers/netns';
import { dhcpPeersMissing, provkitIn, startDnsmasq, startTshark, stopTsharkWhen } from '../helpers/dhcp-netns-peers';

const why = dhcpPeersMissing();
const tmp = mkdtempSync(join(tmpdir(), 'pk-dhcp-probe-'));

let seg: Segment;
let client: Member;

beforeAll(async () => {
  if (why) return;
  seg = new Segment('dp');
  const server = seg.add('10.85.0.1/24', '00:1b:21:85:00:01');
  client = seg.add(undefined, '02:00:00:85:00:02');
  await startDnsmasq(seg, server, tmp, '10.85.0.50,10.85.0.99', ['--dhcp-boot=boot.cfg,,10.85.0.7']);
}, 60_000);
afterAll(async () => {
  await seg?.destroy();
});

describe.skipIf(Boolean(why))(`probe anywhere${why ? ` — skipped: ${why}` : ''}`, () => {
  it('works with no address (DISCOVER from 0.0.0.0), names the server by MAC and vendor, uses next-server for a generic phone', async () => {
    const file = join(tmp, 'probe.pcapng');
    const t = await startTshark(seg, client, 'eth0', file);
    const r = provkitIn(client, ['dhcp', 'probe', '--iface', 'eth0', '--as', 'custom', '--wait', '2', '--json']);
    const frames = await stopTsharkWhen(seg, t, file, (f) => f.some((x) => x.type === 2));
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as ProbeResult;
    expect(res.sentTo).toBe('255.255.255.255 from 0.0.0.0 via eth0 (raw frame)');
    expect(res.offers).toHaveLength(1);
    expect(res.offers[0]).toMatchObject({ server: '10.85.0.1', from: '10.85.0.1', serverMac: '00:1b:21:85:00:01', serverVendor: 'Intel Corporate', offered: { siaddr: '10.85.0.7', option67: 'boot.cfg' }, bootServer: 'tftp://10.85.0.7/boot.cfg', bootSource: 'next-server' });
    expect(res.diff.find((d) => d.name === 'next-server (siaddr)')!.values).toEqual(['10.85.0.7']);
    const discover = frames.find((f) => f.type === 1)!;
    expect(discover).toMatchObject({ ipSrc: '0.0.0.0', ipDst: '255.255.255.255', dstPort: 67, ciaddr: '0.0.0.0' });
  });

  it('a VVX 400 is warned that it will not use next-server, unless the rule says so', () => {
    const r = provkitIn(client, ['dhcp', 'probe', '--iface', 'eth0', '--as', 'vvx400', '--wait', '2', '--json']);
    expect(r.code).toBe(5);
    const res = JSON.parse(r.stdout) as ProbeResult;
    expect(res.offers[0]!.bootServer).toBeUndefined();
    expect(res.warnings.join('\n')).toMatch(/next-server \(siaddr\) 10\.85\.0\.7 and boot file "boot\.cfg" \(BOOTP fields\)/);
    const used = JSON.parse(provkitIn(client, ['dhcp', 'probe', '--iface', 'eth0', '--as', 'vvx400', '--wait', '2', '--json', '--next-server', 'use']).stdout) as ProbeResult;
    expect(used.offers[0]).toMatchObject({ bootServer: 'tftp://10.85.0.7/boot.cfg', bootSource: 'next-server' });
  });

  it('the text report names the server by address, MAC and vendor', () => {
    const r = provkitIn(client, ['dhcp', 'probe', '--iface', 'eth0', '--as', 'custom', '--wait', '2']);
    expect(r.stdout).toMatch(/^server 10\.85\.0\.1 MAC 00:1b:21:85:00:01 \(Intel Corporate\)$/m);
  });
});
