/**
 * The bench DHCP server against RFC 2131 §4.1 (delivery), §4.3 (REQUEST states, NAK, relays) and
 * §2.2 (address in use), and its settings checks — with real clients (ISC dhclient, busybox
 * udhcpc) in network namespaces this test creates (root), every field read by tshark on a third
 * namespace of a hub segment: destination MAC/address/port, flags, ciaddr, yiaddr, siaddr, giaddr.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processState, Segment, sh, waitFor, type Member } from '../helpers/netns';
import { dhcpPeersMissing, PROVKIT, provkitIn, startServiceChild, startTshark, stopTsharkWhen, udhcpcOnce, udhcpcScript } from '../helpers/dhcp-netns-peers';
import type { TsharkDelivery } from '../helpers/tshark-dhcp';
import { REPO } from '../helpers/serve';

const why = dhcpPeersMissing(['dhclient']);
const tmp = mkdtempSync(join(tmpdir(), 'pk-dhcp-rfc-'));
const OFFER = 2;
const ACK = 5;
const NAK = 6;

let seg: Segment;
let laptop: Member;
let watcher: Member;
let bench: ReturnType<Segment['spawn']>;
let script: string;

/** Capture on the watcher while `fn` runs, until `done` holds for what tshark wrote; returns it. */
async function captured(name: string, fn: () => Promise<void> | void, done: (frames: TsharkDelivery[]) => boolean): Promise<TsharkDelivery[]> {
  const file = join(tmp, `${name}.pcapng`);
  const t = await startTshark(seg, watcher, 'eth0', file);
  await fn();
  return stopTsharkWhen(seg, t, file, done);
}

/** Send a crafted client message from a namespace (test/helpers/dhcp-send-child.ts). */
function sendFrom(m: Member, msg: Record<string, unknown>): string {
  return execFileSync('ip', ['netns', 'exec', m.ns, process.execPath, '--import', 'tsx', join(REPO, 'test', 'helpers', 'dhcp-send-child.ts'), JSON.stringify({ waitMs: 2000, ...msg })], { encoding: 'utf8', timeout: 30_000, cwd: REPO });
}

beforeAll(async () => {
  if (why) return;
  seg = new Segment('dr', { hub: true });
  laptop = seg.add('10.82.0.3/24', '02:00:00:82:00:03');
  watcher = seg.add(undefined, '02:00:00:82:00:44');
  script = udhcpcScript(tmp);
  // A host already using the pool's first address (RFC 2131 §2.2): it must be skipped.
  seg.add('10.82.0.120/24', '02:00:00:82:01:20');
  bench = seg.spawn(laptop, process.execPath, [PROVKIT, 'dhcp', 'serve', '--iface', 'eth0', '--pool', '10.82.0.120-10.82.0.139', '--relay-pool', '10.83.0.100-10.83.0.150', '--router', '10.82.0.1', '--lease', '600', '--recheck', '0', '--safety-wait', '1', '--boot-url', 'http://10.82.0.3/', '--data', mkdtempSync(join(tmp, 'bench-'))]);
  await waitFor('the bench server to listen', () => /bench DHCP server listening on eth0/.test(bench.output()), 60_000);
}, 120_000);
afterAll(async () => {
  if (process.env.PK_DEBUG) process.stderr.write(`bench output:\n${bench?.output()}\n`);
  await seg?.destroy();
});

