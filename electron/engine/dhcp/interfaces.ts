/**
 * IPv4 interfaces for the DHCP tools: address, netmask and the subnet broadcast address a probe
 * sends to (255.255.255.255 would leave through the default route on a multi-homed laptop).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

/** One IPv4 interface. */
export interface Ipv4Interface {
  name: string;
  address: string;
  netmask: string;
  broadcast: string;
  mac?: string;
}

const toInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toIp = (n: number): string => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

/** The subnet broadcast address of an address and netmask. */
export function broadcastOf(address: string, netmask: string): string {
  return toIp((toInt(address) | (~toInt(netmask) >>> 0)) >>> 0);
}

/** Whether `ip` is in the subnet of `address`/`netmask`. */
export function inSubnet(ip: string, address: string, netmask: string): boolean {
  const m = toInt(netmask);
  return ((toInt(ip) & m) >>> 0) === ((toInt(address) & m) >>> 0);
}

/** Integer form of a dotted quad (for pool arithmetic). */
export { toInt as ipToInt, toIp as intToIp };

/** Every non-internal IPv4 interface, plus loopback last. */
export function ipv4Interfaces(): Ipv4Interface[] {
  const out: Ipv4Interface[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4') continue;
      out.push({ name, address: a.address, netmask: a.netmask, broadcast: broadcastOf(a.address, a.netmask), ...(a.mac && a.mac !== '00:00:00:00:00:00' ? { mac: a.mac } : {}) });
    }
  }
  return out.sort((a, b) => Number(a.address.startsWith('127.')) - Number(b.address.startsWith('127.')));
}

/** Thrown when an interface cannot be used; `fix` says what to do. */
export class InterfaceError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'InterfaceError';
  }
}

/**
 * Find an interface by name.
 * @throws InterfaceError when it does not exist or has no IPv4 address
 */
export function ipv4Interface(name: string): Ipv4Interface {
  const found = ipv4Interfaces().find((i) => i.name === name);
  if (found) return found;
  const names = [...new Set(ipv4Interfaces().map((i) => i.name))].join(', ') || 'none';
  if (networkInterfaces()[name]) throw new InterfaceError(`interface ${name} has no IPv4 address`, `give ${name} an address on the phones' network (static, or 169.254.x.x) and try again`);
  throw new InterfaceError(`there is no interface named ${name}`, `pick one of: ${names}`);
}

/**
 * Find an interface by name for tools that can work without an IPv4 address (the probe through
 * packet capture sends from 0.0.0.0, RFC 2131 §4.1).
 * @returns the interface; `address`, `netmask` and `broadcast` are '' when it has no IPv4 address
 * @throws InterfaceError when no interface has that name
 */
export function linkInterface(name: string): Ipv4Interface {
  const found = ipv4Interfaces().find((i) => i.name === name);
  if (found) return found;
  const addrs = networkInterfaces()[name];
  let mac = addrs?.find((a) => a.mac && a.mac !== '00:00:00:00:00:00')?.mac;
  if (!mac) {
    try {
      // An interface with no address at all is missing from os.networkInterfaces() on Linux.
      mac = readFileSync(`/sys/class/net/${name}/address`, 'utf8').trim();
    } catch {
      return ipv4Interface(name);
    }
  }
  return { name, address: '', netmask: '', broadcast: '', ...(mac ? { mac } : {}) };
}

/** Non-loopback interfaces with an IPv4 address, by name (a host with more than one is multi-homed). */
export function externalInterfaceNames(): string[] {
  return [...new Set(ipv4Interfaces().filter((i) => !i.address.startsWith('127.')).map((i) => i.name))];
}

/**
 * Interfaces that exist but have no IPv4 address (a probe through packet capture still works on
 * them). Linux lists them in /sys/class/net; elsewhere only those Node reports.
 * @returns names, loopback excluded
 */
export function interfacesWithoutIpv4(): string[] {
  const withV4 = new Set(ipv4Interfaces().map((i) => i.name));
  let names = Object.keys(networkInterfaces());
  try {
    names = [...new Set([...names, ...readdirSync('/sys/class/net')])];
  } catch {
    /* not Linux */
  }
  return names.filter((n) => !withV4.has(n) && n !== 'lo' && !n.startsWith('lo'));
}
