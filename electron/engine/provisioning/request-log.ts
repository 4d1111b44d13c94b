/**
 * The request log and per-phone boot timelines. Every request on every protocol becomes a
 * {@link RequestEvent}, attributed to a phone where possible (MAC from the file name, the
 * User-Agent `(SN:...)`, or an earlier request from the same address), and kept across restarts
 * in `requests.jsonl` (bounded: the newest `maxEvents`; the files are request-log-file.ts).
 */
import { EventEmitter } from 'node:events';
import type { PhoneIdentity, PhoneSummary, Protocol, RequestEvent } from '../../../shared/dto';
import { classifyFile, isPhoneMac, macFromPath, modelFromPath, parseUserAgent } from '../../../shared/phone-identity';
import type { Logger } from '../logger';
import type { OuiTable } from './oui';
import { InternPool } from './intern-pool';
import { RequestLogFile } from './request-log-file';
import { EventIndex, sessionKey } from './request-index';

/**
 * What a server reports about one finished request (times in ms, sizes in bytes): the event's own
 * fields, before the log numbers it and attributes it to a phone.
 */
export type RequestRecord = Pick<RequestEvent, 'time' | 'protocol' | 'client' | 'method' | 'path' | 'status' | 'bytesSent' | 'bytesReceived' | 'durationMs'> &
  Partial<Pick<RequestEvent, 'userAgent' | 'source' | 'error' | 'httpsBootstrap' | 'session' | 'options' | 'requestLine' | 'headers' | 'commands'>> & {
    /** A MAC the server already knows for this client (e.g. a DHCP lease). */
    macHint?: string;
    /** Where `macHint` comes from: the client's address (default) or its verified client certificate. */
    macHintSource?: 'address' | 'certificate';
  };

/** Options of the request log. */
export interface RequestLogOptions {
  /** JSON-lines file to persist to; omitted = memory only. */
  file?: string;
  /** Events kept (memory and file). Default 20,000. */
  maxEvents?: number;
  oui: OuiTable;
  logger: Logger;
  /** Told of every request counted into a phone, and of a phone whose requests are recounted (boot verdicts). */
  boots?: { add(mac: string, ev: RequestEvent): void; forget(mac: string): void };
}

/** Events: `request` (RequestEvent), `phone` (PhoneSummary). */
export class RequestLog extends EventEmitter {
  private events: RequestEvent[] = [];
  private nextId = 1;
  private readonly byMac = new Map<string, PhoneSummary>();
  /** Revision of each summary in {@link byMac}: a new number from {@link lastRevision} at each change. */
  private readonly revisions = new Map<string, number>();
  private lastRevision = 0;
  /** MACs seen (by path, User-Agent or hint) per client address; more than one = shared address. */
  private readonly macsByAddress = new Map<string, Set<string>>();
  /** MAC of a transfer session (FTP connection, HTTP client + User-Agent), by {@link sessionKey}. */
  private readonly macBySession = new Map<string, string>();
  /** Addresses each phone fetched a file from (newest last, at most FETCHED_FROM_MAX): bounded by phones. */
  private readonly fetchAddresses = new Map<string, string[]>();
  /** Kept events per session and per MAC: attribution never scans the whole log. */
  private readonly index = new EventIndex();
  private readonly maxEvents: number;
  private file: RequestLogFile | undefined;
  private leaseLookup: ((ip: string) => string | undefined) | undefined;
  /** Shared copies of what repeats between requests (address, User-Agent, headers): memory per event stays small. */
  private readonly pool = new InternPool();

  constructor(private readonly opts: RequestLogOptions) {
    super();
    this.maxEvents = opts.maxEvents ?? 20_000;
  }

