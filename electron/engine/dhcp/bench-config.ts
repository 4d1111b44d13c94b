/**
 * Checking the bench DHCP server's settings where they are made (API `dhcpConfigure`, the DHCP
 * page's start, `provkit dhcp serve`): each pool inside its subnet (the interface's, or a relay
 * pool's own), start ≤ end, never the server's own, router or DNS addresses, a lease of a positive
 * whole number of seconds. One rule set for every caller; errors name the field.
 * Source: RFC 2131 §4.3.1 (the address comes from the subnet of the receiving interface or giaddr).
 */
import type { DhcpBenchSettings, DhcpRelayPool } from '../../../shared/dhcp-dto';
import { inSubnet, intToIp, ipToInt, type Ipv4Interface } from './interfaces';

/** A settings problem: the field it is about (`bench.poolStart`, `bench.relayPools[0].router`) and why. */
export interface BenchFieldError {
  field: string;
  message: string;
}

/** Bad bench settings; `errors` name each field (`issues` is the same as text, for the API error body). */
export class BenchSettingsError extends Error {
  readonly code = 'INVALID_ARGS';
  readonly issues: string[];
  readonly fix = 'correct the named settings and try again';
  constructor(readonly errors: BenchFieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'BenchSettingsError';
    this.issues = errors.map((e) => `${e.field}: ${e.message}`);
  }
}

