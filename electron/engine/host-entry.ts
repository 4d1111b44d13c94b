/**
 * Entry of the desktop's engine process (built to `out/main/engine-host.js` and started by the
 * main process with Electron's `utilityProcess.fork`). Runs the same Engine as `provkit serve`.
 * Fails with one line when started outside a utility process.
 */
import { runEngineHost, type ParentPortLike } from './host';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  console.error('engine-host: start this from the ProvKit desktop app (it needs Electron utilityProcess), or use `provkit serve`.');
  process.exit(2);
} else {
  runEngineHost(parentPort);
}
