/**
 * The `provkit` command line: `serve` (headless engine + web UI) and `simulate` (simulated Polycom
 * phones). Every command takes `--data DIR` (or PROVKIT_DATA) for its data directory.
 */
import { serve } from './cli/serve';
import { simulate } from './cli/simulate';

/** A `provkit` command: takes the arguments after its name, returns the exit code. */
type Command = (args: string[]) => Promise<number>;

/** Commands by name. Each lives in `electron/cli/<name>.ts`. */
const COMMANDS: Record<string, Command> = {
  serve,
  simulate,
};

const HELP = `ProvKit — provision VoIP desk phones

Usage:
  provkit serve [--data DIR] [--bind ADDR] [--http-port N] [--ftp-port N] [--ui-port N] [--ui-bind ADDR]
                [--http-prefix /PATH] [--no-http] [--no-ftp]
      Run the engine headless and serve the web UI (open the printed URL in a browser).
      Ports and bind address given here apply to this run only; defaults come from the saved settings.
  provkit simulate --server URL --mac MAC --model MODEL [--protocol http|ftp] [--count N] [--tag-serial] [--json]
      Boot simulated Polycom phones against a provisioning server (URL like http://10.0.0.5:8080/ or
      ftp://PlcmSpIp:PlcmSpIp@10.0.0.5:2121/). With --count N, N phones boot at once (MACs counting up).
  provkit help

Environment: PROVKIT_DATA (data directory), PROVKIT_LOG_LEVEL (trace|debug|info|warn|error).
`;

/**
 * Run the CLI.
 * @param argv arguments after the program name
 * @returns the process exit code (0 = success)
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(HELP);
      return 0;
    }
    const run = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) {
      process.stderr.write(`provkit: unknown command "${command}"\n\n${HELP}`);
      return 2;
    }
    return await run(rest);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`provkit ${command}: ${(err as Error).message}\nRun \`provkit help\` for usage.\n`);
      return 2;
    }
    process.stderr.write(`provkit ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}

