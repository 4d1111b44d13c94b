/**
 * Verification after a phone was told to reboot: wait (bounded) for it to go away and come back,
 * reporting progress; then, when it boots against ProvKit, find its boot in the request log.
 * Source: docs/sources.md §1 (a rebooting phone fetches `bootrom.ld`, `<mac>.cfg`
 * before its web server is back — so the log is watched from the moment the reboot is sent).
 */
import type { RequestEvent } from '../../../shared/dto';
import type { PhoneEndpoint } from '../../../shared/phone-web';
import { NotVerifiedError, PhoneTimeoutError } from './phone-errors';
import { PhoneHttp } from './http/phone-http';

/** Progress of a reboot wait. Times in ms. */
export interface RebootProgress {
  phase: 'waiting-down' | 'down' | 'up';
  elapsedMs: number;
  message: string;
}

/** Bounds of the wait (ms). */
export interface RebootWaitOptions {
  /** How long the phone may keep answering before we conclude it did not reboot (default 90,000). */
  downTimeoutMs?: number;
  /** How long it may stay away (default 300,000: a phone that updates firmware takes minutes). */
  upTimeoutMs?: number;
  /** Poll interval (default 1,000). */
  pollMs?: number;
  onProgress?: (p: RebootProgress) => void;
  /** Already seen down (e.g. the reboot request itself lost its connection). */
  alreadyDown?: boolean;
}

/** Outcome of a reboot wait (ms after the start of the wait). */
export interface RebootWaitResult {
  downAfterMs: number;
  upAfterMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Does anything answer HTTP at the endpoint right now?
 * @param timeoutMs how long to wait for an answer
 */
export async function isAnswering(endpoint: PhoneEndpoint, timeoutMs: number): Promise<boolean> {
  const http = new PhoneHttp(endpoint, timeoutMs);
  try {
    await http.request({ method: 'GET', path: '/' });
    return true;
  } catch {
    return false;
  } finally {
    http.close();
  }
}

/**
 * Wait for a phone to go away and come back.
 * @returns when it went down and came back up
 * @throws NotVerifiedError when it never went away; PhoneTimeoutError when it did not come back in time
 */
export async function waitForReboot(endpoint: PhoneEndpoint, opts: RebootWaitOptions = {}): Promise<RebootWaitResult> {
  const poll = opts.pollMs ?? 1000;
  const probeMs = Math.max(500, Math.min(3000, poll * 2));
  const start = Date.now();
  const elapsed = () => Date.now() - start;
  const label = new PhoneHttp(endpoint).label;
  let downAt: number | undefined = opts.alreadyDown ? 0 : undefined;
  opts.onProgress?.({ phase: 'waiting-down', elapsedMs: 0, message: 'waiting for the phone to restart' });
  while (downAt === undefined) {
    if (!(await isAnswering(endpoint, probeMs))) {
      downAt = elapsed();
      break;
    }
    if (elapsed() > (opts.downTimeoutMs ?? 90_000)) {
      // Said as what was seen: a restart shorter than one check would go unnoticed.
      throw new NotVerifiedError(
        label,
        `the phone accepted the request, but it answered every check (one every ${Math.round(poll / 100) / 10} s) for ${Math.round(elapsed() / 1000)} s: ProvKit did not see it restart`,
        'It may be in a call (safe reboot waits for calls to end) or busy: look at the phone itself (a restart shows the boot screen), retry later, or power-cycle it.',
      );
    }
    await sleep(poll);
  }
  opts.onProgress?.({ phase: 'down', elapsedMs: downAt, message: 'the phone is restarting' });
  const upLimit = opts.upTimeoutMs ?? 300_000;
  let lastReport = elapsed();
  for (;;) {
    await sleep(poll);
    if (await isAnswering(endpoint, probeMs)) break;
    if (elapsed() - downAt > upLimit) throw new PhoneTimeoutError(label, 'after the restart', upLimit);
    if (elapsed() - lastReport >= 5000) {
      lastReport = elapsed();
      opts.onProgress?.({ phase: 'down', elapsedMs: lastReport, message: `restarting for ${Math.round((lastReport - downAt) / 1000)} s` });
    }
  }
  const upAt = elapsed();
  opts.onProgress?.({ phase: 'up', elapsedMs: upAt, message: `back after ${Math.round((upAt - downAt) / 1000)} s` });
  return { downAfterMs: downAt, upAfterMs: upAt };
}

/** What {@link BootWatcher} needs from the request log. */
export interface RequestSource {
  timeline(mac: string, limit?: number): RequestEvent[];
  on(event: 'request', listener: (ev: RequestEvent) => void): unknown;
  off(event: 'request', listener: (ev: RequestEvent) => void): unknown;
}

/**
 * Watches the request log for a phone's requests from a moment on (start it before sending the
 * reboot: the phone fetches its files before its web server is back).
 */
export class BootWatcher {
  private readonly seen: RequestEvent[] = [];
  private readonly listener = (ev: RequestEvent) => {
    if (ev.phone.mac === this.mac && ev.time >= this.since && !this.seen.some((e) => e.id === ev.id)) {
      this.seen.push(ev);
      for (const w of this.waiters.splice(0)) w();
    }
  };
  private waiters: Array<() => void> = [];

  /**
   * @param log the engine's request log
   * @param mac the phone (12 lowercase hex digits)
   * @param since ms since epoch: requests before this are not its new boot
   */
  constructor(
    private readonly log: RequestSource,
    readonly mac: string,
    readonly since: number,
  ) {
    log.on('request', this.listener);
  }

  /** Requests seen so far, oldest first. */
  get requests(): RequestEvent[] {
    const earlier = this.log.timeline(this.mac, 500).filter((e) => e.time >= this.since && !this.seen.some((s) => s.id === e.id));
    return [...earlier, ...this.seen].sort((a, b) => a.id - b.id);
  }

  /**
   * Wait until the phone has fetched its master configuration (`<mac>.cfg` or the default
   * `000000000000.cfg`; both asked for counts too, even when neither exists) or
   * `timeoutMs` passes.
   * @returns the requests seen (possibly none)
   */
  async waitForConfig(timeoutMs: number): Promise<RequestEvent[]> {
    // Done when a master configuration was served, or both the phone's and the default master were asked for.
    const done = () => {
      const masters = this.requests.filter((e) => /(^|\/)[0-9a-f]{12}\.cfg$/.test(e.path));
      return masters.some((e) => e.ok) || (masters.some((e) => e.path.endsWith(`${this.mac}.cfg`)) && masters.some((e) => e.path.endsWith('000000000000.cfg')));
    };
    const deadline = Date.now() + timeoutMs;
    while (!done() && Date.now() < deadline) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(500, Math.max(0, deadline - Date.now())));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return this.requests;
  }

  /** Stop watching. */
  stop(): void {
    this.log.off('request', this.listener);
    for (const w of this.waiters.splice(0)) w();
  }
}
