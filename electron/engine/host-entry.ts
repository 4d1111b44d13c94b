/**
 * Entry of the desktop's engine process (built to `out/main/engine-host.js` and started by the
 * main process with Electron's `utilityProcess.fork`). Runs the same Engine as `provkit serve`.
 * Fails with one line when started outside a utility process.
 */
import { runEngineHost, type ParentPortLike } from './host';
import { missingLaunchSettings } from './memory-policy';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  console.error('engine-host: start this from the ProvKit desktop app (it needs Electron utilityProcess), or use `provkit serve`.');
  process.exit(2);
} else {
  // The desktop's main process asks for them (launchOptionsFor); say so if they did not arrive.
  const missing = missingLaunchSettings();
  if (missing.length) console.warn(`[engine] memory: started without ${missing.join(' and ')}: with thousands of phones the engine holds up to about 50 MB more.`);
  runEngineHost(parentPort);
}
