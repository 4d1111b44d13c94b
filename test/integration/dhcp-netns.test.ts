/**
 * With real peers in network namespaces this test creates (root only):
 * dnsmasq offering 66, 160, 43 and a VLAN option (configured with ProvKit's own dnsmasq snippets),
 * dhclient as a real client sending a binary Polycom vendor class; ProvKit's sniffer (packet
 * capture) records both sides; ProvKit's probe gets dnsmasq's offer and names the boot server; two
 * dnsmasq servers are both reported with a rogue warning; the bench server refuses to start while
 * dnsmasq answers and leases to busybox udhcpc once dnsmasq is gone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../shared/dhcp-dto';
import { buildOptions } from '../../electron/engine/dhcp/builders';
import { encodePolycomVendorClass } from '../../electron/engine/dhcp/codec/vendor-class';
import { encodeToshiba43 } from '../../electron/engine/dhcp/codec/option43';
import { HEX } from '../../electron/engine/dhcp/codec/bytes';
import { netnsUnavailable, Segment, waitFor, type Member } from '../helpers/netns';
import { REPO } from '../helpers/serve';

const why = netnsUnavailable() ?? (['dnsmasq', 'dhclient', 'busybox'].find((c) => { try { execFileSync('sh', ['-c', `command -v ${c}`]); return false; } catch { return true; } }) ? 'dnsmasq, dhclient or busybox is not installed (see .ci/run)' : undefined);
const PROVKIT = join(REPO, 'bin', 'provkit.mjs');
const BOOT = 'http://10.77.0.1:8080/prov/';
const tmp = mkdtempSync(join(tmpdir(), 'pk-dhcp-'));
const TOSHIBA_43 = [...encodeToshiba43({ serverIp: '10.77.0.7', vendorClass: 'omit', vlanEnabled: true, phoneVlan: 300 })].map((b) => HEX[b]).join(':');

let seg: Segment;
let server: Member;
let client: Member;
let dnsmasq: ReturnType<Segment['spawn']>;

/** dnsmasq in a namespace, configured by a conf-dir holding ProvKit's builder snippets verbatim. */
function startDnsmasq(m: Member, range: string, name: string, extra: string[] = []) {
  const dir = mkdtempSync(join(tmp, `${name}-`));
  const built = buildOptions({ bootUrl: BOOT, vlan: 100, vlanOption: 144 });
  const lines = built.options.map((o) => o.snippets.find((s) => s.server === 'dnsmasq')!.text);
  writeFileSync(join(dir, 'provkit.conf'), `${lines.join('\n')}\ndhcp-option=43,${TOSHIBA_43}\n`);
  return seg.spawn(m, 'dnsmasq', ['--no-daemon', '--conf-file=/dev/null', `--conf-dir=${dir}`, '--pid-file=', '--port=0', `--interface=${m.dev}`, '--bind-interfaces', '--no-ping', `--dhcp-range=${range},255.255.255.0,1h`, `--dhcp-leasefile=${join(dir, 'leases')}`, '--log-facility=-', ...extra]);
}

function provkit(m: Member, args: string[], timeoutMs = 45_000): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('ip', ['netns', 'exec', m.ns, process.execPath, PROVKIT, ...args], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PROVKIT_LOG_LEVEL: 'warn' } });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  if (why) return;
  seg = new Segment('dh');
  server = seg.add('10.77.0.1/24', '02:00:00:77:00:01');
  client = seg.add('10.77.0.200/24', '00:04:f2:77:00:02');
  dnsmasq = startDnsmasq(server, '10.77.0.50,10.77.0.99', 'a');
  await waitFor('dnsmasq to start', () => /sockets bound/.test(dnsmasq.output()));
});
afterAll(async () => {
  await seg?.destroy();
});

