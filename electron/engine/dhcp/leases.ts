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

/** How long an offered address is held for the client's REQUEST, ms. */
export const OFFER_HOLD_MS = 30_000;

/** Leases of one pool. */
export class LeaseStore {
  private leases = new Map<string, Lease>();
  private offers = new Map<string, { ip: string; until: number }>();
  private declined = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();

  /**
   * @param file JSON file the leases persist in
   * @param first first pool address; @param last last pool address (inclusive)
   */
  constructor(
    private readonly file: string,
    private readonly first: string,
    private readonly last: string,
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

  /** Whether an address is in the pool. */
  inPool(ip: string): boolean {
    const n = ipToInt(ip);
    return n >= ipToInt(this.first) && n <= ipToInt(this.last);
  }

  private usedBy(ip: string, except: string): boolean {
    const t = this.now();
    for (const l of this.leases.values()) if (l.ip === ip && l.mac !== except && l.expires > t) return true;
    for (const [mac, o] of this.offers) if (o.ip === ip && mac !== except && o.until > t) return true;
    return (this.declined.get(ip) ?? 0) > t;
  }

  /**
   * Pick an address for a DISCOVER and hold it: the client's lease, else the address it asked for
   * (option 50) when free, else the first free one.
   * @returns the address, or undefined when the pool is full
   */
  offer(mac: string, requested?: string): string | undefined {
    const t = this.now();
    const mine = this.leases.get(mac);
    let ip: string | undefined = mine && mine.expires > t ? mine.ip : undefined;
    if (!ip && requested && this.inPool(requested) && !this.usedBy(requested, mac)) ip = requested;
    for (let n = ipToInt(this.first); !ip && n <= ipToInt(this.last); n++) if (!this.usedBy(intToIp(n), mac)) ip = intToIp(n);
    if (ip) this.offers.set(mac, { ip, until: t + OFFER_HOLD_MS });
    return ip;
  }

  /**
   * Confirm a REQUEST: the address must be the one offered or leased to this MAC (or free, in the pool).
   * @returns the lease, or undefined (→ NAK)
   */
  async commit(mac: string, ip: string, seconds: number, hostname?: string): Promise<Lease | undefined> {
    if (!this.inPool(ip) || this.usedBy(ip, mac)) return undefined;
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
