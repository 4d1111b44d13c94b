/**
 * Main-process side of the engine process (design.md "Engine process"): forks the engine host in
 * an Electron `utilityProcess`, relays contract requests to it and its events back, and restarts it
 * when it dies. State lives on disk in the data directory, and servers that were listening are
 * started again, so a crash loses nothing; the `engine` event (shared/api-desktop.ts) tells the
 * window while it is restarting. No runtime `electron` import: the fork function is passed in, so
 * the relay and the restart logic are unit-tested with a fake process.
 */
import { REQUEST_NAMES, type ApiHandlers, type EventName } from '../../shared/api';
import type { EngineProcessStatus } from '../../shared/api-desktop';
import type { ServerKind, ServerStatus } from '../../shared/dto';
import type { HostInit, HostMessage, HostRequest } from '../engine/host-protocol';

/** The part of Electron's `UtilityProcess` used here. */
export interface UtilityProcessLike {
  postMessage(message: HostRequest): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/** Relay options. Times in ms. */
export interface RelayOptions {
  /** Starts a new engine process (`utilityProcess.fork(<out/main/engine-host.js>)`). */
  fork: () => UtilityProcessLike;
  init: HostInit;
  /** Restarts allowed within {@link windowMs} before giving up (state `failed`). Default 5. */
  maxRestarts?: number;
  windowMs?: number;
  /** Delay before restart attempt n (1-based). Default 250 ms × n. */
  backoffMs?: (attempt: number) => number;
  /** How long `close` waits for `closed` before killing, ms. Default 5000. */
  closeTimeoutMs?: number;
  now?: () => number;
}

/** An error the relay answers with (mapped to the contract's error body by ipc.ts). */
export class EngineRelayError extends Error {
  constructor(
    readonly code: 'ENGINE_RESTARTING' | 'ENGINE_FAILED' | 'ENGINE_CLOSED',
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'EngineRelayError';
  }
}

type Pending = { resolve(v: unknown): void; reject(e: unknown): void };
type Queued = { id: number; name: string; args: unknown };

/** Relays the contract between the window and the engine process, restarting it after a crash. */
export class EngineRelay {
  /** One function per contract request, answered by the engine process. */
  readonly handlers: ApiHandlers;
  private child: UtilityProcessLike | undefined;
  private ready = false;
  private closing = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queue: Queued[] = [];
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>();
  private readonly listening = new Set<ServerKind>();
  private crashes: number[] = [];
  private restarts = 0;
  private current: EngineProcessStatus;
  private firstReady: { resolve(): void; reject(e: unknown): void } | undefined;
  private closed: (() => void) | undefined;

  constructor(private readonly options: RelayOptions) {
    const now = options.now ?? Date.now;
    this.current = { state: 'restarting', restarts: 0, at: now() };
    const handlers: Record<string, (args: unknown) => Promise<unknown>> = {};
    for (const name of REQUEST_NAMES) handlers[name] = (args) => this.request(name, args);
    this.handlers = handlers as unknown as ApiHandlers;
  }

