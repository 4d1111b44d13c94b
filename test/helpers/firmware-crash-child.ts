// Crash-test child: runs the 10-phone bench (queue + HTTP server + simulated phones) in `dir` on a
// fixed port until every phone is finished, then prints "finished" and exits 0.
// With <freezeAfter> = k, it instead stops dead at the k-th change of the queue in this run
// (counted from before the saved queue is loaded; seen synchronously on the queue's 'changed'
// event, whatever else is in flight): it prints "frozen" and blocks its thread for good, so the
// parent's SIGKILL lands at exactly that point of the run however slow the machine is.
// Usage: node --import tsx firmware-crash-child.ts <dir> <port> <serialPort> [freezeAfter]
import { writeSync } from 'node:fs';
import { startBench, waitFinished } from './firmware-bench';

const [dir, port, serial, freezeArg] = process.argv.slice(2) as [string, string, string, string | undefined];
const bench = await startBench(dir, Number(port), serial, { concurrency: 4, stepTimeoutMs: 2000, retries: 2, powerCycles: 1 }, (svc) => {
  if (!freezeArg) return;
  let changes = 0;
  svc.queue.on('changed', () => {
    if (++changes < Number(freezeArg)) return;
    const states = svc.queue.state.phones.map((p) => p.state).join(' ');
    writeSync(1, `frozen at queue change ${changes}: ${states}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // until SIGKILL
  });
});
process.stdout.write('started\n');
await waitFinished(bench.svc, 240_000);
await bench.close();
process.stdout.write('finished\n');
process.exit(0);
