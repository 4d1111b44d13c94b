/**
 * `provkit dhcp <decode|probe|build|watch|serve>`: DHCP tools. Each sub-command lives in
 * its own module `electron/cli/dhcp-<name>.ts`.
 */
import { usageError } from './args';
import { dhcpDecode } from './dhcp-decode';
import { dhcpBuild } from './dhcp-build';
import { dhcpProbe } from './dhcp-probe';
import { dhcpServe } from './dhcp-serve';
import { dhcpWatch } from './dhcp-watch';

const SUBCOMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  decode: dhcpDecode,
  probe: dhcpProbe,
  build: dhcpBuild,
  watch: dhcpWatch,
  serve: dhcpServe,
};

/**
 * Run `provkit dhcp`.
 * @param args sub-command and its arguments
 * @returns the sub-command's exit code (0 for `--help`)
 * @throws usage error for an unknown sub-command
 */
export async function dhcp(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`Usage: provkit dhcp <${Object.keys(SUBCOMMANDS).join('|')}> [options]\n\`provkit dhcp build --help\` lists the builder's options; \`provkit help\` describes the others.\n`);
    return 0;
  }
  const run = sub && Object.prototype.hasOwnProperty.call(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  if (!run) throw usageError(`unknown dhcp sub-command "${sub ?? ''}": use ${Object.keys(SUBCOMMANDS).join(', ')}`);
  return run(rest);
}
