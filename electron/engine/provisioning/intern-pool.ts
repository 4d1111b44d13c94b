/**
 * One shared copy of the strings and header lists that repeat from request to request (a phone's
 * address, User-Agent, session, request line, header names and values), so that the request log's
 * memory per kept event is the event's own fields, not fresh copies of what every other request of
 * that phone already holds. Records arrive from the HTTP front's worker thread as copies and
 * `parseUserAgent` returns slices that would keep the whole User-Agent alive.
 *
 * Bounded: each table holds at most `max` entries and is emptied when full (the kept events keep
 * the copies they got; later ones share new copies). Values handed out are shared: never change
 * them.
 */
import type { RequestEvent } from '../../../shared/dto';

/** Shared copies of repeated strings and header lists (at most `max` of each). */
export class InternPool {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, ReadonlyArray<readonly [string, string]>>();

  /** @param max most entries per table (default 8,192) */
  constructor(private readonly max = 8192) {}

  /** Number of entries held (strings, header lists), for tests of the bound. */
  get size(): { strings: number; lists: number } {
    return { strings: this.strings.size, lists: this.lists.size };
  }

  /**
   * The shared copy of `s` (the first one seen since the table was last emptied).
   * @param s any string; undefined passes through
   */
  str<T extends string | undefined>(s: T): T {
    if (s === undefined) return s;
    const had = this.strings.get(s);
    if (had !== undefined) return had as T;
    if (this.strings.size >= this.max) this.strings.clear();
    // A flat copy: a slice of a longer string (User-Agent parts) must not keep the whole alive.
    const own = flat(s);
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
    if (this.lists.size >= this.max) this.lists.clear();
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
    const p = ev.phone;
    if (p.mac !== undefined) p.mac = this.str(p.mac);
    if (p.vendor !== undefined) p.vendor = this.str(p.vendor);
    if (p.model !== undefined) p.model = this.str(p.model);
    if (p.firmware !== undefined) p.firmware = this.str(p.firmware);
    return ev;
  }
}

/** A copy of `s` that owns its characters (not a slice or concatenation of another string). */
function flat(s: string): string {
  // V8 makes a slice only of 13 characters or more; a JSON round trip yields a fresh flat string.
  return s.length > 12 ? (JSON.parse(JSON.stringify(s)) as string) : s;
}
