/**
 * Lower the scheduling priority of the calling thread (Linux only). On Linux the nice value is a
 * per-thread attribute, set with setpriority(2) on the thread's id (Linux man-pages, setpriority(2),
 * "NOTES": "under the current Linux/NPTL implementation of POSIX threads, the nice value is a
 * per-thread attribute"); a thread finds its id through `/proc/thread-self` (proc(5)). Node's
 * `os.setPriority(pid, priority)` makes that call.
 *
 * Used by the HTTP front (http-front-worker.ts): when phones and the UI compete for the CPUs, the
 * engine's main thread — which answers the UI — goes first, and the front serves phones with what
 * is left (bench/RESULTS.md: with the front at nice +5, UI API p95 59–100 ms instead of 129–195 ms
 * while 1,000 phones boot on a 2-CPU machine, run times within the noise; +3 gave 78–122 ms).
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Outcome: the thread's nice value now, or why it was left as it was. */
export type PriorityOutcome = { nice: number } | { unchanged: string };

/**
 * @param by how much higher the nice value goes (1–19: lower priority), from the thread's own
 * @param platform the OS (tests); elsewhere than Linux a nice value is per process: left alone
 * @returns the new nice value (at most 19), or why nothing changed; never throws
 */
export function lowerThreadPriority(by: number, platform: NodeJS.Platform = process.platform): PriorityOutcome {
  if (platform !== 'linux') return { unchanged: `thread priorities are per process on ${platform}` };
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return { unchanged: 'no thread id in /proc/thread-self' };
    const nice = Math.min(19, getPriority(tid) + by);
    setPriority(tid, nice);
    return { nice };
  } catch (err) {
    return { unchanged: (err as Error).message };
  }
}

/** Nice value added to the HTTP front's thread (see the module's note). */
export const FRONT_NICE_DELTA = 5;
