/**
 * "Is this address already taken?" before the bench server offers it (RFC 2131 §2.2: the server
 * SHOULD probe the address, e.g. with ICMP echo, before allocating it). On the server's own subnet
 * it asks with ARP through packet capture (RFC 5227 §2.1.1 probe: sender address 0.0.0.0, so no
 * neighbour learns a wrong mapping; hosts that drop ping still answer ARP). Elsewhere (relay pools)
 * or without capture it runs the system `ping` once (`ping -c 1 -W 1`), the documented fallback
 * since Node has no raw ICMP. When neither can run, the answer is `undefined`: not checked.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { platform } from 'node:os';
import { loadCapture, startRawCapture } from './capture-backend';
import { arpRequest, parseArp } from './frames';
import { inSubnet, type Ipv4Interface } from './interfaces';

/** How the check was made and what it found. */
export interface InUseResult {
  /** true = something answered; false = nothing answered; undefined = could not check. */
  inUse: boolean | undefined;
  /** `arp` or `ping`, or why it could not check. */
  how: string;
  /** The MAC that answered ARP, when it did. */
  mac?: string;
}

function arpCheck(iface: Ipv4Interface, ip: string, timeoutMs: number): Promise<InUseResult> {
  return new Promise((resolve) => {
    let done = false;
    let handle: ReturnType<typeof startRawCapture> | undefined;
    const finish = (r: InUseResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      handle?.close();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ inUse: false, how: 'arp' }), timeoutMs);
    try {
      handle = startRawCapture(iface.name, 'arp', (_link, frame) => {
        const a = parseArp(frame);
        if (a && a.op === 2 && a.senderIp === ip) finish({ inUse: true, how: 'arp', mac: a.senderMac });
      });
      handle.send(arpRequest(iface.mac!, '0.0.0.0', ip));
    } catch (err) {
      finish({ inUse: undefined, how: `ARP failed: ${(err as Error).message}` });
    }
  });
}

function pingCheck(ip: string, timeoutMs: number): Promise<InUseResult> {
  const win = platform() === 'win32';
  const args = win ? ['-n', '1', '-w', String(timeoutMs), ip] : ['-c', '1', '-W', String(Math.max(1, Math.ceil(timeoutMs / 1000))), ip];
  return new Promise((resolve) => {
    execFile('ping', args, { timeout: timeoutMs + 2000 }, (err) => {
      const code = (err as (NodeJS.ErrnoException & { code?: unknown }) | null)?.code;
      if (code === 'ENOENT') return resolve({ inUse: undefined, how: 'no ping command (install iputils-ping) and no packet capture' });
      resolve({ inUse: !err, how: 'ping' });
    });
  });
}

/**
 * Check whether an address answers.
 * @param iface the server's interface (its MAC is needed for ARP)
 * @param ip the candidate address
 * @param timeoutMs how long to wait for an answer (default 500 ms)
 * @returns the result; never throws
 */
export async function addressInUse(iface: Ipv4Interface, ip: string, timeoutMs = 500): Promise<InUseResult> {
  if (iface.mac && iface.address && inSubnet(ip, iface.address, iface.netmask) && loadCapture().mod) return arpCheck(iface, ip, timeoutMs);
  return pingCheck(ip, timeoutMs);
}

/** Whether the system `ping` command is on the PATH (Windows always has one). */
function hasPing(): boolean {
  if (platform() === 'win32') return true;
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, 'ping')));
}

/**
 * How addresses of each kind of pool will be checked before they are offered, for the bench status.
 * @param relayPools whether relay pools (other subnets, checked by ping) are configured
 * @returns a sentence when some addresses cannot be checked ("not verified"), else undefined
 */
export function inUseCheckGap(iface: Ipv4Interface, relayPools: boolean): string | undefined {
  const arp = Boolean(iface.mac && loadCapture().mod);
  const ping = hasPing();
  const gaps = [!arp && !ping ? 'its own subnet' : undefined, relayPools && !ping ? 'the relay pools' : undefined].filter(Boolean);
  return gaps.length ? `Addresses of ${gaps.join(' and ')} are not checked free before they are offered (no packet capture for ARP${ping ? '' : ', no ping command'}): not verified.` : undefined;
}