/** One pool the server leases from, resolved (mask and router filled in). */
export interface BenchPool {
  first: string;
  last: string;
  subnetMask: string;
  /** Option 3 ('' = none; relay pools default to the relay's giaddr at reply time). */
  router: string;
  /** True for the interface's own pool (not reached through a relay). */
  local: boolean;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function isMask(m: string): boolean {
  if (!IPV4.test(m)) return false;
  const n = ipToInt(m);
  const inv = ~n >>> 0;
  return n !== 0 && (inv & (inv + 1)) === 0;
}

/** The default pool of an interface: .100-.199 of its subnet (or what fits). */
export function defaultPool(iface: Ipv4Interface): { first: string; last: string } {
  const base = (ipToInt(iface.address) & ipToInt(iface.netmask)) >>> 0;
  const size = (~ipToInt(iface.netmask) >>> 0) + 1;
  if (size >= 256) return { first: intToIp(base + 100), last: intToIp(base + 199) };
  return { first: intToIp(base + 1), last: intToIp(base + size - 2) };
}

function checkPool(out: BenchFieldError[], prefix: string, p: { first: string; last: string; subnetMask: string; net: string }, reserved: Array<[string, string]>): void {
  const startF = `${prefix}poolStart`;
  const endF = `${prefix}poolEnd`;
  if (!IPV4.test(p.first)) out.push({ field: startF, message: `"${p.first}" is not an IPv4 address` });
  if (!IPV4.test(p.last)) out.push({ field: endF, message: `"${p.last}" is not an IPv4 address` });
  if (!IPV4.test(p.first) || !IPV4.test(p.last) || !isMask(p.subnetMask)) return;
  if (ipToInt(p.first) > ipToInt(p.last)) out.push({ field: endF, message: `the pool ends (${p.last}) before it starts (${p.first})` });
  for (const [f, ip] of [
    [startF, p.first],
    [endF, p.last],
  ] as const) {
    if (!inSubnet(ip, p.net, p.subnetMask)) out.push({ field: f, message: `${ip} is outside the subnet ${intToIp((ipToInt(p.net) & ipToInt(p.subnetMask)) >>> 0)}/${p.subnetMask}` });
    else {
      const host = ipToInt(ip) & ~ipToInt(p.subnetMask);
      if (host === 0 || host === ~ipToInt(p.subnetMask) >>> 0) out.push({ field: f, message: `${ip} is the subnet's network or broadcast address` });
    }
  }
  for (const [what, ip] of reserved) {
    if (ip && IPV4.test(ip) && ipToInt(ip) >= ipToInt(p.first) && ipToInt(ip) <= ipToInt(p.last)) out.push({ field: startF, message: `the pool ${p.first}-${p.last} holds ${what} ${ip}: move the pool or exclude it` });
  }
}

/**
 * Check bench settings against the interface they will serve.
 * @param b the settings (poolStart/poolEnd '' = the default pool)
 * @param iface the bench interface (with its IPv4 address)
 * @returns the problems, empty when the settings are good
 */
export function benchSettingsErrors(b: DhcpBenchSettings, iface: Ipv4Interface): BenchFieldError[] {
  const out: BenchFieldError[] = [];
  if (!Number.isInteger(b.leaseSeconds) || b.leaseSeconds <= 0 || b.leaseSeconds > 0xfffffffe) out.push({ field: 'bench.leaseSeconds', message: `"${String(b.leaseSeconds)}" is not a positive whole number of seconds (at most 4294967294)` });
  const mask = b.subnetMask || iface.netmask;
  if (!isMask(mask)) out.push({ field: 'bench.subnetMask', message: `"${mask}" is not a subnet mask` });
  else if (mask !== iface.netmask) out.push({ field: 'bench.subnetMask', message: `${mask} differs from ${iface.name}'s own mask ${iface.netmask}: phones would get a subnet the server is not on` });
  for (const [f, ip] of [['bench.router', b.router], ...b.dns.map((d, i) => [`bench.dns[${i}]`, d]), ...b.ntp.map((d, i) => [`bench.ntp[${i}]`, d])] as Array<[string, string]>) {
    if (ip && !IPV4.test(ip)) out.push({ field: f, message: `"${ip}" is not an IPv4 address` });
  }
  const def = defaultPool(iface);
  const reserved: Array<[string, string]> = [['the server\'s own address', iface.address], ['the router', b.router], ...b.dns.map((d): [string, string] => ['the DNS server', d]), ...b.ntp.map((d): [string, string] => ['the NTP server', d])];
  checkPool(out, 'bench.', { first: b.poolStart || def.first, last: b.poolEnd || def.last, subnetMask: iface.netmask, net: iface.address }, reserved);
  (b.relayPools ?? []).forEach((r, i) => {
    const pre = `bench.relayPools[${i}].`;
    if (!isMask(r.subnetMask)) return void out.push({ field: `${pre}subnetMask`, message: `"${r.subnetMask}" is not a subnet mask` });
    if (r.router && !IPV4.test(r.router)) out.push({ field: `${pre}router`, message: `"${r.router}" is not an IPv4 address` });
    if (IPV4.test(r.poolStart) && inSubnet(r.poolStart, iface.address, iface.netmask)) out.push({ field: `${pre}poolStart`, message: `${r.poolStart} is on ${iface.name}'s own subnet: a relay pool serves another subnet` });
    checkPool(out, pre, { first: r.poolStart, last: r.poolEnd, subnetMask: r.subnetMask, net: r.poolStart }, [...reserved, ['the relay\'s router', r.router]]);
  });
  return out;
}

/**
 * The pools to serve: the interface's own first, then the relay pools.
 * @throws BenchSettingsError when {@link benchSettingsErrors} finds problems
 */
export function benchPools(b: DhcpBenchSettings, iface: Ipv4Interface): BenchPool[] {
  const errors = benchSettingsErrors(b, iface);
  if (errors.length) throw new BenchSettingsError(errors);
  const def = defaultPool(iface);
  return [
    { first: b.poolStart || def.first, last: b.poolEnd || def.last, subnetMask: iface.netmask, router: b.router, local: true },
    ...(b.relayPools ?? []).map((r: DhcpRelayPool) => ({ first: r.poolStart, last: r.poolEnd, subnetMask: r.subnetMask, router: r.router, local: false })),
  ];
}

/**
 * The pool serving a request (RFC 2131 §4.3.1): giaddr 0 = the interface's own pool; else the pool
 * whose subnet holds giaddr.
 * @returns the pool, or undefined when no pool serves that relay's subnet (the request is ignored)
 */
export function poolFor(pools: readonly BenchPool[], giaddr: string): BenchPool | undefined {
  if (giaddr === '0.0.0.0') return pools.find((p) => p.local);
  return pools.find((p) => !p.local && inSubnet(giaddr, p.first, p.subnetMask));
}
