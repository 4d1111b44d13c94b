// Runs the switch-console emulator on a pty: `node --import tsx switch-console-runner.ts <pty> <log>`.
import { runSwitchConsole } from '../../electron/engine/simulator/switch-console';

await runSwitchConsole(process.argv[2]!, process.argv[3]);
process.stdout.write('ready\n');
