/**
 * Standard provisioning ports and the one Linux command that opens all the privileged ones a
 * set of servers needs. Pure (no Node, no DOM): the engine's listen-error fixes and the
 * renderer's first-run step show the same command.
 *
 * Sources: Linux `net.ipv4.ip_unprivileged_port_start` (kernel ip-sysctl documentation, since
 * 4.11): every port from that value up may be bound by normal users, so one value — the lowest
 * port needed — covers every higher port too; setting it once per port would undo the lower
 * ones. IANA service names: `http` 80/tcp, `ftp` 21/tcp, `tftp` 69/udp.
 */

/** Standard ports of the provisioning servers (IANA service registry). */
export const STANDARD_PORTS = { http: 80, ftp: 21, tftp: 69 } as const;

/** Whether a port is privileged on Unix-like systems (1-1023). */
export function isPrivilegedPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port < 1024;
}

/**
 * The shell command that lets normal users bind `port` and every port above it (until reboot).
 * @param port 1-1023
 * @returns `sudo sysctl net.ipv4.ip_unprivileged_port_start=<port>`
 */
export function sysctlCommand(port: number): string {
  return `sudo sysctl net.ipv4.ip_unprivileged_port_start=${port}`;
}

/**
 * The lowest privileged port of a set: the value the sysctl must be lowered to so all of them bind.
 * @param ports any ports (0 and ports ≥ 1024 are ignored)
 * @returns the lowest of 1-1023, or undefined when none is privileged
 */
export function lowestPrivilegedPort(ports: Iterable<number>): number | undefined {
  let low: number | undefined;
  for (const p of ports) if (isPrivilegedPort(p) && (low === undefined || p < low)) low = p;
  return low;
}

/**
 * ONE command covering every privileged port of the set (the lowest one), instead of one per
 * port (run in order 80, 21, 69 the last would re-close 21 and leave 80 working only by chance).
 * @param ports the ports the servers need
 * @returns the command, or undefined when no port is privileged
 */
export function sysctlCommandFor(ports: Iterable<number>): string | undefined {
  const low = lowestPrivilegedPort(ports);
  return low === undefined ? undefined : sysctlCommand(low);
}

/**
 * Which phones cannot follow TFTP to another port than 69, in words for the user: a boot server
 * given as a bare address (DHCP option 66 "TFTP server name" without a scheme, RFC 2132 §9.4)
 * always means TFTP on 69, AudioCodes recovery and Cisco phones ask port 69 only.
 */
export const TFTP_PORT_69_NOTE =
  'Phones that get their boot server as a bare address (DHCP option 66 without tftp:// and a port), AudioCodes phones and Cisco phones only ever ask TFTP on port 69: keep TFTP on 69 for them.';
