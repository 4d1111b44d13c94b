/**
 * Indexes of the request log's kept events, so that attributing a request or rebuilding one
 * phone's summary touches only the events concerned, never the whole log: events per transfer
 * session (client address + session id) and per MAC, each list oldest first (by event id). Lists
 * hold only events still kept by the log: {@link EventIndex.trim} drops what the log dropped, and a
 * session whose events are all gone is forgotten. Memory: one reference per kept event per index,
 * one count per client address with kept events.
 */
import type { RequestEvent } from '../../../shared/dto';

/**
 * Key of the session a request shares its phone with, for late attribution: the address, plus the
 * FTP connection or HTTP User-Agent session the server gave; TFTP by address alone, since every
 * transfer comes from a new port (RFC 1350 §4).
 */
export function sessionKey(ev: Pick<RequestEvent, 'client' | 'session' | 'protocol'>): string {
  return ev.session === undefined || ev.protocol === 'tftp' ? ev.client : `${ev.client}\u0000${ev.session}`;
}

/** Per-session and per-MAC lists of kept events. */
export class EventIndex {
  private readonly bySession = new Map<string, RequestEvent[]>();
  private readonly byMac = new Map<string, RequestEvent[]>();
  /** Kept events per client address. */
  private readonly perClient = new Map<string, number>();

  /** A new (newest) event. */
  add(ev: RequestEvent): void {
    push(this.bySession, sessionKey(ev), ev);
    if (ev.phone.mac) push(this.byMac, ev.phone.mac, ev);
    this.perClient.set(ev.client, (this.perClient.get(ev.client) ?? 0) + 1);
  }

  /** How many sessions, MACs and client addresses have kept events (for tests of the bounds). */
  get size(): { sessions: number; macs: number; clients: number } {
    return { sessions: this.bySession.size, macs: this.byMac.size, clients: this.perClient.size };
  }

  /**
   * An event moved from one phone to another (its `phone.mac` is already the new one).
   * @param from the MAC it had before (undefined: none)
   */
  moved(ev: RequestEvent, from: string | undefined): void {
    if (from) {
      const list = this.byMac.get(from);
      const i = list ? list.lastIndexOf(ev) : -1;
      if (list && i >= 0) {
        list.splice(i, 1);
        if (!list.length) this.byMac.delete(from);
      }
    }
    if (ev.phone.mac) insertById(this.byMac, ev.phone.mac, ev);
  }

  /** The kept events of `ev`'s session (the same array the index holds: do not change it). */
  session(ev: Pick<RequestEvent, 'client' | 'session' | 'protocol'>): readonly RequestEvent[] {
    return this.bySession.get(sessionKey(ev)) ?? [];
  }

  /** The kept events of one MAC, oldest first (the index's own array: do not change it). */
  ofMac(mac: string): readonly RequestEvent[] {
    return this.byMac.get(mac) ?? [];
  }

  /**
   * The log dropped its oldest events, up to and including id `lastDroppedId`.
   * @param dropped the events dropped
   * @returns the session keys and client addresses that have no event left (their state can be
   *   forgotten)
   */
  trim(dropped: readonly RequestEvent[], lastDroppedId: number): { sessions: string[]; clients: string[] } {
    const sessions = new Set<string>();
    const macs = new Set<string>();
    const clients: string[] = [];
    for (const e of dropped) {
      sessions.add(sessionKey(e));
      if (e.phone.mac) macs.add(e.phone.mac);
      const left = (this.perClient.get(e.client) ?? 1) - 1;
      if (left > 0) this.perClient.set(e.client, left);
      else if (this.perClient.delete(e.client)) clients.push(e.client);
    }
    const gone: string[] = [];
    for (const k of sessions) if (dropHead(this.bySession, k, lastDroppedId)) gone.push(k);
    for (const m of macs) dropHead(this.byMac, m, lastDroppedId);
    return { sessions: gone, clients };
  }
}

function push(map: Map<string, RequestEvent[]>, key: string, ev: RequestEvent): void {
  const list = map.get(key);
  if (list) list.push(ev);
  else map.set(key, [ev]);
}

/** Insert keeping id order (moved events are recent, so the search starts at the end). */
function insertById(map: Map<string, RequestEvent[]>, key: string, ev: RequestEvent): void {
  const list = map.get(key);
  if (!list) {
    map.set(key, [ev]);
    return;
  }
  let i = list.length;
  while (i > 0 && list[i - 1]!.id > ev.id) i--;
  list.splice(i, 0, ev);
}

/** Remove the events with id ≤ `lastId` from the head of a list; true when the list became empty. */
function dropHead(map: Map<string, RequestEvent[]>, key: string, lastId: number): boolean {
  const list = map.get(key);
  if (!list) return false;
  let n = 0;
  while (n < list.length && list[n]!.id <= lastId) n++;
  if (n) list.splice(0, n);
  if (list.length) return false;
  map.delete(key);
  return true;
}
