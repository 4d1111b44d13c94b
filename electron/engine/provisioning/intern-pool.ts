/**
 * One shared copy of the strings and header lists that repeat from request to request (a phone's
 * address, User-Agent, session, request line, header names and values), so that the request log's
 * memory per kept event is the event's own fields, not fresh copies of what every other request of
 * that phone already holds. Records arrive from the HTTP front's worker thread as copies and
 * `parseUserAgent` returns slices that would keep the whole User-Agent alive.
 *
 * Bounded: each table holds at most its maximum of entries, in two generations of half as many:
 * when the newer fills up, the older is dropped and the newer becomes the older; a value found in
 * the older is moved to the newer. What is in use now (the phones booting) stays shared however many phones came
 * before; what was dropped stays with the events that got it (later ones share a new copy). Values
 * handed out are shared: never change them.
 */
import type { RequestEvent } from '../../../shared/dto';

/** Two generations of one table (see the file's comment). */
class Generations<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly half: number) {}

  get size(): number {
    return this.young.size + this.old.size;
  }

  get(key: string): V | undefined {
    const y = this.young.get(key);
    if (y !== undefined) return y;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

/** Shared copies of repeated strings and header lists (at most `max` and `maxLists` of each). */
export class InternPool {
  private readonly strings: Generations<string>;
  private readonly lists: Generations<ReadonlyArray<readonly [string, string]>>;

  /**
   * @param max most strings held (default 8,192)
   * @param maxLists most header lists held (default 1,024). Each is held under a key as long as
   *   all its names and values together, and the request log shares a phone's repeated list with
   *   its previous request itself: this table only serves lists that phones have in common.
   */
  constructor(max = 8192, maxLists = 1024) {
    this.strings = new Generations(Math.max(1, Math.floor(max / 2)));
    this.lists = new Generations(Math.max(1, Math.floor(maxLists / 2)));
  }

  /** Number of entries held (strings, header lists), for tests of the bound. */
  get size(): { strings: number; lists: number } {
    return { strings: this.strings.size, lists: this.lists.size };
  }

  /**
   * The shared copy of `s` (the first one seen while it stayed in the table).
   * @param s any string; undefined passes through
   */
  str<T extends string | undefined>(s: T): T {
    if (s === undefined) return s;
    const had = this.strings.get(s);
    if (had !== undefined) return had as T;
    // A flat copy: a slice of a longer string (User-Agent parts) must not keep the whole alive.
    const own = ownString(s);
    this.strings.set(own, own);
    return own as T;
  }

  /**
   * The shared copy of a header list with the same names and values in the same order (names,
   * values and pairs shared too).
   * @param h `[name, value]` pairs; undefined passes through
   */
  headers(h: Array<[string, string]> | undefined): Array<[string, string]> | undefined {
    if (h === undefined) return h;
    let key = '';
    for (const [n, v] of h) key += `${n}\u0000${v}\u0000`;
    const had = this.lists.get(key);
    if (had) return had as Array<[string, string]>;
    const own = h.map(([n, v]): [string, string] => [this.str(n), this.str(v)]);
    this.lists.set(key, own);
    return own;
  }

  /**
   * An event read back from the log file, its repeated strings (address, User-Agent, session,
   * request line, headers, FTP commands, phone identity) replaced by shared copies, in place.
   * @returns the same event
   */
  event(ev: RequestEvent): RequestEvent {
    ev.client = this.str(ev.client);
    ev.method = this.str(ev.method);
    ev.path = this.str(ev.path);
    if (ev.userAgent !== undefined) ev.userAgent = this.str(ev.userAgent);
    if (ev.session !== undefined) ev.session = this.str(ev.session);
    if (ev.requestLine !== undefined) ev.requestLine = this.str(ev.requestLine);
    if (ev.headers !== undefined) ev.headers = this.headers(ev.headers);
    if (ev.commands !== undefined) ev.commands = ev.commands.map((c) => this.str(c));
    if (ev.error !== undefined) ev.error = this.str(ev.error);
    const p = ev.phone;
    if (p.mac !== undefined) p.mac = this.str(p.mac);
    if (p.vendor !== undefined) p.vendor = this.str(p.vendor);
    if (p.model !== undefined) p.model = this.str(p.model);
    if (p.firmware !== undefined) p.firmware = this.str(p.firmware);
    return ev;
  }
}

/**
 * A copy of `s` that owns its characters: not a slice of a longer string (which would keep that
 * whole string alive) nor a concatenation (which keeps both halves and their headers).
 * @param s any string
 * @returns `s` itself when V8 would not have made a slice of it (12 characters or fewer), else a
 *   fresh flat copy
 */
export function ownString(s: string): string {
  // V8 makes a slice only of 13 characters or more; a JSON round trip yields a fresh flat string.
  return s.length > 12 ? (JSON.parse(JSON.stringify(s)) as string) : s;
}
