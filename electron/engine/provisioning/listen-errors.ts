/**
 * Turns a failed `listen()` into words a technician can act on: what happened and the fix for this OS.
 * Source: design.md "Ports" (privileged ports, the Linux sysctl, Windows firewall).
 */
import type { ServerError } from '../../../shared/dto';
import { lowestPrivilegedPort, sysctlCommandFor } from '../../../shared/ports';
import type { PortAccess } from '../privileged-ports';

/**
 * Explain a listen error.
 * @param err the error from `server.listen` / `socket.bind`
 * @param what server name for the message (`HTTP`, `FTP`)
 * @param bind address that was tried
 * @param port port that was tried
 * @param platform `process.platform` (injectable for tests)
 * @param access what privileged-ports.ts `checkPortAccess` said before binding, when known: a
 *   refusal although the rights look fine points at security software instead of admin rights
 * @param otherPorts the other privileged ports ProvKit's servers are set to: the Linux fix is one
 *   command for the lowest of them all (shared/ports.ts), so the fixes of HTTP 80, FTP 21 and
 *   TFTP 69 are the same command instead of three that undo each other
 * @returns a ServerError with `code`, `message`, `fix`, and an `alternativePort` where one makes sense
 */
export function explainListenError(
  err: NodeJS.ErrnoException,
  what: string,
  bind: string,
  port: number,
  platform: NodeJS.Platform = process.platform,
  access?: PortAccess,
  otherPorts: readonly number[] = [],
): ServerError {
  const code = err.code ?? 'UNKNOWN';
  const alt = port > 0 && port < 1024 ? 8000 + port : port + 1;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      if (port > 0 && port < 1024 && access?.status === 'ok') {
        return { code, message: `The system refused port ${port} (${what} on ${bind}) even though ProvKit should have the rights: ${access.reason}`, fix: `Security software (SELinux, AppArmor, a firewall) may block it: check its log, or use port ${alt}.`, alternativePort: alt };
      }
      if (port > 0 && port < 1024) {
        const fix =
          platform === 'linux'
            ? `Ports below 1024 need admin rights on Linux: run \`${sysctlCommandFor([port, ...otherPorts])}\` (until reboot, covers every port from ${lowestPrivilegedPort([port, ...otherPorts])} up), run ProvKit as root, or use port ${alt}.`
            : platform === 'win32'
              ? `Windows refused port ${port}: run ProvKit as Administrator or allow it in Windows Defender Firewall, or use port ${alt}.`
              : `Port ${port} needs admin rights on this system: run ProvKit with sudo or use port ${alt}.`;
        return { code, message: `Port ${port} needs admin rights (${what} on ${bind}).`, fix, alternativePort: alt };
      }
      return { code, message: `Not allowed to listen on ${bind}:${port} (${what}).`, fix: 'Check the firewall or security software, or pick another port.' };
    case 'EADDRINUSE':
      return {
        code,
        message: `Port ${port} on ${bind} is already in use by another program (${what}).`,
        fix: `Stop the other server (on Linux, \`sudo ss -ltnup 'sport = :${port}'\` shows it) or use port ${alt}.`,
        alternativePort: alt,
      };
    case 'EADDRNOTAVAIL':
      return {
        code,
        message: `This computer has no address ${bind} (${what}).`,
        fix: 'Pick one of this computer\'s addresses in the server settings; the network cable or Wi-Fi may have changed.',
      };
    default:
      return { code, message: `${what} could not start on ${bind}:${port}: ${err.message}` };
  }
}