  /**
   * Load persisted events (malformed lines are logged and skipped) and open the file for appending.
   * @throws the fs error when the folder cannot be created
   */
  async load(): Promise<void> {
    const file = this.opts.file;
    if (!file) return;
    this.file = new RequestLogFile(file, this.maxEvents, this.opts.logger);
    const lines = await this.file.open();
    let bad = 0;
    const good: RequestEvent[] = [];
    const byId = new Map<number, RequestEvent>();
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as RequestEvent | { amend: number; mac: string };
        if ('amend' in entry) {
          const target = byId.get(entry.amend);
          if (target && typeof entry.mac === 'string') target.phone = { ...target.phone, mac: entry.mac, macSource: 'address' };
          continue;
        }
        if (typeof entry.id !== 'number' || typeof entry.path !== 'string' || typeof entry.phone !== 'object') throw new Error('not an event');
        good.push(entry);
        byId.set(entry.id, entry);
      } catch {
        bad++;
      }
    }
    for (const ev of good.slice(-this.maxEvents)) this.add(this.pool.event(ev));
    if (bad) this.opts.logger.warn(`skipped ${bad} unreadable line(s) in ${file}`);
  }

  /**
   * Record a finished request: attribute it to a phone, keep it, persist it, emit `request` and
   * (when attributed) `phone`.
   * @returns the stored event
   */
  record(r: RequestRecord): RequestEvent {
    const identified = this.identify(r, r.macHint);
    // The same phone's latest kept request: what this one repeats of it (identity, address,
    // User-Agent, session, headers) is shared with it, not copied, even after the bounded intern
    // pool let those strings go (at thousands of phones it does, between two requests of a phone).
    const mine = identified.mac ? this.index.ofMac(identified.mac) : undefined;
    const prev = mine?.[mine.length - 1];
    const phone = prev && sameIdentity(prev.phone, identified) ? prev.phone : identified;
    // Built field by field: object spreads were a good part of the cost per request.
    const pool = this.pool;
    const ev: RequestEvent = {
      time: r.time,
      protocol: r.protocol,
      client: prev?.client === r.client ? prev.client : pool.str(r.client),
      method: pool.str(r.method),
      path: pool.str(r.path),
      status: r.status,
      bytesSent: r.bytesSent,
      bytesReceived: r.bytesReceived,
      durationMs: r.durationMs,
      id: this.nextId,
      ok: isOk(r.protocol, r.status),
      fileKind: classifyFile(r.path),
      phone,
    };
    if (r.userAgent !== undefined) ev.userAgent = prev?.userAgent === r.userAgent ? prev.userAgent : pool.str(r.userAgent);
    if (r.source !== undefined) ev.source = r.source;
    if (r.error !== undefined) ev.error = pool.str(r.error);
    if (r.httpsBootstrap) ev.httpsBootstrap = true;
    if (r.session !== undefined) ev.session = prev?.session === r.session ? prev.session : pool.str(r.session);
    if (r.options !== undefined) ev.options = r.options;
    if (r.requestLine !== undefined) ev.requestLine = pool.str(r.requestLine);
    if (r.headers !== undefined) ev.headers = prev?.headers && sameHeaders(prev.headers, r.headers) ? prev.headers : pool.headers(r.headers);
    if (r.commands !== undefined) ev.commands = r.commands.map((c) => pool.str(c));
    const earlier = this.attributeEarlier(ev);
    this.add(ev);
    this.persist(ev);
    for (const e of earlier) {
      this.persist({ amend: e.id, mac: e.phone.mac });
      this.emit('request', e);
    }
    this.emit('request', ev);
    if (phone.mac) this.emit('phone', this.byMac.get(phone.mac));
    return ev;
  }

  /** How far back a newly learned MAC is given to unattributed requests from the same address, ms. */
  static readonly ATTRIBUTE_BACK_MS = 120_000;

  /**
   * A phone's first requests (`bootrom.ld`, `sip.ld`) often carry no MAC. When a request names the
   * MAC, the requests just before it in the same session (same FTP connection, or same address and
   * User-Agent over HTTP; same address when there is no session) that had no MAC, or only one
   * guessed from the address, are given that MAC — back to the previous request of that session
   * with a MAC of its own, and at most {@link RequestLog.ATTRIBUTE_BACK_MS}.
   * @returns the events that were attributed now, oldest first
   */
  private attributeEarlier(ev: RequestEvent): RequestEvent[] {
    const mac = ev.phone.mac;
    if (!mac || ev.phone.macSource === 'address') return [];
    const out: RequestEvent[] = [];
    const same = this.index.session(ev);
    for (let i = same.length - 1; i >= 0; i--) {
      const e = same[i]!;
      if (ev.time - e.time > RequestLog.ATTRIBUTE_BACK_MS) break;
      if (e.phone.mac && e.phone.macSource !== 'address') break;
      if (e.phone.mac === mac) continue;
      this.amend(e, mac);
      out.unshift(e);
    }
    return out;
  }

  /** Give an earlier event another MAC, moving it between phone summaries. */
  private amend(e: RequestEvent, mac: string): void {
    const previous = e.phone.mac;
    const vendor = this.opts.oui.lookup(mac);
    const { ouiVendor: _drop, ...rest } = e.phone;
    e.phone = { ...rest, mac, macSource: 'address', ...(vendor ? { ouiVendor: vendor } : {}) };
    this.index.moved(e, previous);
    if (previous) this.unsummarize(previous);
    this.summarize(e, false);
  }

  /**
   * Rebuild one phone's summary from its remaining kept events (after one moved away): only that
   * phone's events are read (the per-MAC index), not the whole log.
   */
  private unsummarize(mac: string): void {
    this.byMac.delete(mac);
    this.revisions.delete(mac);
    this.opts.boots?.forget(mac);
    for (const e of this.index.ofMac(mac)) this.summarize(e, true, false);
    const s = this.byMac.get(mac);
    if (s) this.emit('phone', s);
  }

  private persist(entry: RequestEvent | { amend: number; mac: string | undefined }): void {
    this.file?.append(JSON.stringify(entry));
  }

  /** How long recorded lines may wait before they are written to the file, ms. */
  static readonly FLUSH_MS = RequestLogFile.FLUSH_MS;

  /** Most addresses remembered per phone for {@link RequestLog.fetchedFrom}. */
  static readonly FETCHED_FROM_MAX = 4;

  /**
   * Whether phone `mac` fetched a file (successful GET, HEAD, RETR or RRQ) from address `client`,
   * among the last {@link RequestLog.FETCHED_FROM_MAX} addresses it did so from, kept or not.
   */
  fetchedFrom(mac: string, client: string): boolean {
    return this.fetchAddresses.get(mac)?.includes(client) ?? false;
  }

  /** Every phone seen, most recent first. */
  phones(): PhoneSummary[] {
    return [...this.byMac.values()].sort((a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0));
  }

  /** One phone's summary, if seen. */
  phone(mac: string): PhoneSummary | undefined {
    return this.byMac.get(mac);
  }

  /**
   * The revision of a phone's summary: a number that changes every time the summary does (it is
   * changed in place), never given to another summary (phones/phone-rows.ts caches rows by it).
   * @returns 0 when the phone has no summary
   */
  revision(mac: string): number {
    return this.revisions.get(mac) ?? 0;
  }

  /**
   * A phone's timeline, oldest first.
   * @param limit newest N events (default 2,000)
   */
  timeline(mac: string, limit = 2000): RequestEvent[] {
    return this.index.ofMac(mac).slice(-limit);
  }

  /**
   * What the log holds, for tests of its bounds: kept events, phone summaries, and the entries of
   * its indexes (sessions, MACs and addresses with kept events; session and address MAC guesses).
   */
  get size(): { events: number; phones: number; sessions: number; macs: number; clients: number; sessionMacs: number; addressMacs: number } {
    return { events: this.events.length, phones: this.byMac.size, ...this.index.size, sessionMacs: this.macBySession.size, addressMacs: this.macsByAddress.size };
  }

  /** The newest `limit` events, oldest first. */
  recent(limit = 500): RequestEvent[] {
    return this.events.slice(-Math.min(limit, this.maxEvents));
  }

  /**
   * Hook: the MAC holding a DHCP lease on an address now (the engine's DHCP service: its bench
   * server's leases, then ACKs its sniffer saw). Consulted before earlier requests and the ARP table.
   * @param fn `(ip) => 12 hex digits | undefined`
   */
  setLeaseLookup(fn: (ip: string) => string | undefined): void {
    this.leaseLookup = fn;
  }

  /**
   * The MAC behind an address (e.g. for TFTP or syslog): its DHCP lease, else the one phone seen there.
   * @returns undefined when no lease and none or several phones used that address
   */
  macForAddress(address: string): string | undefined {
    const leased = this.leaseLookup?.(address);
    if (leased) return leased;
    const set = this.macsByAddress.get(address);
    return set?.size === 1 ? [...set][0] : undefined;
  }

  /** Flush and close the file. */
  async close(): Promise<void> {
    await this.file?.close();
  }

  private identify(r: RequestRecord, macHint: string | undefined): PhoneIdentity {
    const ua = parseUserAgent(r.userAgent);
    // The MAC the vendor puts in the User-Agent wins over a guess from the file name.
    let mac = ua.mac;
    let macSource: PhoneIdentity['macSource'] = mac ? 'user-agent' : undefined;
    if (!mac) {
      mac = macFromPath(r.path);
      if (mac) macSource = 'path';
    }
    if (!mac) {
      const leased = this.leaseLookup?.(r.client);
      if (leased && isPhoneMac(leased)) [mac, macSource] = [leased, 'dhcp-lease'];
    }
    if (!mac && macHint && isPhoneMac(macHint)) [mac, macSource] = [macHint, r.macHintSource ?? 'address'];
    if (!mac && r.session) {
      const known = this.macBySession.get(sessionKey(r));
      if (known) [mac, macSource] = [known, 'address'];
    }
    if (!mac) {
      const known = this.macsByAddress.get(r.client);
      if (known?.size === 1) [mac, macSource] = [[...known][0]!, 'address'];
    }
    const pool = this.pool;
    const id: PhoneIdentity = {};
    if (mac) {
      id.mac = pool.str(mac);
      id.macSource = macSource;
      const vendor = this.opts.oui.lookup(mac);
      if (vendor) id.ouiVendor = vendor;
    }
    if (ua.vendor) id.vendor = pool.str(ua.vendor);
    if (ua.model) id.model = pool.str(ua.model);
    else {
      const model = modelFromPath(r.path);
      if (model) [id.vendor, id.model] = ['Polycom', pool.str(model)];
    }
    if (ua.firmware) id.firmware = pool.str(ua.firmware);
    if (ua.stage) id.stage = pool.str(ua.stage);
    return id;
  }

  private add(ev: RequestEvent): void {
    this.events.push(ev);
    this.index.add(ev);
    // Trim in batches: splice(0, 1) on a full log moved every kept entry per request.
    if (this.events.length > this.maxEvents + (this.maxEvents >> 4)) {
      const dropped = this.events.splice(0, this.events.length - this.maxEvents);
      const gone = this.index.trim(dropped, dropped[dropped.length - 1]!.id);
      for (const key of gone.sessions) this.macBySession.delete(key);
      // An address none of whose requests are kept any more guesses no MAC from them.
      for (const client of gone.clients) this.macsByAddress.delete(client);
    }
    this.nextId = Math.max(this.nextId, ev.id + 1);
    this.summarize(ev, true);
  }

  /**
   * Count an event into its phone's summary; `latest` when it is the newest event of that phone.
   * `learn`: remember the MAC for the event's session and address (not when rebuilding).
   */
  private summarize(ev: RequestEvent, latest: boolean, learn = true): void {
    const mac = ev.phone.mac;
    if (!mac) return;
    if (learn && ev.phone.macSource !== 'address' && ev.phone.macSource !== 'dhcp-lease') {
      const set = this.macsByAddress.get(ev.client) ?? new Set<string>();
      set.add(mac);
      this.macsByAddress.set(ev.client, set);
    }
    if (learn && ev.session) this.macBySession.set(sessionKey(ev), mac);
    if (ev.ok && FETCH_METHODS.has(ev.method)) this.noteFetch(mac, ev.client);
    const s: PhoneSummary = this.byMac.get(mac) ?? { mac, requests: 0, errors: 0, inInventory: false };
    s.requests++;
    if (!ev.ok) s.errors++;
    s.firstSeen = Math.min(s.firstSeen ?? ev.time, ev.time);
    if (latest) {
      s.lastSeen = ev.time;
      s.lastAddress = ev.client;
      s.lastPath = ev.path;
      s.lastStatus = ev.status;
      s.lastProtocol = ev.protocol;
      const p = ev.phone;
      if (p.vendor) s.vendor = p.vendor;
      if (p.ouiVendor) s.ouiVendor = p.ouiVendor;
      if (p.model) s.model = p.model;
      if (p.firmware) s.firmware = p.firmware;
      if (p.stage) s.stage = p.stage;
    } else {
      s.lastSeen ??= ev.time;
      // An earlier request attributed late (e.g. `<part>.bootrom.ld` before `<mac>.cfg`) still tells the model.
      if (ev.phone.model && !s.model) s.model = ev.phone.model;
    }
    this.byMac.set(mac, s);
    this.revisions.set(mac, ++this.lastRevision);
    this.opts.boots?.add(mac, ev);
  }

  private noteFetch(mac: string, client: string): void {
    const list = this.fetchAddresses.get(mac);
    if (!list) this.fetchAddresses.set(mac, [client]);
    else if (list[list.length - 1] !== client) {
      const i = list.indexOf(client);
      if (i >= 0) list.splice(i, 1);
      list.push(client);
      if (list.length > RequestLog.FETCHED_FROM_MAX) list.shift();
    }
  }

}

/** Whether two phone identities say the same in every field (then one object serves both events). */
function sameIdentity(a: PhoneIdentity, b: PhoneIdentity): boolean {
  let fields = 0;
  for (const k in a) {
    fields++;
    if (a[k as keyof PhoneIdentity] !== b[k as keyof PhoneIdentity]) return false;
  }
  for (const _ in b) fields--;
  return fields === 0;
}

/** Whether two header lists have the same names and values in the same order. */
function sameHeaders(a: ReadonlyArray<readonly [string, string]>, b: ReadonlyArray<readonly [string, string]>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
  return true;
}

/** Requests that fetch a file (HTTP, FTP, TFTP). */
const FETCH_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'RETR', 'RRQ']);


/**
 * Whether a status means success: HTTP 1xx-3xx; FTP 1xx-3xx reply codes.
 */
export function isOk(_protocol: Protocol, status: number): boolean {
  return status > 0 && status < 400;
}
