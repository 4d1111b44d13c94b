/**
 * lowerThreadPriority (thread-priority.ts): on Linux the calling thread's nice value goes up by
 * the given amount while another thread of the process keeps its own (read back from /proc, as
 * `ps -L` does); elsewhere nothing changes and the reason is given.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority } from '../../electron/engine/thread-priority';

/** Nice value of a thread of this process, from /proc (field 19 of stat: proc(5)). */
function niceOf(tid: number): number {
  const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[16]);
}

describe('lowerThreadPriority', () => {
  it.skipIf(process.platform !== 'linux')('raises the calling thread\u2019s nice value and leaves another thread\u2019s', async () => {
    // Another thread of this process, alive while we look.
    const other = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.postMessage(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()));
       parentPort.once('message', () => process.exit(0));`,
      { eval: true },
    );
    const otherTid = await new Promise<number>((r) => other.once('message', r));
    const self = Number(readlinkSync('/proc/thread-self').split('/').pop());
    expect(otherTid).not.toBe(self);
    const [mine, theirs] = [niceOf(self), niceOf(otherTid)];
    expect(lowerThreadPriority(3)).toEqual({ nice: Math.min(19, mine + 3) });
    expect(niceOf(self)).toBe(Math.min(19, mine + 3));
    expect(niceOf(otherTid)).toBe(theirs);
    other.postMessage('done');
    await new Promise((r) => other.once('exit', r));
  });

  it('leaves the priority alone elsewhere than Linux, saying why', () => {
    expect(lowerThreadPriority(3, 'darwin')).toEqual({ unchanged: 'thread priorities are per process on darwin' });
  });
});
