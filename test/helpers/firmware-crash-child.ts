// Crash-test child: runs the 10-phone bench (queue + HTTP server + simulated phones) in `dir` on a
// fixed port until every phone is finished, then prints "finished" and exits 0. The parent kills
// it with SIGKILL at random moments and starts it again.
// Usage: node --import tsx firmware-crash-child.ts <dir> <port> <serialPort>
import { startBench, waitFinished } from './firmware-bench';

const [dir, port, serial] = process.argv.slice(2) as [string, string, string];
const bench = await startBench(dir, Number(port), serial, { concurrency: 4, stepTimeoutMs: 2000, retries: 2, powerCycles: 1 });
process.stdout.write('started\n');
await waitFinished(bench.svc, 240_000);
await bench.close();
process.stdout.write('finished\n');
process.exit(0);
