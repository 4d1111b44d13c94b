/**
 * Leases of the bench DHCP server: which MAC has which address until when, kept across restarts in
 * a JSON file written atomically (atomic-file.ts). Offers are held briefly in memory only.
 */
import { readJson, writeJsonAtomic } from '../atomic-file';
import { intToIp, ipToInt } from './interfaces';

/** One lease. `expires` is ms since epoch. */
export interface Lease {
  mac: string;
  ip: string;
  expires: number;
  hostname?: string;
}

/** An inclusive address range. */
export interface LeaseRange {
  first: string;
  last: string;
}

/** How long an offered address is held for the client's REQUEST, ms. */
export const OFFER_HOLD_MS = 30_000;

/** Leases of the server's pools (the interface's own and any relay pools). */
export class LeaseStore {
  private leases = new Map<string, Lease>();
  private offers = new Map<string, { ip: string; until: number }>();
  private declined = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();

  /**
   * @param file JSON file the leases persist in
   * @param ranges the pools (inclusive ranges); the first is the default for {@link offer}
   */
  constructor(
    private readonly file: string,
    private readonly ranges: readonly LeaseRange[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Load persisted leases (expired ones and ones outside the pool are dropped). @throws on a corrupt file */
  async load(): Promise<void> {
    const list = await readJson<Lease[]>(this.file, []);
    for (const l of Array.isArray(list) ? list : []) if (l && typeof l.mac === 'string' && this.inPool(l.ip) && l.expires > this.now()) this.leases.set(l.mac, l);
  }

  /** Current leases, soonest expiry first. */
  list(): Lease[] {
    const t = this.now();
    return [...this.leases.values()].filter((l) => l.expires > t).sort((a, b) => a.expires - b.expires);
  }

  /** Whether an address is in a pool (in `range` when given). */
  inPool(ip: string, range?: LeaseRange): boolean {
    const n = ipToInt(ip);
    return (range ? [range] : this.ranges).some((r) => n >= ipToInt(r.first) && n <= ipToInt(r.last));
  }

  /** The client's current lease, if any. */
  leaseOf(mac: string): Lease | undefined {
    const l = this.leases.get(mac);
    return l && l.expires > this.now() ? l : undefined;
  }

  /** The lease holding an address, if any (for attribution by lease). */
  leaseAt(ip: string): Lease | undefined {
    const t = this.now();
    for (const l of this.leases.values()) if (l.ip === ip && l.expires > t) return l;
    return undefined;
  }

  /** An address another host answers on (ARP/ICMP before offering): skip it for 10 minutes. */
  markInUse(ip: string): void {
    this.declined.set(ip, this.now() + 600_000);
  }

  private usedBy(ip: string, except: string): boolean {
    const t = this.now();
    for (const l of this.leases.values()) if (l.ip === ip && l.mac !== except && l.expires > t) return true;
    for (const [mac, o] of this.offers) if (o.ip === ip && mac !== except && o.until > t) return true;
    return (this.declined.get(ip) ?? 0) > t;
  }

  /**
   * Pick an address for a DISCOVER and hold it: the client's lease, else the address it asked for
   * (option 50) when free, else the first free one — all within `range` (default: the first pool).
   * @returns the address, or undefined when the pool is full
   */
  offer(mac: string, requested?: string, range: LeaseRange = this.ranges[0]!): string | undefined {
    const t = this.now();
    const mine = this.leases.get(mac);
    let ip: string | undefined = mine && mine.expires > t && this.inPool(mine.ip, range) && !this.usedBy(mine.ip, mac) ? mine.ip : undefined;
    if (!ip && requested && this.inPool(requested, range) && !this.usedBy(requested, mac)) ip = requested;
    for (let n = ipToInt(range.first); !ip && n <= ipToInt(range.last); n++) if (!this.usedBy(intToIp(n), mac)) ip = intToIp(n);
    if (ip) this.offers.set(mac, { ip, until: t + OFFER_HOLD_MS });
    return ip;
  }

  /**
   * Confirm a REQUEST: the address must be the one offered or leased to this MAC (or free, in the pool).
   * @returns the lease, or undefined (→ NAK)
   */
  async commit(mac: string, ip: string, seconds: number, hostname?: string, range?: LeaseRange): Promise<Lease | undefined> {
    if (!this.inPool(ip, range) || this.usedBy(ip, mac)) return undefined;
    const lease: Lease = { mac, ip, expires: this.now() + seconds * 1000, ...(hostname ? { hostname } : {}) };
    this.leases.set(mac, lease);
    this.offers.delete(mac);
    await this.save();
    return lease;
  }

  /** The client took another server's offer: forget ours. */
  forgetOffer(mac: string): void {
    this.offers.delete(mac);
  }

  /** RELEASE: free the client's lease. */
  async release(mac: string): Promise<void> {
    if (this.leases.delete(mac)) await this.save();
  }

  /** DECLINE: the address is in use by someone else; skip it for 10 minutes. */
  async decline(mac: string, ip: string): Promise<void> {
    this.declined.set(ip, this.now() + 600_000);
    if (this.leases.get(mac)?.ip === ip) {
      this.leases.delete(mac);
      await this.save();
    }
  }

  private save(): Promise<void> {
    const snapshot = this.list();
    this.saving = this.saving.then(() => writeJsonAtomic(this.file, snapshot));
    return this.saving;
  }
}