  /**
   * Fork the first engine process.
   * @returns resolves once it is ready
   * @throws the engine's own error (code, message, fix) when it cannot start at all
   */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstReady = { resolve, reject };
      this.spawn(this.options.init);
    });
  }

  /** Subscribe to engine events plus the relay's `engine` status events. @returns unsubscribe */
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The engine process's state now. */
  status(): EngineProcessStatus {
    return { ...this.current };
  }

  /** Stop the engine process cleanly (servers stopped, files flushed); kill it after the timeout. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.failAll(new EngineRelayError('ENGINE_CLOSED', 'ProvKit is closing.'));
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, this.options.closeTimeoutMs ?? 5000);
      this.closed = () => {
        clearTimeout(timer);
        resolve();
      };
      child.postMessage({ type: 'shutdown' });
    });
  }

  private request(name: string, args: unknown): Promise<unknown> {
    if (this.closing) return Promise.reject(new EngineRelayError('ENGINE_CLOSED', 'ProvKit is closing.'));
    if (this.current.state === 'failed') {
      return Promise.reject(new EngineRelayError('ENGINE_FAILED', 'The engine keeps stopping and was not restarted.', 'Quit and start ProvKit again; if it happens again, send the log to support.'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.ready && this.child) this.child.postMessage({ type: 'request', id, name, args });
      else this.queue.push({ id, name, args });
    });
  }

  private spawn(init: HostInit): void {
    const child = this.options.fork();
    this.child = child;
    this.ready = false;
    child.on('message', (m) => this.onMessage(child, m as HostMessage));
    child.on('exit', (code) => this.onExit(child, code));
    child.postMessage({ type: 'init', init });
  }

  private onMessage(child: UtilityProcessLike, m: HostMessage): void {
    if (child !== this.child || typeof m !== 'object' || m === null) return;
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        for (const q of this.queue.splice(0)) child.postMessage({ type: 'request', ...q });
        this.setStatus({ state: 'running' });
        this.firstReady?.resolve();
        this.firstReady = undefined;
        break;
      }
      case 'init-failed': {
        const err = Object.assign(new Error(m.error.message), m.error);
        if (this.firstReady) {
          this.firstReady.reject(err);
          this.firstReady = undefined;
          this.current = { ...this.current, state: 'failed' };
          this.failAll(err);
        }
        child.kill();
        break;
      }
      case 'response': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if ('error' in m) p.reject(Object.assign(new Error(m.error.message), m.error));
        else p.resolve(m.result);
        break;
      }
      case 'event': {
        if (m.event === 'server') this.track(m.payload as ServerStatus);
        this.dispatch(m.event, m.payload);
        break;
      }
      case 'closed':
        this.closed?.();
        break;
    }
  }

  private onExit(child: UtilityProcessLike, code: number): void {
    if (child !== this.child) return;
    this.child = undefined;
    this.ready = false;
    if (this.closing) {
      this.closed?.();
      return;
    }
    if (this.current.state === 'failed') return;
    const now = (this.options.now ?? Date.now)();
    const windowMs = this.options.windowMs ?? 60_000;
    this.crashes = [...this.crashes.filter((t) => now - t < windowMs), now];
    const message = `The engine stopped unexpectedly (exit code ${code}).`;
    for (const p of this.pending.values()) p.reject(new EngineRelayError('ENGINE_RESTARTING', `${message} It is restarting; try again in a moment.`));
    this.pending.clear();
    this.queue = [];
    if (this.crashes.length > (this.options.maxRestarts ?? 5)) {
      this.setStatus({ state: 'failed', message: `${message} It stopped ${this.crashes.length} times within ${Math.round(windowMs / 1000)} s, so ProvKit gave up; quit and start it again.` });
      this.firstReady?.reject(new EngineRelayError('ENGINE_FAILED', message));
      this.firstReady = undefined;
      return;
    }
    this.restarts++;
    this.setStatus({ state: 'restarting', message });
    const delay = (this.options.backoffMs ?? ((n) => 250 * n))(this.crashes.length);
    const restartServers = [...this.listening];
    setTimeout(() => {
      if (!this.closing) this.spawn({ ...this.options.init, restartServers });
    }, delay);
  }

  private track(s: ServerStatus): void {
    if (!s || typeof s.kind !== 'string') return;
    if (s.state === 'listening') this.listening.add(s.kind);
    else if (s.state !== 'starting') this.listening.delete(s.kind);
  }

  private setStatus(patch: Pick<EngineProcessStatus, 'state'> & { message?: string }): void {
    this.current = { state: patch.state, restarts: this.restarts, at: (this.options.now ?? Date.now)(), ...(patch.message ? { message: patch.message } : {}) };
    this.dispatch('engine', this.status());
  }

  private dispatch(event: EventName, payload: unknown): void {
    for (const l of [...this.listeners]) {
      try {
        l(event, payload);
      } catch (err) {
        console.error(`[relay] listener for ${event} threw:`, err);
      }
    }
  }

  private failAll(err: unknown): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.queue = [];
  }
}
