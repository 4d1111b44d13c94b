/**
 * Can this process bind a "privileged" port (below 1024: FTP 21, DHCP 67/68, TFTP 69, HTTP 80,
 * syslog 514) on this OS, and if not, what fixes it? Pure logic over injectable file reads, so it
 * is tested with fake `/proc` files and, as root, inside a network namespace with the sysctl set
 * both ways (test/integration/privileged-ports.test.ts).
 *
 * Sources:
 * - Linux: `net.ipv4.ip_unprivileged_port_start` (ip-sysctl.rst, since 4.11; per network
 *   namespace, applies to TCP and UDP); effective uid 0; `CAP_NET_BIND_SERVICE` (capability 10,
 *   capabilities(7)) in `CapEff` of /proc/self/status. The fix for this boot is
 *   `pkexec sysctl -w net.ipv4.ip_unprivileged_port_start=<port>` (as the Modbux app offers);
 *   never `setcap` on the Electron binary (it would give every Electron app the capability).
 * - macOS 10.14+: non-root processes may bind low ports on the wildcard address; a specific
 *   address still needs root (uncertain: Apple does not document it; the bind result is the truth).
 * - Windows: no privileged ports; inbound connections need a firewall rule (the NSIS installer
 *   adds one, resources/build/installer.nsh).
 * design.md "Ports".
 */
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PortAccess } from '../../shared/api-desktop';
import { sysctlCommand } from '../../shared/ports';

/** Reads a text file; throws like `fs.readFileSync` when it is missing. */
export type ReadText = (path: string) => string;

/** What the detection looks at; every field is injectable for tests. */
export interface PortAccessEnv {
  platform: NodeJS.Platform;
  /** Effective uid (`process.geteuid()`); undefined on Windows. */
  euid: number | undefined;
  readFile: ReadText;
  /** Whether `pkexec` is on PATH (Linux desktop fix button). */
  hasPkexec: boolean;
}

/** The verdict for one port (shape in shared/api-desktop.ts, the `getPortAccess` result). */
export type { PortAccess };

/** `CAP_NET_BIND_SERVICE`, capabilities(7). */
export const CAP_NET_BIND_SERVICE = 10;
/** Linux default of `ip_unprivileged_port_start` (and every kernel before 4.11). */
export const LINUX_DEFAULT_UNPRIVILEGED_START = 1024;
const SYSCTL_FILE = '/proc/sys/net/ipv4/ip_unprivileged_port_start';

/** `sudo sysctl net.ipv4.ip_unprivileged_port_start=<port>` (one rule, shared/ports.ts). */
export { sysctlCommand };

/**
 * Read the Linux facts: the sysctl value and whether CapEff holds CAP_NET_BIND_SERVICE.
 * @param readFile file reader (`/proc/...`)
 * @returns `{ unprivilegedStart, capNetBind }`; the sysctl defaults to 1024 when unreadable
 *   (kernels before 4.11), the capability to false when /proc/self/status cannot be read
 */
export function readLinuxFacts(readFile: ReadText): { unprivilegedStart: number; capNetBind: boolean } {
  let unprivilegedStart = LINUX_DEFAULT_UNPRIVILEGED_START;
  try {
    const n = Number.parseInt(readFile(SYSCTL_FILE).trim(), 10);
    if (Number.isInteger(n) && n >= 0) unprivilegedStart = n;
  } catch {
    /* older kernel: everything below 1024 is privileged */
  }
  let capNetBind = false;
  try {
    const hex = /^CapEff:\s*([0-9a-f]+)\s*$/im.exec(readFile('/proc/self/status'))?.[1];
    if (hex) capNetBind = ((BigInt(`0x${hex}`) >> BigInt(CAP_NET_BIND_SERVICE)) & 1n) === 1n;
  } catch {
    /* no /proc: assume no capability */
  }
  return { unprivilegedStart, capNetBind };
}

/**
 * Will binding `port` on `bind` be refused for lack of rights? Run before starting a server so
 * the UI can explain and offer the fix first; the bind result stays the truth (a server is shown
 * listening only once bound).
 * @param port TCP/UDP port (0 = ephemeral, always ok)
 * @param bind address to bind (macOS treats the wildcard differently)
 * @param env OS facts (see {@link currentPortAccessEnv})
 * @returns the verdict with the reason, the fix command(s) and a high alternative port
 */
export function checkPortAccess(port: number, bind: string, env: PortAccessEnv): PortAccess {
  const alternativePort = 8000 + port;
  if (port <= 0 || port >= 1024) return { port, status: 'ok', reason: `Port ${port} needs no special rights.` };
  if (env.platform === 'win32') {
    return { port, status: 'ok', reason: `Windows lets any user listen on port ${port}; phones reach it once Windows Defender Firewall allows ProvKit (the installer adds that rule).` };
  }
  if (env.euid === 0) return { port, status: 'ok', reason: `ProvKit runs as root/admin, so port ${port} is allowed.` };
  if (env.platform === 'linux') {
    const { unprivilegedStart, capNetBind } = readLinuxFacts(env.readFile);
    if (capNetBind) return { port, status: 'ok', reason: `ProvKit has the CAP_NET_BIND_SERVICE capability, so port ${port} is allowed.` };
    if (port >= unprivilegedStart) {
      return { port, status: 'ok', reason: `This computer allows ports from ${unprivilegedStart} up without admin rights (net.ipv4.ip_unprivileged_port_start).` };
    }
    return {
      port,
      status: 'needs-admin',
      reason: `Linux only lets admin programs use ports below ${unprivilegedStart}, and ProvKit runs as a normal user.`,
      command: sysctlCommand(port),
      ...(env.hasPkexec ? { pkexecCommand: ['pkexec', 'sysctl', '-w', `net.ipv4.ip_unprivileged_port_start=${port}`] } : {}),
      alternativePort,
    };
  }
  if (env.platform === 'darwin' && (bind === '0.0.0.0' || bind === '::')) {
    return { port, status: 'ok', reason: `macOS lets normal users listen on port ${port} on all interfaces.` };
  }
  return {
    port,
    status: 'needs-admin',
    reason: `Port ${port} on ${bind} needs admin rights on this system.`,
    command: env.platform === 'darwin' ? 'Bind to all interfaces (0.0.0.0), or start ProvKit with sudo.' : 'Start ProvKit as root.',
    alternativePort,
  };
}

/**
 * Whether an executable is on PATH.
 * @param name e.g. `pkexec`
 * @param path the PATH value
 * @returns true when `<dir>/<name>` exists in one of its directories
 */
export function onPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/**
 * The facts of the running process (real /proc, real PATH).
 * @param readFile file reader, default `readFileSync(path, 'utf8')`
 * @returns a {@link PortAccessEnv} for {@link checkPortAccess}
 */
export function currentPortAccessEnv(readFile: ReadText = (p) => readFileSync(p, 'utf8')): PortAccessEnv {
  return { platform: process.platform, euid: process.geteuid?.(), readFile, hasPkexec: process.platform === 'linux' && onPath('pkexec') };
}
