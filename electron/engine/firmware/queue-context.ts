/**
 * What the parts of the bench upgrade queue share: the phone to add, the dependencies the queue is
 * built from, and the context the step machine (queue-steps.ts) and the scheduler
 * (queue-scheduler.ts) work on — the queue view, the phones busy in an async step, and the hooks
 * that save state and emit events (queue.ts).
 */
import type { RequestEvent } from '../../../shared/dto';
import type { QueuePhone, QueueState, QueueView } from '../../../shared/firmware-dto';
import type { Logger } from '../logger';
import type { FirmwareFileSource } from './file-source';
import type { PhoneController } from './phone-controller';
import type { QueueStore } from './queue-store';
import type { FirmwareRepository } from './repository';
import type { TokenBucket } from './token-bucket';

/** A phone to add. Versions as the phone prints them. */
export interface QueueAddItem {
  mac: string;
  model: string;
  /** Application version now. */
  current: string;
  currentBootrom?: string;
  target?: string;
  /** Address of the phone (its web UI): `10.0.0.5`, `10.0.0.5:8080`, `https://10.0.0.5`. */
  host?: string;
  outlet?: number;
  /** How this phone is driven; default: the run's setting (QueueSettings.controller). */
  control?: 'manual' | 'web';
  /** The technician confirmed a plan that needs it (a downgrade). */
  confirmDowngrade?: boolean;
}

/** Power cycles a phone's outlet. @returns transcript; throws with a reason */
export type PowerCycler = (phone: QueuePhone) => Promise<string[]>;

/** What the queue is built from. */
export interface QueueDeps {
  store: QueueStore;
  repo: FirmwareRepository;
  source: FirmwareFileSource;
  bucket: TokenBucket;
  /** The controller that drives this phone (manual, its web UI, a simulated bench). */
  controller: (phone: QueuePhone) => PhoneController;
  /** Undefined = no power control configured. */
  power?: () => PowerCycler | undefined;
  /** The outlet a phone is on (default: its own `outlet`). */
  outletOf?: (phone: QueuePhone) => number | undefined;
  /** A phone's requests (the request log's timeline), for the "HTTP first, then HTTPS" stage. */
  timeline?: (mac: string) => readonly RequestEvent[];
  /** Make the phone's configuration carry the bench CA and the move to HTTPS (QueueSettings.httpsAfter). */
  httpsBootstrap?: (phone: QueuePhone) => Promise<void>;
  logger: Logger;
}

/** States in which the queue waits for the phone (and a timeout applies). */
export const WAITING: readonly QueueState[] = ['rebooting', 'downloading', 'flashing', 'verifying'];

/** The queue's shared state and hooks, as the step machine and the scheduler see them. */
export interface QueueContext {
  readonly deps: QueueDeps;
  readonly view: QueueView;
  /** MACs of phones inside an async step (pointing, power cycle): the ticker leaves them alone. */
  readonly busy: Set<string>;
  /** Save the view (coalesced, atomic) and emit `changed`. */
  changed(): void;
  /** Emit `phone` (at most every 250 ms unless forced). */
  emitPhone(p: QueuePhone, force: boolean): void;
  /** Start queued phones up to the concurrency. */
  schedule(): void;
}

/**
 * An error as a failure reason: its message, then the fix sentence when it carries one (the phone
 * web-UI client's PhoneError `fix`, electron/engine/phones/phone-errors.ts).
 */
export function reasonOf(err: unknown): string {
  const e = err as { message?: unknown; fix?: unknown };
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  return typeof e?.fix === 'string' && e.fix ? `${msg} ${e.fix}` : msg;
}
