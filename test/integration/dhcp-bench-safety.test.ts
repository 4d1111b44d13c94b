/**
 * The bench DHCP server's safety, with real peers in network namespaces this test creates (root):
 * a dnsmasq that answers only Polycom vendor classes (a common voice-VLAN setup) makes
 * `provkit dhcp serve` and the DHCP page's start (DhcpService) refuse; a server appearing after the
 * start stops leasing (CLI by its repeated probe, the service by the OFFER it hears); on a laptop
 * with two network cards, a DISCOVER on the other card is never answered (tshark on both
 * segments), and without packet capture such a laptop refuses to serve. Last, the whole engine's
 * bench server leases to udhcpc and a request from that address with no MAC is attributed by lease.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Segment, waitFor, type Member } from '../helpers/netns';
import { REPO } from '../helpers/serve';
import { benchStates, dhcpPeersMissing, PROVKIT, provkitIn, startDnsmasq, startServiceChild, startTshark, stopTsharkWhen, udhcpcOnce, udhcpcScript } from '../helpers/dhcp-netns-peers';

const why = dhcpPeersMissing();
const tmp = mkdtempSync(join(tmpdir(), 'pk-dhcp-safety-'));
const SCOPED = ['--dhcp-vendorclass=set:poly,Polycom', '--dhcp-ignore=tag:!poly'];

let seg: Segment;
let office: Segment;
let server: Member;
let laptop: Member;
let script: string;

beforeAll(() => {
  if (why) return;
  // A hub (no MAC learning): the watcher sees unicast answers too.
  seg = new Segment('ds', { hub: true });
  server = seg.add('10.79.0.1/24', '02:00:00:79:00:01');
  laptop = seg.add('10.79.0.3/24', '02:00:00:79:00:03');
  script = udhcpcScript(tmp);
});
afterAll(async () => {
  await office?.destroy();
  await seg?.destroy();
});

describe.skipIf(Boolean(why))(`bench DHCP safety with real peers${why ? ` — skipped: ${why}` : ''}`, () => {
  it('a dnsmasq answering only Polycom vendor classes makes `dhcp serve` and the DHCP page refuse', async () => {
    const dnsmasq = await startDnsmasq(seg, server, tmp, '10.79.0.50,10.79.0.99', SCOPED);
    // What the old safety probe sent (a non-phone vendor class) gets no answer from this server.
    const generic = provkitIn(laptop, ['dhcp', 'probe', '--iface', 'eth0', '--as', 'custom', '--vendor-class', 'ProvKit safety probe', '--wait', '2']);
    expect(generic.code, generic.stdout + generic.stderr).toBe(3);
    const data = mkdtempSync(join(tmp, 'cli-'));
    const r = provkitIn(laptop, ['dhcp', 'serve', '--iface', 'eth0', '--pool', '10.79.0.120-10.79.0.129', '--safety-wait', '2', '--data', data]);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toMatch(/refusing to start: Another DHCP server answers on eth0: 10\.79\.0\.1 \(MAC 02:00:00:79:00:01\) answered Polycom VVX 400 \(0004f2[0-9a-f]{6}\) with the broadcast flag on and off/);
    expect(r.stderr).not.toMatch(/AudioCodes|Yealink/);
    const svc = startServiceChild(seg, laptop, mkdtempSync(join(tmp, 'svc-')), { iface: 'eth0', poolStart: '10.79.0.120', poolEnd: '10.79.0.129', bootUrl: 'http://10.79.0.3/' });
    await waitFor('the service to refuse', () => benchStates(svc.output()).some((s) => s.state !== 'stopped'), 60_000);
    const st = benchStates(svc.output()).find((s) => s.state !== 'stopped')!;
    expect(st.state, svc.output()).toBe('refused');
    expect(st.otherServers).toEqual([expect.stringMatching(/^10\.79\.0\.1 \(MAC 02:00:00:79:00:01\) answered Polycom VVX 400/)]);
    await seg.kill(svc);
    await seg.kill(dnsmasq);
  }, 180_000);

  it('`dhcp serve` stops leasing when a server appears after the start (repeated safety probe)', async () => {
    const data = mkdtempSync(join(tmp, 'cli2-'));
    const bench = seg.spawn(laptop, process.execPath, [PROVKIT, 'dhcp', 'serve', '--iface', 'eth0', '--pool', '10.79.0.120-10.79.0.129', '--recheck', '2', '--safety-wait', '1', '--data', data]);
    const exited = new Promise<string>((resolve) => bench.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)));
    await waitFor('the bench server to listen', () => /bench DHCP server listening on eth0/.test(bench.output()), 60_000);
    const phone = seg.add(undefined, '00:04:f2:79:00:05');
    expect(udhcpcOnce(phone, script)).toMatch(/bound ip=10\.79\.0\.12\d serverid=10\.79\.0\.3/);
    const dnsmasq = await startDnsmasq(seg, server, tmp, '10.79.0.50,10.79.0.99', SCOPED);
    try {
      // How it ended ("signal SIGSEGV" would be a crash of the process, not a refusal).
      expect(await exited, bench.output()).toBe('code 3');
      expect(bench.output()).toMatch(/Stopped leasing at \d\d:\d\d:\d\d UTC: another DHCP server (answers: )?10\.79\.0\.1 \(MAC 02:00:00:79:00:01\)/);
    } finally {
      // Stopped whatever happened above, so the next tests do not meet this server.
      await seg.kill(dnsmasq);
    }
  }, 180_000);

  it('the DHCP page\'s server stops leasing when it hears another server\'s OFFER', async () => {
    const svc = startServiceChild(seg, laptop, mkdtempSync(join(tmp, 'svc2-')), { iface: 'eth0', poolStart: '10.79.0.130', poolEnd: '10.79.0.139', bootUrl: 'http://10.79.0.3/' });
    await waitFor('the service to run', () => benchStates(svc.output()).some((s) => s.state === 'running'), 60_000);
    const dnsmasq = await startDnsmasq(seg, server, tmp, '10.79.0.50,10.79.0.99');
    const phone = seg.add(undefined, '00:04:f2:79:00:06');
    try {
      // With the broadcast flag (-B) dnsmasq broadcasts its OFFER; unicast answers to another
      // port of a switch are not seen by anyone else, which the repeated safety probe covers.
      udhcpcOnce(phone, script, 2, ['-B']);
    } catch {
      /* whichever answers: the point is what the bench server does */
    }
    await waitFor('the service to stop leasing', () => benchStates(svc.output()).some((s) => s.state === 'refused'), 30_000);
    expect(benchStates(svc.output()).at(-1)!.message).toMatch(/^Stopped leasing at .*another DHCP server 10\.79\.0\.1 \(MAC 02:00:00:79:00:01\) sent a (OFFER|ACK) to 00:04:f2:79:00:06/);
    await seg.kill(svc);
    await seg.kill(dnsmasq);
  }, 180_000);

  it('on a laptop with two network cards, a DISCOVER on the other card is never answered (tshark on both)', async () => {
    office = new Segment('do');
    office.add('10.80.0.3/24', '02:00:00:80:00:03', { ns: laptop.ns, dev: 'eth1' });
    const officePhone = office.add(undefined, '00:04:f2:80:00:07');
    const benchWatch = seg.add(undefined, '02:00:00:79:00:44');
    const fa = join(tmp, 'bench-seg.pcapng');
    const fb = join(tmp, 'office-seg.pcapng');
    const ta = await startTshark(seg, benchWatch, 'eth0', fa);
    const tb = await startTshark(office, officePhone, 'eth0', fb);
    const data = mkdtempSync(join(tmp, 'nic-'));
    const bench = seg.spawn(laptop, process.execPath, [PROVKIT, 'dhcp', 'serve', '--iface', 'eth0', '--pool', '10.79.0.140-10.79.0.149', '--recheck', '0', '--safety-wait', '1', '--data', data]);
    await waitFor('the bench server to listen', () => /bench DHCP server listening on eth0 .*packet capture: this interface only/.test(bench.output()), 60_000);
    expect(() => udhcpcOnce(officePhone, script, 3)).toThrow();
    const benchPhone = seg.add(undefined, '00:04:f2:79:00:08');
    expect(udhcpcOnce(benchPhone, script)).toMatch(/bound ip=10\.79\.0\.14\d/);
    await seg.kill(bench);
    const onBench = await stopTsharkWhen(seg, ta, fa, (f) => f.some((x) => x.type === 5 && x.chaddr === '00:04:f2:79:00:08'));
    const onOffice = await stopTsharkWhen(office, tb, fb, (f) => f.filter((x) => x.type === 1).length >= 3);
    expect(onOffice.filter((f) => f.type === 1 && f.chaddr === '00:04:f2:80:00:07').length).toBeGreaterThanOrEqual(3);
    expect(onOffice.filter((f) => f.type !== 1 && f.type !== 3)).toEqual([]);
    expect(onBench.filter((f) => f.chaddr === '00:04:f2:80:00:07')).toEqual([]);
    expect(onBench.filter((f) => f.type === 2 && f.chaddr === '00:04:f2:79:00:08')).toHaveLength(1);
    expect(bench.output()).not.toMatch(/00:04:f2:80:00:07/);
  }, 180_000);

  it('without packet capture, a laptop with two network cards refuses to serve unless forced', () => {
    const r = provkitIn(laptop, ['dhcp', 'serve', '--iface', 'eth0', '--pool', '10.79.0.140-10.79.0.149', '--backend', 'socket', '--safety-wait', '1', '--data', mkdtempSync(join(tmp, 'sock-'))]);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toMatch(/Packet capture is not available, so ProvKit cannot tell which network card a DISCOVER arrives on, and this computer has 2 \(eth0, eth1\)/);
  }, 120_000);
});

