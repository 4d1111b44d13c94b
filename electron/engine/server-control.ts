/**
 * Lifecycle and status of one provisioning server (start/stop, state, listen errors explained).
 * The Servers page shows exactly what this reports: a server is "listening" only once its socket
 * is bound, never before.
 */
import { createSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { createServer, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { InterfaceAddress, ServerKind, ServerStatus } from '../../shared/dto';
import { explainListenError } from './provisioning/listen-errors';
import { checkPortAccess, currentPortAccessEnv } from './privileged-ports';
import type { TransferTracker } from './provisioning/transfer-tracker';

/** What a managed server must provide. */
export interface Startable<O> {
  start(opts: O): Promise<number>;
  stop(): Promise<void>;
  readonly activeTransfers: number;
  /** Transfers in progress and bytes moved, for throughput and progress in the status. */
  readonly tracker?: TransferTracker;
}

/** How often the status is re-emitted while data moves, ms (Servers page progress). */
export const PROGRESS_INTERVAL_MS = 1000;
/** Samples the throughput is averaged over (the last 3 intervals). */
const THROUGHPUT_SAMPLES = 4;

/** Describes the server for the status: address, options, the URL to give phones. */
export interface ServerDescription<O> {
  bind: string;
  port: number;
  options: O;
  /** Options shown to the user. */
  shown: Record<string, string | number | boolean>;
  /** Build the boot-server URL for a host and bound port. */
  url: (host: string, port: number) => string;
}

/**
 * Emits `status` (ServerStatus) on every change, and every {@link PROGRESS_INTERVAL_MS} while
 * transfers run (progress and throughput), plus once when they stop.
 */
export class ServerControl<O> extends EventEmitter {
  private state: ServerStatus['state'] = 'stopped';
  private boundPort: number | undefined;
  private error: ServerStatus['error'];
  private busy: Promise<unknown> = Promise.resolve();
  private ticker: NodeJS.Timeout | undefined;
  /** Total bytes at the last ticks, oldest first (throughput over ~3 s). */
  private samples: Array<{ time: number; bytes: number }> = [];
  private throughput = 0;
  private wasActive = false;
  /**
   * The ports the engine's other servers are set to: a privileged-port fix names one command for
   * the lowest of them all (set by the engine; none by default).
   */
  peerPorts: () => number[] = () => [];

  /**
   * @param kind server kind in statuses
   * @param label name in messages (`HTTP`)
   * @param server the server
   * @param describe its current settings
   * @param transport what a suggested alternative port is probed with (TFTP: `udp`)
   */
  constructor(
    readonly kind: ServerKind,
    private readonly label: string,
    private readonly server: Startable<O>,
    private describe: () => ServerDescription<O>,
    private readonly transport: 'tcp' | 'udp' = 'tcp',
  ) {
    super();
  }

  /** Current status. */
  status(): ServerStatus {
    const d = this.described();
    const s: ServerStatus = {
      kind: this.kind,
      state: this.state,
      bind: d.bind,
      port: d.port,
      activeTransfers: this.server.activeTransfers,
      options: d.shown,
    };
    if (this.server.tracker) {
      s.transfers = this.server.tracker.list();
      s.throughput = this.throughput;
    }
    if (this.boundPort !== undefined) {
      s.boundPort = this.boundPort;
      s.url = d.url(reachableHost(d.bind), this.boundPort);
    }
    if (this.error) s.error = this.error;
    return s;
  }

  /**
   * Start (no-op when listening). Never throws for listen errors: they become `state: 'error'`
   * with the explanation in `error`.
   * @returns the status after the attempt
   */
  start(): Promise<ServerStatus> {
    return this.serial(async () => {
      if (this.state === 'listening') return this.status();
      const d = this.describe();
      this.set('starting');
      this.error = undefined;
      try {
        this.boundPort = await this.server.start(d.options);
        this.set('listening');
      } catch (err) {
        this.boundPort = undefined;
        this.error = explainListenError(err as NodeJS.ErrnoException, this.label, d.bind, d.port, process.platform, checkPortAccess(d.port, d.bind, currentPortAccessEnv()), this.peerPorts());
        if (this.error.alternativePort !== undefined) {
          const free = await findFreePort(d.bind, this.error.alternativePort, 20, this.transport);
          if (free === undefined) delete this.error.alternativePort;
          else if (free !== this.error.alternativePort) {
            this.error.fix = this.error.fix?.split(`port ${this.error.alternativePort}`).join(`port ${free}`);
            this.error.alternativePort = free;
          }
        }
        await this.server.stop().catch(() => {});
        this.set('error');
      }
      return this.status();
    });
  }

  /** Stop (no-op when stopped). @returns the status */
  stop(): Promise<ServerStatus> {
    return this.serial(async () => {
      await this.server.stop();
      this.boundPort = undefined;
      this.error = undefined;
      this.set('stopped');
      return this.status();
    });
  }

  /** Stop if running, then start with the current description. */
  async restart(): Promise<ServerStatus> {
    const wasRunning = this.state === 'listening' || this.state === 'error';
    await this.stop();
    return wasRunning ? this.start() : this.status();
  }

  /** Whether it is listening. */
  get listening(): boolean {
    return this.state === 'listening';
  }

  private set(state: ServerStatus['state']): void {
    this.state = state;
    if (state === 'listening') this.startTicker();
    else this.stopTicker();
    this.emit('status', this.status());
  }

  private lastDescription: ServerDescription<O> | undefined;
  /**
   * The server's description for a status. The settings file is read each time; when that read
   * fails for a moment (e.g. EMFILE, every file descriptor in use under load) the last description
   * read stands in, so a status tick never takes the engine down. @throws only before any read worked
   */
  private described(): ServerDescription<O> {
    try {
      this.lastDescription = this.describe();
    } catch (err) {
      if (!this.lastDescription) throw err;
    }
    return this.lastDescription;
  }

  /** Sample the bytes moved once a second; emit the status while transfers run. */
  private startTicker(): void {
    const tracker = this.server.tracker;
    if (!tracker || this.ticker) return;
    this.samples = [{ time: Date.now(), bytes: tracker.totalBytes() }];
    this.ticker = setInterval(() => {
      const now = Date.now();
      const bytes = tracker.totalBytes();
      tracker.sample(now);
      this.samples.push({ time: now, bytes });
      if (this.samples.length > THROUGHPUT_SAMPLES) this.samples.shift();
      const first = this.samples[0]!;
      this.throughput = Math.round(((bytes - first.bytes) * 1000) / Math.max(1, now - first.time));
      const active = tracker.count > 0 || this.throughput > 0;
      if (active || this.wasActive) this.emit('status', this.status());
      this.wasActive = active;
    }, PROGRESS_INTERVAL_MS);
    this.ticker.unref();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.throughput = 0;
    this.wasActive = false;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.busy.then(fn, fn);
    this.busy = next.catch(() => {});
    return next;
  }
}

/**
 * The host to put in a boot-server URL: the bind address, or for a wildcard bind the first
 * non-internal IPv4 address of this computer.
 */
export function reachableHost(bind: string): string {
  if (bind !== '0.0.0.0' && bind !== '::') return bind.includes(':') ? `[${bind}]` : bind;
  const first = listInterfaces().find((i) => !i.internal && i.family === 'IPv4');
  return first?.address ?? '127.0.0.1';
}

/** This computer's interface addresses (the Servers page offers them as bind addresses). */
export function listInterfaces(): InterfaceAddress[] {
  const out: InterfaceAddress[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4' && a.family !== 'IPv6') continue;
      out.push({ name, address: a.address, family: a.family, internal: a.internal });
    }
  }
  return out;
}

/**
 * The first port from `from` upwards (at most `tries` ports) that can be bound on `bind` now.
 * @param transport `tcp` (HTTP, FTP) or `udp` (TFTP)
 * @returns the port, or undefined when none of them is free (or the address is not ours)
 */
export async function findFreePort(bind: string, from: number, tries = 20, transport: 'tcp' | 'udp' = 'tcp'): Promise<number | undefined> {
  for (let port = from; port < from + tries && port <= 65535; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      if (transport === 'udp') {
        const probe = createSocket(isIPv6(bind) ? 'udp6' : 'udp4');
        probe.once('error', () => {
          try {
            probe.close();
          } catch {
            /* never bound */
          }
          resolve(false);
        });
        probe.bind({ address: bind, port, exclusive: true }, () => probe.close(() => resolve(true)));
        return;
      }
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen({ host: bind, port, exclusive: true }, () => probe.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  return undefined;
}
