/**
 * Finding phones: addresses the provisioning servers have seen (request log), addresses DHCP gave
 * phones (when the DHCP sniffer reports them), the OS neighbour table (MACs with a Polycom OUI, docs/sources.md §5), and an optional subnet scan (web ports, OUI filter
 * when the neighbour table knows the MAC); each found web server is identified with getInfo.
 */
import { randomBytes } from 'node:crypto';
import type { PhoneDiscoveryProgress, WebPhone } from '../../../../shared/api-phones';
import type { PhoneEndpoint, PhoneWebInfo } from '../../../../shared/phone-web';
import { toPhoneErrorInfo } from '../phone-errors';
import { readNeighbours, type Neighbour } from './neighbours';
import { expandCidr, scanWeb, type ScanHit } from './scan';

/** Phones identified at once (each is a few HTTP requests). */
const IDENTIFY_AT_ONCE = 8;

/** OUIs of Polycom / Poly (docs/sources.md §5): the phones this client drives. */
export const POLYCOM_OUIS = ['0004f2', '64167f', '482567'];

/** Is this MAC from a Polycom OUI (or named Polycom/Poly by the OUI table)? */
export function isPolycomMac(mac: string, vendorOf?: (mac: string) => string | undefined): boolean {
  return POLYCOM_OUIS.includes(mac.slice(0, 6)) || /^poly(com)?\b/i.test(vendorOf?.(mac) ?? '');
}

/** What discovery needs from the service. */
export interface DiscoveryDeps {
  /** Phones seen by the provisioning servers (`requests`) or DHCP (`dhcp`): MAC and last address. */
  seenPhones(): Array<{ mac: string; address?: string; source?: 'requests' | 'dhcp' }>;
  /** Identify a web endpoint (log in with the site's passwords, getInfo). */
  identify(endpoint: PhoneEndpoint): Promise<{ endpoint: Required<PhoneEndpoint>; info: PhoneWebInfo }>;
  /** Store a found phone; returns the stored row. */
  store(endpoint: Required<PhoneEndpoint>, patch: Partial<WebPhone> & { source: WebPhone['sources'][number] }): WebPhone;
  vendorOf(mac: string): string | undefined;
  progress(p: PhoneDiscoveryProgress): void;
  /** Injectable for tests. */
  neighbours?: () => Promise<Neighbour[]>;
}

/** Options of a discovery run (see shared/api-phones.ts `discoverPhones`). */
export interface DiscoverOptions {
  known?: boolean;
  scan?: { cidr: string; ports?: number[]; ouiFilter?: boolean; concurrency?: number };
  identify?: boolean;
}

interface Candidate {
  host: string;
  port?: number;
  https?: boolean;
  mac?: string;
  source: WebPhone['sources'][number];
}

/**
 * Run discovery.
 * @returns the scan id and the phones found (identified where possible)
 * @throws CidrError for a bad subnet (before anything is contacted)
 */
export async function discover(deps: DiscoveryDeps, opts: DiscoverOptions): Promise<{ scanId: string; phones: WebPhone[] }> {
  const scanId = randomBytes(6).toString('hex');
  const addresses = opts.scan ? expandCidr(opts.scan.cidr) : [];
  const candidates: Candidate[] = [];
  const neighbours = opts.known !== false || opts.scan ? await (deps.neighbours ?? readNeighbours)() : [];
  const macAt = new Map(neighbours.map((n) => [n.address, n.mac]));
  if (opts.known !== false) {
    for (const p of deps.seenPhones()) if (p.address && isPolycomMac(p.mac, deps.vendorOf)) candidates.push({ host: p.address, mac: p.mac, source: p.source ?? 'requests' });
    for (const n of neighbours) if (isPolycomMac(n.mac, deps.vendorOf)) candidates.push({ host: n.address, mac: n.mac, source: 'neighbours' });
  }
  let scanned = 0;
  const total = addresses.length * (opts.scan?.ports?.length || 2);
  const report = (phone?: WebPhone) => deps.progress({ scanId, state: 'running', scanned, total, found: found.length, ...(phone ? { phone } : {}) });
  const found: WebPhone[] = [];
  if (opts.scan) {
    const hits: ScanHit[] = await scanWeb(addresses, {
      ...(opts.scan.ports ? { ports: opts.scan.ports } : {}),
      concurrency: opts.scan.concurrency ?? 32,
      onProgress: (done) => {
        scanned = done;
        if (done % 16 === 0 || done === total) report();
      },
    });
    const fresh = new Map((await (deps.neighbours ?? readNeighbours)()).map((n) => [n.address, n.mac]));
    for (const h of hits) {
      const mac = fresh.get(h.host) ?? macAt.get(h.host);
      if (mac && opts.scan.ouiFilter !== false && !isPolycomMac(mac, deps.vendorOf)) continue;
      candidates.push({ ...h, ...(mac ? { mac } : {}), source: 'scan' });
    }
  }
  // One identification per host and port, several hosts at once; for one host in order (http
  // before https), skipping a MAC already identified.
  const byHost = new Map<string, Candidate[]>();
  for (const c of candidates) byHost.set(c.host, [...(byHost.get(c.host) ?? []), c]);
  const done = new Set<string>();
  const rows = new Map<string, WebPhone[]>();
  const one = async (c: Candidate): Promise<WebPhone | undefined> => {
    const guess: Required<PhoneEndpoint> = { host: c.host, port: c.port ?? 80, https: c.https ?? false };
    const vendor = (mac: string) => ({ mac, vendor: deps.vendorOf(mac) ?? 'Polycom' });
    if (opts.identify === false) return deps.store(guess, { source: c.source, ...(c.mac ? vendor(c.mac) : {}) });
    try {
      const { endpoint, info } = await deps.identify({ host: c.host, ...(c.port ? { port: c.port } : {}), ...(c.https !== undefined ? { https: c.https } : {}) });
      if (info.mac) done.add(info.mac);
      return deps.store(endpoint, { source: c.source, info, ...(info.mac ? vendor(info.mac) : {}) });
    } catch (err) {
      const info = toPhoneErrorInfo(err);
      if (c.source === 'scan' && info.code === 'NOT_A_POLYCOM') return undefined; // another device's web page
      return deps.store(guess, { source: c.source, error: info, ...(c.mac ? vendor(c.mac) : {}) });
    }
  };
  const hosts = [...byHost.keys()];
  let next = 0;
  const worker = async () => {
    while (next < hosts.length) {
      const host = hosts[next++]!;
      const seen = new Set<string>();
      for (const c of byHost.get(host)!) {
        const key = `${c.port ?? ''}:${c.https ?? ''}`;
        if (seen.has(key) || (c.mac && done.has(c.mac))) continue;
        seen.add(key);
        const row = await one(c);
        if (!row) continue;
        rows.set(host, [...(rows.get(host) ?? []), row]);
        found.push(row);
        report(row);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IDENTIFY_AT_ONCE, hosts.length) }, worker));
  found.splice(0, found.length, ...hosts.flatMap((h) => rows.get(h) ?? []));
  deps.progress({ scanId, state: 'done', scanned, total, found: found.length });
  return { scanId, phones: found };
}
