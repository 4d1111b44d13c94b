/**
 * The OS neighbour (ARP) table: which MAC answered at which IPv4 address lately — the one reader
 * of it, for discovery and for attributing requests that name no MAC (TFTP has no User-Agent).
 * Linux: `ip neigh show` (iproute2), else `/proc/net/arp`; Windows: `arp -a`; macOS/BSD: `arp -an`.
 * Parsers are pure and tested with real outputs of each tool. An address is in that table only when
 * it is on a directly attached network, so the MAC is the host's own, never a router's.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tryNormalizeMac } from '../../../../shared/mac';

/** One neighbour entry. */
export interface Neighbour {
  address: string;
  /** 12 lowercase hex digits. */
  mac: string;
  iface?: string;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Pad BSD's short octets (`0:4:f2:a:b:c` → `00:04:f2:0a:0b:0c`) before normalising. */
function macFromOctets(raw: string): string | undefined {
  const parts = raw.split(/[:-]/);
  if (parts.length !== 6) return tryNormalizeMac(raw);
  return tryNormalizeMac(parts.map((p) => p.padStart(2, '0')).join(':'));
}

function usable(mac: string | undefined): mac is string {
  return Boolean(mac) && mac !== '000000000000' && mac !== 'ffffffffffff';
}

/**
 * Parse `ip neigh show` (`192.168.1.7 dev eth0 lladdr 00:04:f2:aa:bb:cc REACHABLE`).
 * Entries without `lladdr` (FAILED, INCOMPLETE) and IPv6 are skipped.
 */
export function parseIpNeigh(text: string): Neighbour[] {
  const out: Neighbour[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+dev\s+(\S+).*?\blladdr\s+([0-9a-f:]+)/i.exec(line.trim());
    if (!m || !IPV4.test(m[1]!)) continue;
    const mac = tryNormalizeMac(m[3]);
    if (usable(mac)) out.push({ address: m[1]!, mac, iface: m[2]! });
  }
  return out;
}

/** `ATF_COM` of Linux `include/uapi/linux/if_arp.h`: the entry is complete (has a hardware address). */
const ATF_COM = 0x2;

/**
 * Parse Linux `/proc/net/arp` (header line, then `IP HWtype Flags HWaddress Mask Device`); only
 * complete entries (flag `ATF_COM`) count.
 */
export function parseProcNetArp(text: string): Neighbour[] {
  const out: Neighbour[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !IPV4.test(f[0]!) || (Number.parseInt(f[2]!, 16) & ATF_COM) === 0) continue;
    const mac = tryNormalizeMac(f[3]);
    if (usable(mac)) out.push({ address: f[0]!, mac, iface: f[5]! });
  }
  return out;
}

/**
 * Parse `arp -a` of Windows (`  192.168.1.7   00-04-f2-aa-bb-cc   dynamic`) and of macOS/BSD/
 * Linux net-tools (`? (192.168.1.7) at 0:4:f2:aa:bb:cc on en0 ifscope [ethernet]`).
 */
export function parseArpA(text: string): Neighbour[] {
  const out: Neighbour[] = [];
  let iface: string | undefined;
  for (const line of text.split('\n')) {
    const head = /^Interface:\s+(\S+)/i.exec(line.trim());
    if (head) {
      iface = head[1]!;
      continue;
    }
    const bsd = /\((\d{1,3}(?:\.\d{1,3}){3})\)\s+at\s+([0-9a-f:]+)(?:\s+\[\w+\])?(?:\s+on\s+(\S+))?/i.exec(line);
    const win = /^\s*(\d{1,3}(?:\.\d{1,3}){3})\s+([0-9a-f]{2}(?:-[0-9a-f]{2}){5})\s+\w+/i.exec(line);
    const m = bsd ?? win;
    if (!m) continue;
    const mac = macFromOctets(m[2]!);
    if (usable(mac)) out.push({ address: m[1]!, mac, ...((bsd ? m[3] : iface) ? { iface: (bsd ? m[3] : iface)! } : {}) });
  }
  return out;
}

function run(cmd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 5000, windowsHide: true }, (err, stdout) => resolve(err ? undefined : String(stdout)));
  });
}

/**
 * Read this computer's neighbour table.
 * @param platform `process.platform` (injectable for tests)
 * @returns entries with a usable MAC; empty when no tool is available
 */
export async function readNeighbours(platform: NodeJS.Platform = process.platform): Promise<Neighbour[]> {
  if (platform === 'linux') {
    const ip = await run('ip', ['-4', 'neigh', 'show']);
    if (ip !== undefined) return parseIpNeigh(ip);
    const proc = await readFile('/proc/net/arp', 'utf8').catch(() => undefined);
    if (proc !== undefined) return parseProcNetArp(proc);
  }
  const arp = await run('arp', platform === 'win32' ? ['-a'] : ['-an']);
  return arp ? parseArpA(arp) : [];
}

/** How long one read of the table is reused, ms. */
const LOOKUP_CACHE_MS = 2000;

/**
 * A synchronous lookup over the neighbour table, for a request being served: re-reads the table at
 * most every 2 s. Linux reads `/proc/net/arp` on the spot; other systems run `arp` in the
 * background, so a lookup answers from the previous read (the first one after start-up may miss).
 * @param opts.platform `process.platform` (injectable for tests)
 * @param opts.procFile Linux table file (tests pass their own)
 * @param opts.read the background read on other systems (default {@link readNeighbours})
 * @returns `(ip) => mac | undefined` (12 lowercase hex digits); undefined when the table cannot be read
 */
export function neighbourLookup(
  opts: { platform?: NodeJS.Platform; procFile?: string; read?: () => Promise<Neighbour[]> } = {},
): (ip: string) => string | undefined {
  const platform = opts.platform ?? process.platform;
  let table = new Map<string, string>();
  let readAt = -Infinity;
  let reading = false;
  const fill = (list: Neighbour[]) => (table = new Map(list.map((n) => [n.address, n.mac])));
  return (ip) => {
    const now = Date.now();
    if (now - readAt > LOOKUP_CACHE_MS) {
      readAt = now;
      if (platform === 'linux') {
        try {
          fill(parseProcNetArp(readFileSync(opts.procFile ?? '/proc/net/arp', 'utf8')));
        } catch {
          table = new Map();
        }
      } else if (!reading) {
        reading = true;
        void (opts.read ?? (() => readNeighbours(platform)))()
          .then(fill, () => (table = new Map()))
          .finally(() => (reading = false));
      }
    }
    return table.get(ip);
  };
}