describe.skipIf(Boolean(why))(`DHCP with real peers in network namespaces${why ? ` — skipped: ${why}` : ''}`, () => {
  it('sniffer (packet capture) records both sides of a dhclient lease from dnsmasq, decoded', async () => {
    const phone = seg.add(undefined, '00:04:f2:77:00:03');
    const watch = seg.spawn(server, process.execPath, [PROVKIT, 'dhcp', 'watch', '--iface', server.dev, '--backend', 'capture', '--json', '--seconds', '40']);
    await waitFor('the sniffer to start', () => /watching eth0 \(capture\)/.test(watch.output()), 30_000);
    const vc = [...encodePolycomVendorClass({ model: 'VVX-VVX_400', partNumber: '3111-46157-002,1', appVersion: 'SIP/5.9.0.9373/16-Aug-19 10:09', bootromVersion: 'UP/5.9.0.9373/16-Aug-19 10:09' })].map((b) => HEX[b]).join(':');
    const conf = join(tmp, 'dhclient.conf');
    writeFileSync(conf, `option provisioning-server code 160 = text;\noption vlan-discovery-144 code 144 = text;\nsend vendor-class-identifier ${vc};\nrequest subnet-mask, routers, tftp-server-name, vendor-encapsulated-options, provisioning-server, vlan-discovery-144;\n`);
    const dh = seg.spawn(phone, 'dhclient', ['-4', '-d', '-v', '-cf', conf, '-lf', join(tmp, 'dhclient.leases'), '-pf', join(tmp, 'dhclient.pid'), '-sf', '/bin/true', phone.dev]);
    const lines = () => watch.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { messageType?: string; xid: string; chaddr: string; options: Array<{ code: number; value: unknown }>; src: string; dst: string; yiaddr?: string });
    await waitFor('DISCOVER, OFFER, REQUEST and ACK', () => ['DISCOVER', 'OFFER', 'REQUEST', 'ACK'].every((t) => lines().some((p) => p.messageType === t && p.chaddr === '00:04:f2:77:00:03')), 30_000);
    await seg.kill(dh);
    const mine = lines().filter((p) => p.chaddr === '00:04:f2:77:00:03');
    const discover = mine.find((p) => p.messageType === 'DISCOVER')!;
    const offer = mine.find((p) => p.messageType === 'OFFER')!;
    const ack = mine.find((p) => p.messageType === 'ACK')!;
    expect(offer.xid).toBe(discover.xid);
    expect(ack.xid).toBe(mine.find((p) => p.messageType === 'REQUEST')!.xid);
    // The client side: the binary Polycom vendor class, decoded.
    expect(discover.options.find((o) => o.code === 60)!.value).toMatchObject({ form: 'rfc3925', enterprise: 13885, model: 'VVX-VVX_400', partNumber: '3111-46157-002,1' });
    // The server side, unicast or broadcast: 66, 160, 43 and the VLAN option as dnsmasq sent them.
    for (const p of [offer, ack]) {
      expect(p.src).toBe('10.77.0.1:67');
      const v = (code: number) => p.options.find((o) => o.code === code)?.value;
      expect(v(160)).toBe(BOOT);
      expect(v(66)).toBe(BOOT);
      expect(v(144)).toMatchObject({ text: 'VLAN-A=100;', vlan: [100] });
      expect(v(43)).toMatchObject({ hex: TOSHIBA_43.replace(/:/g, '') });
      expect(v(54)).toBe('10.77.0.1');
    }
    expect(ack.yiaddr).toMatch(/^10\.77\.0\.(5\d|[6-9]\d)$/);
    await seg.kill(watch);
  });

  it('probe as a VVX 400 gets the offer and names option 160; as a Toshiba IP5000 it reads option 43', () => {
    const r = provkit(client, ['dhcp', 'probe', '--iface', client.dev, '--as', 'vvx400', '--wait', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as ProbeResult;
    expect(res.offers).toHaveLength(1);
    expect(res.offers[0]).toMatchObject({ server: '10.77.0.1', bootServer: BOOT, bootSource: 'option 160' });
    expect(res.verdict).toBe(`A VVX 400 on eth0 gets ${res.offers[0]!.yiaddr} from 10.77.0.1 and would boot from ${BOOT} (option 160).`);
    const t = provkit(client, ['dhcp', 'probe', '--iface', client.dev, '--as', 'toshiba-ip5000', '--wait', '3', '--json']);
    const tr = JSON.parse(t.stdout) as ProbeResult;
    expect(tr.offers[0]).toMatchObject({ bootServer: '10.77.0.7', bootSource: 'option 43' });
    expect(tr.offers[0]!.offered.vlan).toEqual(expect.arrayContaining([{ option: 43, ids: [300] }]));
  });

  it('the socket view (no capture) sees broadcasts and says so', async () => {
    const watcher = seg.add('10.77.0.4/24', '02:00:00:77:00:44');
    const watch = seg.spawn(watcher, process.execPath, [PROVKIT, 'dhcp', 'watch', '--iface', watcher.dev, '--backend', 'socket', '--json', '--seconds', '30']);
    await waitFor('the socket sniffer', () => /watching eth0 \(socket\): UDP sockets only: sees broadcasts/.test(watch.output()), 30_000);
    const r = provkit(client, ['dhcp', 'probe', '--iface', client.dev, '--as', 'spip650', '--mac', '0004f2770042', '--wait', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    await waitFor('the probe DISCOVER', () => watch.output().includes('"chaddr":"00:04:f2:77:00:42"'), 10_000);
    const seen = watch.output().split('\n').filter((l) => l.includes('00:04:f2:77:00:42')).map((l) => JSON.parse(l) as { messageType: string; backend: string; options: Array<{ code: number; value: { model?: string } }> });
    expect(seen[0]).toMatchObject({ messageType: 'DISCOVER', backend: 'socket' });
    expect(seen[0]!.options.find((o) => o.code === 60)!.value.model).toBe('SoundPointIP-SPIP_650');
    await seg.kill(watch);
  });

  it('with two dnsmasq servers, the probe reports both and warns about a rogue server', async () => {
    const rogue = seg.add('10.77.0.2/24', '02:00:00:77:00:09');
    const second = startDnsmasq(rogue, '10.77.0.150,10.77.0.199', 'b');
    await waitFor('the second dnsmasq', () => /sockets bound/.test(second.output()));
    const r = provkit(client, ['dhcp', 'probe', '--iface', client.dev, '--as', 'audiocodes-420hd', '--wait', '3', '--json']);
    expect(r.code).toBe(4);
    const res = JSON.parse(r.stdout) as ProbeResult;
    expect(res.offers.map((o) => o.server).sort()).toEqual(['10.77.0.1', '10.77.0.2']);
    expect(res.warnings[0]).toMatch(/^2 DHCP servers answered \(10\.77\.0\.[12], 10\.77\.0\.[12]\).*rogue/);
    expect(res.verdict).toMatch(/^2 DHCP servers answer on eth0 — a AudioCodes 420HD takes the first/);
    expect(res.diff.find((d) => d.code === 54)).toMatchObject({ same: false });
    await seg.kill(second);
  });

  it('the bench server refuses to start while dnsmasq answers, then leases to udhcpc once it is gone', async () => {
    const data = mkdtempSync(join(tmp, 'bench-'));
    const laptop = seg.add('10.77.0.3/24', '02:00:00:77:00:33');
    const args = ['dhcp', 'serve', '--iface', laptop.dev, '--pool', '10.77.0.120-10.77.0.129', '--boot-url', BOOT, '--data', data];
    const refused = provkit(laptop, args);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/refusing to start: Another DHCP server answers on eth0: 10\.77\.0\.1 \(MAC 02:00:00:77:00:01\) answered Polycom VVX 400 \(0004f2[0-9a-f]{6}\) with the broadcast flag on and off/);
    await seg.kill(dnsmasq);
    const bench = seg.spawn(laptop, process.execPath, [PROVKIT, ...args]);
    await waitFor('the bench server to listen', () => /bench DHCP server listening on eth0/.test(bench.output()), 30_000);
    const phone = seg.add(undefined, '00:04:f2:77:00:05');
    const script = join(tmp, 'udhcpc.sh');
    writeFileSync(script, '#!/bin/sh\n[ "$1" = bound ] && echo "BOUND ip=$ip subnet=$subnet"\nexit 0\n', { mode: 0o755 });
    const u = execFileSync('ip', ['netns', 'exec', phone.ns, 'busybox', 'udhcpc', '-i', phone.dev, '-f', '-q', '-n', '-t', '5', '-T', '2', '-s', script], { encoding: 'utf8', timeout: 30_000 });
    expect(u).toMatch(/BOUND ip=10\.77\.0\.12\d subnet=255\.255\.255\.0/);
    // Not allow-listed: no answer.
    const stranger = seg.add(undefined, '02:11:22:33:44:55');
    expect(() => execFileSync('ip', ['netns', 'exec', stranger.ns, 'busybox', 'udhcpc', '-i', stranger.dev, '-f', '-q', '-n', '-t', '2', '-T', '1', '-s', script], { encoding: 'utf8', timeout: 20_000, stdio: 'pipe' })).toThrow();
    await seg.kill(bench);
    const leases = JSON.parse(readFileSync(join(data, 'dhcp-leases.json'), 'utf8')) as Array<{ mac: string; ip: string }>;
    expect(leases).toEqual([expect.objectContaining({ mac: '0004f2770005', ip: u.match(/ip=(\S+)/)![1] })]);
  });
});