describe.skipIf(Boolean(why))(`bench DHCP server and RFC 2131 with real clients${why ? ` — skipped: ${why}` : ''}`, () => {
  it('dhclient (broadcast flag 0): OFFER and ACK unicast to yiaddr at chaddr, Table 3 fields; the address in use is skipped', async () => {
    const phone = seg.add(undefined, '00:04:f2:82:00:05');
    const frames = await captured('dhclient', () => {
      execFileSync('ip', ['netns', 'exec', phone.ns, 'dhclient', '-4', '-1', '-v', '-cf', '/dev/null', '-lf', join(tmp, 'dh.leases'), '-pf', join(tmp, 'dh.pid'), '-sf', '/bin/true', phone.dev], { timeout: 60_000, stdio: 'pipe' });
      execFileSync('ip', ['netns', 'exec', phone.ns, 'dhclient', '-x', '-pf', join(tmp, 'dh.pid')], { timeout: 30_000, stdio: 'pipe' });
    }, (f) => f.some((x) => x.type === ACK && x.chaddr === '00:04:f2:82:00:05'));
    const offer = frames.find((f) => f.type === OFFER && f.chaddr === '00:04:f2:82:00:05')!;
    const ack = frames.find((f) => f.type === ACK && f.chaddr === '00:04:f2:82:00:05')!;
    expect(offer).toMatchObject({ ethDst: '00:04:f2:82:00:05', ipSrc: '10.82.0.3', ipDst: '10.82.0.121', dstPort: 68, broadcastFlag: false, ciaddr: '0.0.0.0', yiaddr: '10.82.0.121', siaddr: '10.82.0.3', giaddr: '0.0.0.0' });
    expect(ack).toMatchObject({ ethDst: '00:04:f2:82:00:05', ipDst: '10.82.0.121', dstPort: 68, broadcastFlag: false, yiaddr: '10.82.0.121', siaddr: '10.82.0.3' });
    expect(bench.output()).toMatch(/10\.82\.0\.120 answers ARP from 02:00:00:82:01:20: skipped/);
  });

  it('udhcpc -B (broadcast flag 1): OFFER and ACK broadcast; a renewal is unicast to ciaddr with ciaddr copied', async () => {
    const phone = seg.add(undefined, '00:04:f2:82:00:06');
    const renewScript = join(tmp, 'udhcpc-renew.sh');
    writeFileSync(renewScript, '#!/bin/sh\ncase "$1" in bound) ip addr add $ip/24 dev $interface; echo "bound ip=$ip";; renew) echo "renew ip=$ip";; esac\nexit 0\n', { mode: 0o755 });
    let out = '';
    const frames = await captured('udhcpc', async () => {
      const u = seg.spawn(phone, 'busybox', ['udhcpc', '-i', phone.dev, '-f', '-B', '-t', '5', '-T', '2', '-s', renewScript]);
      await waitFor('udhcpc bound', () => /bound ip=/.test(u.output()), 30_000);
      u.kill('SIGUSR1'); // renew now: RENEWING state, unicast REQUEST with ciaddr
      await waitFor('udhcpc renewed', () => /renew ip=/.test(u.output()), 30_000);
      out = u.output();
      await seg.kill(u);
    }, (f) => f.filter((x) => x.type === ACK && x.chaddr === '00:04:f2:82:00:06').length >= 2);
    const ip = /bound ip=(\S+)/.exec(out)![1]!;
    const mine = frames.filter((f) => f.chaddr === '00:04:f2:82:00:06');
    expect(mine.find((f) => f.type === OFFER)).toMatchObject({ ethDst: 'ff:ff:ff:ff:ff:ff', ipDst: '255.255.255.255', dstPort: 68, broadcastFlag: true, ciaddr: '0.0.0.0', yiaddr: ip });
    const acks = mine.filter((f) => f.type === ACK);
    expect(acks[0]).toMatchObject({ ipDst: '255.255.255.255', ciaddr: '0.0.0.0', yiaddr: ip });
    const renewReq = mine.filter((f) => f.type === 3).at(-1)!;
    expect(renewReq).toMatchObject({ ipSrc: ip, ipDst: '10.82.0.3', ciaddr: ip });
    expect(acks.at(-1)).toMatchObject({ ethDst: '00:04:f2:82:00:06', ipSrc: '10.82.0.3', ipDst: ip, dstPort: 68, ciaddr: ip, yiaddr: ip });
  });

  it('INIT-REBOOT for an address of another network gets a NAK: broadcast, siaddr and yiaddr 0', async () => {
    const phone = seg.add('10.82.0.77/24', '00:04:f2:82:00:07');
    const frames = await captured('nak', () => void sendFrom(phone, { bind: '10.82.0.77', port: 68, to: '255.255.255.255', toPort: 67, type: 3, mac: '0004f2820007', requested: '10.99.0.5' }), (f) => f.some((x) => x.type === NAK));
    expect(frames.find((f) => f.type === NAK && f.chaddr === '00:04:f2:82:00:07'), bench.output() + JSON.stringify(frames)).toMatchObject({ ethDst: 'ff:ff:ff:ff:ff:ff', ipDst: '255.255.255.255', dstPort: 68, ciaddr: '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0' });
  });

  it('a relayed DISCOVER gets its OFFER at giaddr:67 from the pool of giaddr\'s subnet; an unknown relay subnet is ignored', async () => {
    // A relay agent on 10.82.0.9 for the phones' subnets 10.83.0.0/24 (served) and 10.84.0.0/24 (not).
    const relay = seg.add('10.82.0.9/24', '02:00:00:82:00:09');
    for (const net of ['10.83.0', '10.84.0']) {
      sh('ip', ['-n', relay.ns, 'addr', 'add', `${net}.2/24`, 'dev', 'eth0']);
      sh('ip', ['-n', laptop.ns, 'route', 'add', `${net}.0/24`, 'via', '10.82.0.9']);
    }
    let replies = '';
    const frames = await captured('relay', () => {
      replies = sendFrom(relay, { bind: '10.83.0.2', port: 67, to: '10.82.0.3', toPort: 67, type: 1, mac: '0004f2830008', giaddr: '10.83.0.2' });
      replies += sendFrom(relay, { bind: '10.84.0.2', port: 67, to: '10.82.0.3', toPort: 67, type: 1, mac: '0004f2840009', giaddr: '10.84.0.2', waitMs: 1500 });
    }, (f) => f.some((x) => x.type === OFFER && x.chaddr === '00:04:f2:83:00:08'));
    const offer = frames.find((f) => f.type === OFFER && f.chaddr === '00:04:f2:83:00:08')!;
    expect(offer).toMatchObject({ ipSrc: '10.82.0.3', ipDst: '10.83.0.2', dstPort: 67, giaddr: '10.83.0.2', yiaddr: '10.83.0.100', ciaddr: '0.0.0.0' });
    expect(JSON.parse(replies.split('\n')[0]!)).toMatchObject({ type: 'OFFER', yiaddr: '10.83.0.100', router: ['10.83.0.2'] });
    expect(frames.filter((f) => f.chaddr === '00:04:f2:84:00:09' && f.type !== 1)).toEqual([]);
    expect(bench.output()).toMatch(/relayed by 10\.84\.0\.2 ignored: no relay pool holds that subnet/);
  });

  it('bad pools and leases are refused with the field named (CLI and the DHCP page\'s settings)', async () => {
    const data = mkdtempSync(join(tmp, 'bad-'));
    const serve = (extra: string[]) => provkitIn(laptop, ['dhcp', 'serve', '--iface', 'eth0', '--recheck', '0', '--data', data, ...extra]);
    const own = serve(['--pool', '10.82.0.2-10.82.0.10']);
    expect(own.code).toBe(2);
    expect(own.stderr).toMatch(/--pool: the pool 10\.82\.0\.2-10\.82\.0\.10 holds the server's own address 10\.82\.0\.3/);
    expect(serve(['--pool', '10.82.1.10-10.82.1.20']).stderr).toMatch(/--pool: 10\.82\.1\.10 is outside the subnet 10\.82\.0\.0\/255\.255\.255\.0/);
    expect(serve(['--pool', '10.82.0.50-10.82.0.40']).stderr).toMatch(/--pool: the pool ends \(10\.82\.0\.40\) before it starts \(10\.82\.0\.50\)/);
    expect(serve(['--pool', '10.82.0.50-10.82.0.60', '--router', '10.82.0.55']).stderr).toMatch(/holds the router 10\.82\.0\.55/);
    const lease = serve(['--pool', '10.82.0.50-10.82.0.60', '--lease', 'abc']);
    expect(lease.code).toBe(2);
    expect(lease.stderr).toMatch(/--lease: "abc" is not a positive whole number of seconds/);
    const svc = startServiceChild(seg, laptop, mkdtempSync(join(tmp, 'svc-')), { iface: 'eth0', poolStart: '10.82.0.2', poolEnd: '10.82.0.10', leaseSeconds: 0 });
    await waitFor('the settings error', () => /CONFIGURE-ERROR/.test(svc.output()), 60_000);
    const err = JSON.parse(/CONFIGURE-ERROR (.*)/.exec(svc.output())![1]!) as { issues: string[] };
    expect(err.issues).toEqual(expect.arrayContaining([expect.stringMatching(/^bench\.leaseSeconds: "0" is not a positive whole number/), expect.stringMatching(/^bench\.poolStart: the pool 10\.82\.0\.2-10\.82\.0\.10 holds the server's own address/)]));
  }, 120_000);

  it('udhcpc leases from the bench server without the broadcast flag too', () => {
    const phone = seg.add(undefined, '00:04:f2:82:00:0b');
    const lease = () => {
      try {
        return udhcpcOnce(phone, script, 8);
      } catch (err) {
        throw new Error(`udhcpc got no lease; bench server said:\n${bench.output()}`, { cause: err });
      }
    };
    expect(lease()).toMatch(/bound ip=10\.82\.0\.1[23]\d serverid=10\.82\.0\.3 router=10\.82\.0\.1/);
  });

  it('options that do not fit 576 bytes go into file and sname (option 52), read back by tshark and udhcpc', async () => {
    const second = seg.add('10.82.0.4/24', '02:00:00:82:00:04');
    const long = `http://10.82.0.4/${'p'.repeat(80)}/`;
    const data = mkdtempSync(join(tmp, 'overload-'));
    const b2 = seg.spawn(second, process.execPath, [PROVKIT, 'dhcp', 'serve', '--iface', 'eth0', '--pool', '10.82.0.200-10.82.0.210', '--allow', '02:00:00:82:0e:0e', '--boot-url', long, '--option-43', '01'.repeat(120), '--force', '--recheck', '0', '--safety-wait', '1', '--data', data]);
    await waitFor('the second bench server', () => /bench DHCP server listening on eth0/.test(b2.output()), 60_000);
    const phone = seg.add(undefined, '02:00:00:82:0e:0e');
    const file = join(tmp, 'overload.pcapng');
    const t = await startTshark(seg, watcher, 'eth0', file);
    const out = udhcpcOnce(phone, script, 5, ['-O', '160', '-O', '66']);
    await stopTsharkWhen(seg, t, file, (f) => f.some((x) => x.type === ACK && x.chaddr === '02:00:00:82:0e:0e'));
    await seg.kill(b2);
    expect(out).toMatch(/bound ip=10\.82\.0\.20\d serverid=10\.82\.0\.4/);
    const r = execFileSync('tshark', ['-n', '-r', file, '-Y', 'dhcp.option.dhcp == 2 && dhcp.hw.mac_addr == 02:00:00:82:0e:0e', '-T', 'fields', '-e', 'dhcp.option.option_overload', '-e', 'dhcp.option.tftp_server_name', '-e', 'frame.len', '-e', 'dhcp.option.type'], { encoding: 'utf8' }).trim().split('\n')[0]!.split('\t');
    expect(Number(r[0])).toBeGreaterThan(0);
    expect(r[1]).toBe(long);
    expect(Number(r[2])).toBeLessThanOrEqual(14 + 576);
    // Options in the order of udhcpc's parameter request list, as tshark reads it in this phone's
    // first DISCOVER or REQUEST (the capture may start just after the DISCOVER on a loaded machine).
    const prl = execFileSync('tshark', ['-n', '-r', file, '-Y', '(dhcp.option.dhcp == 1 || dhcp.option.dhcp == 3) && dhcp.hw.mac_addr == 02:00:00:82:0e:0e', '-T', 'fields', '-e', 'dhcp.option.request_list_item'], { encoding: 'utf8' }).trim().split('\n')[0]!.split(',').map(Number);
    const requested = r[3]!.split(',').map(Number).filter((c) => prl.includes(c));
    expect(requested).toEqual(prl.filter((c) => requested.includes(c)));
    expect(requested).toEqual(expect.arrayContaining([1, 66, 160]));
    // The first bench server (not forced) heard this second server's answers and stopped leasing.
    await waitFor('the first bench server to stop', () => bench.exitCode !== null || bench.signalCode !== null, 30_000).catch((err: Error) => {
      throw new Error(`${err.message}; it said:\n${bench.output()}\n${processState(bench.pid)}`, { cause: err });
    });
    expect({ code: bench.exitCode, signal: bench.signalCode }).toEqual({ code: 3, signal: null });
    expect(bench.output()).toMatch(/Stopped leasing at .*another DHCP server 10\.82\.0\.4 \(MAC 02:00:00:82:00:04\) sent a (OFFER|ACK)/);
  }, 120_000);
});
