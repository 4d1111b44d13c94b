/**
 * A fake ApiClient for renderer store tests: scripted answers per request, recorded calls,
 * and `emit()` to push events as the engine would.
 */
import type { ApiClient, ApiEvents, EventName, RequestArgs, RequestName, RequestResults } from '../../shared/api';
import type { PhoneSummary, RequestEvent, ServerStatus } from '../../shared/dto';
import { createConnectionSource } from '../../renderer/src/api/transport';

type Handler<K extends RequestName> = (args: RequestArgs<K>) => RequestResults[K] | Promise<RequestResults[K]>;

/** Fake client with handlers, a call log and event emission. */
export class FakeClient implements ApiClient {
  readonly calls: Array<{ name: RequestName; args: unknown }> = [];
  readonly connection = createConnectionSource('open');
  private handlers: Partial<{ [K in RequestName]: Handler<K> }> = {};
  private listeners = new Map<string, Set<(p: unknown) => void>>();

  /** Answer `name` with `fn`. */
  handle<K extends RequestName>(name: K, fn: Handler<K>): this {
    (this.handlers as Record<string, unknown>)[name] = fn;
    return this;
  }

  async invoke<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResults[K]> {
    this.calls.push({ name, args });
    const h = this.handlers[name] as Handler<K> | undefined;
    if (!h) throw new Error(`FakeClient: no handler for ${name}`);
    return h(args);
  }

  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  /** Push an event to subscribers. */
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  /** Number of subscribers to an event. */
  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Names of the requests made, in order. */
  names(): string[] {
    return this.calls.map((c) => c.name);
  }
}

/** A deferred promise, to control when a fake answer arrives. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A phone summary with defaults. */
export function phone(mac: string, extra: Partial<PhoneSummary> = {}): PhoneSummary {
  return { mac, requests: 1, errors: 0, inInventory: false, lastSeen: 1_000, ...extra };
}

let nextId = 1;
/** A request event with defaults (increasing ids). */
export function request(mac: string | undefined, extra: Partial<RequestEvent> = {}): RequestEvent {
  return {
    id: nextId++,
    time: 1_700_000_000_000,
    protocol: 'http',
    client: '10.0.0.23',
    method: 'GET',
    path: '/0004f2aabbcc.cfg',
    status: 200,
    ok: true,
    bytesSent: 100,
    bytesReceived: 0,
    durationMs: 3,
    fileKind: 'master-config',
    phone: mac ? { mac } : {},
    ...extra,
  };
}

/** A server status with defaults. */
export function server(kind: ServerStatus['kind'], extra: Partial<ServerStatus> = {}): ServerStatus {
  return { kind, state: 'stopped', bind: '127.0.0.1', port: kind === 'http' ? 8080 : kind === 'tftp' ? 6969 : 2121, activeTransfers: 0, options: {}, ...extra };
}