describe.skipIf(Boolean(why))(`lease attribution with real peers${why ? ` — skipped: ${why}` : ''}`, () => {
  it("a request with no MAC from an address the engine leased is attributed by that lease; the phone's DHCP messages are kept", async () => {
    const lab = new Segment('dl');
    try {
      const host = lab.add('10.86.0.3/24', '02:00:00:86:00:03');
      const phone = lab.add(undefined, '00:04:f2:86:00:05');
      const eng = lab.spawn(host, process.execPath, ['--import', 'tsx', join(REPO, 'test', 'helpers', 'dhcp-engine-child.ts'), mkdtempSync(join(tmp, 'engine-')), '10.86.0.100', '10.86.0.110']);
      await waitFor('the engine bench server', () => /BENCH /.test(eng.output()), 60_000);
      expect(eng.output()).toMatch(/BENCH \{"state":"running"/);
      const bound = join(tmp, 'lease.sh');
      writeFileSync(bound, '#!/bin/sh\n[ "$1" = bound ] && ip addr add $ip/24 dev $interface && echo "bound ip=$ip"\nexit 0\n', { mode: 0o755 });
      const ip = /bound ip=(\S+)/.exec(udhcpcOnce(phone, bound))![1]!;
      try {
        execFileSync('ip', ['netns', 'exec', phone.ns, 'busybox', 'wget', '-q', '-O', '/dev/null', '-U', 'test-client', 'http://10.86.0.3:8080/phone-settings.cfg'], { timeout: 30_000, stdio: 'pipe' });
      } catch {
        /* 404: the request is recorded all the same */
      }
      await waitFor('the request to be recorded', () => /DHCP /.test(eng.output()), 30_000);
      const req = JSON.parse(/REQUEST (.*)/.exec(eng.output())![1]!) as { client: string; path: string; phone: { mac?: string; macSource?: string } };
      expect(req).toMatchObject({ client: ip, path: '/phone-settings.cfg', phone: { mac: '0004f2860005', macSource: 'dhcp-lease' } });
      expect(JSON.parse(/DHCP (.*)/.exec(eng.output())![1]!)).toEqual(expect.arrayContaining(['DISCOVER', 'OFFER', 'REQUEST', 'ACK']));
    } finally {
      await lab.destroy();
    }
  }, 180_000);
});
