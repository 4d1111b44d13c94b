/**
 * Test helper for DHCP tests in network namespaces: which peers are missing, `provkit` inside a
 * namespace (synchronously, or as a long-running child), a dnsmasq started there, a tshark capture
 * of one namespace's interface, busybox udhcpc, and the engine's DhcpService child.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCapture } from '../../electron/engine/dhcp/capture-backend';
import { netnsUnavailable, waitFor, type Member, type Segment } from './netns';
import { REPO } from './serve';
import { tsharkDelivery, type TsharkDelivery } from './tshark-dhcp';

/** The provkit launcher. */
export const PROVKIT = join(REPO, 'bin', 'provkit.mjs');

/** Why these tests cannot run here, or undefined. */
export function dhcpPeersMissing(extra: string[] = []): string | undefined {
  const missing = ['dnsmasq', 'busybox', 'tshark', ...extra].filter((c) => {
    try {
      execFileSync('sh', ['-c', `command -v ${c}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  const capture = loadCapture().mod ? undefined : 'packet capture (npm package cap, built against libpcap-dev) is not available (see .ci/run)';
  return netnsUnavailable() ?? (missing.length ? `${missing.join(', ')} not installed (see .ci/run)` : capture);
}

/** Run provkit in a namespace and wait for it. */
export function provkitIn(m: Member, args: string[], timeoutMs = 60_000): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('ip', ['netns', 'exec', m.ns, process.execPath, PROVKIT, ...args], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PROVKIT_LOG_LEVEL: 'warn' } });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

/** dnsmasq serving `range` on the member's interface; `extra` flags appended. Waits until it listens. */
export async function startDnsmasq(seg: Segment, m: Member, dir: string, range: string, extra: string[] = []): Promise<ReturnType<Segment['spawn']>> {
  const d = mkdtempSync(join(dir, 'dnsmasq-'));
  const p = seg.spawn(m, 'dnsmasq', ['--no-daemon', '--conf-file=/dev/null', '--pid-file=', '--port=0', `--interface=${m.dev}`, '--bind-interfaces', '--no-ping', `--dhcp-range=${range},255.255.255.0,1h`, `--dhcp-leasefile=${join(d, 'leases')}`, '--log-facility=-', '--log-dhcp', ...extra]);
  await waitFor('dnsmasq to start', () => /sockets bound/.test(p.output()));
  return p;
}

/** A tshark capture of DHCP (and ARP) on one interface of a namespace, written to `file`. */
export async function startTshark(seg: Segment, m: Member, dev: string, file: string): Promise<ReturnType<Segment['spawn']>> {
  const p = seg.spawn(m, 'tshark', ['-n', '-i', dev, '-f', 'udp port 67 or udp port 68', '-w', file]);
  await waitFor(`tshark on ${dev}`, () => /Capturing on/.test(p.output()), 30_000);
  return p;
}

/**
 * Stop a tshark capture once what it wrote satisfies `done` (polled: tshark writes as packets come),
 * or after `timeoutMs`; the caller's assertions then judge what is in the file.
 */
export async function stopTsharkWhen(seg: Segment, t: ReturnType<Segment['spawn']>, file: string, done: (frames: TsharkDelivery[]) => boolean, timeoutMs = 10_000): Promise<TsharkDelivery[]> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    const frames = await tsharkDelivery(file).catch(() => []);
    if (done(frames)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await seg.kill(t);
  return tsharkDelivery(file);
}

/** A udhcpc script printing `BOUND ip=… serverid=…`. */
export function udhcpcScript(dir: string): string {
  const script = join(dir, 'udhcpc.sh');
  writeFileSync(script, '#!/bin/sh\n[ "$1" = bound -o "$1" = renew ] && echo "$1 ip=$ip serverid=$serverid router=$router"\nexit 0\n', { mode: 0o755 });
  return script;
}

/** One udhcpc run to a lease (or a thrown error when none comes). */
export function udhcpcOnce(m: Member, script: string, tries = 5, extra: string[] = []): string {
  return execFileSync('ip', ['netns', 'exec', m.ns, 'busybox', 'udhcpc', '-i', m.dev, '-f', '-q', '-n', '-t', String(tries), '-T', '2', '-s', script, ...extra], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The engine's DHCP service (the DHCP page's start) in a namespace; prints `BENCH {json}` lines. */
export function startServiceChild(seg: Segment, m: Member, dataDir: string, bench: Record<string, unknown>): ReturnType<Segment['spawn']> {
  return seg.spawn(m, process.execPath, ['--import', 'tsx', join(REPO, 'test', 'helpers', 'dhcp-service-child.ts'), dataDir, JSON.stringify(bench)], { ...process.env, PROVKIT_LOG_LEVEL: 'warn' });
}

/** The `BENCH` statuses a service child printed. */
export function benchStates(out: string): Array<{ state: string; message?: string; otherServers: string[] }> {
  return out
    .split('\n')
    .filter((l) => l.startsWith('BENCH '))
    .map((l) => JSON.parse(l.slice(6)) as { state: string; message?: string; otherServers: string[] });
}
