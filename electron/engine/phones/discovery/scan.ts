/**
 * Subnet scan for phone web servers: every address of an IPv4 CIDR the technician typed, on the
 * web ports (80 and 443 by default), with bounded concurrency and a short connect timeout; each
 * open port is checked for HTTP or HTTPS. Only the addresses asked for are contacted.
 */
import { Socket } from 'node:net';
import { PhoneHttp } from '../http/phone-http';

/** Thrown for a CIDR that cannot be scanned (malformed, IPv6, too large). */
export class CidrError extends Error {
  readonly code = 'BAD_CIDR';
  readonly fix = 'Type an IPv4 subnet like 192.168.1.0/24 (at most 4,096 addresses, i.e. /20 or smaller).';
  constructor(message: string) {
    super(message);
    this.name = 'CidrError';
  }
}

function toInt(ip: string): number | undefined {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return undefined;
  return ((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!;
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * The host addresses of an IPv4 CIDR (without network and broadcast addresses for /30 and wider;
 * a bare address means /32).
 * @param max largest number of addresses accepted (default 4,096)
 * @throws CidrError when malformed or larger than `max`
 */
export function expandCidr(cidr: string, max = 4096): string[] {
  const m = /^\s*([\d.]+)(?:\/(\d{1,2}))?\s*$/.exec(cidr);
  const base = m ? toInt(m[1]!) : undefined;
  const bits = m?.[2] !== undefined ? Number(m[2]) : 32;
  if (!m || base === undefined || bits > 32) throw new CidrError(`"${cidr}" is not an IPv4 subnet`);
  const size = 2 ** (32 - bits);
  if (size > max) throw new CidrError(`${cidr} has ${size} addresses; ProvKit scans at most ${max} at once`);
  const network = bits === 0 ? 0 : (base & ((0xffffffff << (32 - bits)) >>> 0)) >>> 0;
  const first = size > 2 ? network + 1 : network;
  const last = size > 2 ? network + size - 2 : network + size - 1;
  const out: string[] = [];
  for (let n = first; n <= last; n++) out.push(toIp(n >>> 0));
  return out;
}

/**
 * Is a TCP port open?
 * @param timeoutMs connect timeout
 */
export function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.connect(port, host);
  });
}

/** A web server found by the scan. */
export interface ScanHit {
  host: string;
  port: number;
  https: boolean;
}

/** Options of a scan. */
export interface ScanOptions {
  ports?: number[];
  /** Connections at once (default 32). */
  concurrency?: number;
  /** Connect timeout, ms (default 800). */
  connectTimeoutMs?: number;
  /** After every address×port probed. */
  onProgress?: (done: number, total: number, hit?: ScanHit) => void;
  signal?: AbortSignal;
}

/** Does the port speak HTTP, or HTTPS? (443/8443 are tried as HTTPS first.) */
async function scheme(host: string, port: number): Promise<boolean | undefined> {
  const order = port === 443 || port === 8443 ? [true, false] : [false, true];
  for (const https of order) {
    const http = new PhoneHttp({ host, port, https }, 2500);
    try {
      await http.request({ method: 'GET', path: '/' });
      return https;
    } catch {
      // try the other
    } finally {
      http.close();
    }
  }
  return undefined;
}

/**
 * Scan addresses for web servers.
 * @returns the open web ports, in address order
 */
export async function scanWeb(addresses: string[], opts: ScanOptions = {}): Promise<ScanHit[]> {
  const ports = opts.ports?.length ? opts.ports : [80, 443];
  const jobs = addresses.flatMap((host) => ports.map((port) => ({ host, port })));
  const hits: ScanHit[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length && !opts.signal?.aborted) {
      const job = jobs[next++]!;
      let hit: ScanHit | undefined;
      if (await tcpOpen(job.host, job.port, opts.connectTimeoutMs ?? 800)) {
        const https = await scheme(job.host, job.port);
        if (https !== undefined) hit = { ...job, https };
      }
      if (hit) hits.push(hit);
      opts.onProgress?.(++done, jobs.length, hit);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 32, jobs.length) }, worker));
  const order = (h: ScanHit) => (toInt(h.host) ?? 0) * 65536 + h.port;
  return hits.sort((a, b) => order(a) - order(b));
}
