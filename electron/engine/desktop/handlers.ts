/**
 * Handlers of the desktop area (shared/api-desktop.ts): the privileged-port check and its fix.
 * The fix runs `pkexec sysctl -w net.ipv4.ip_unprivileged_port_start=<port>` (until reboot, as
 * Modbux does) only in the desktop app, where a polkit agent asks for the admin password on the
 * technician's screen; the headless UI gets the command to run by hand. Never `setcap`.
 */
import { execFile } from 'node:child_process';
import type { DesktopRequestResults } from '../../../shared/api-desktop';
import { checkPortAccess, currentPortAccessEnv, type PortAccessEnv } from '../privileged-ports';

/** Runs a command; resolves with its exit code (never rejects), output captured. */
export type RunCommand = (argv: string[]) => Promise<{ code: number; stderr: string }>;

/** What the handlers need; injectable for tests. */
export interface DesktopHandlerDeps {
  env: () => PortAccessEnv;
  run: RunCommand;
}

/** pkexec exit codes (pkexec(1)): 126 = the user dismissed the dialog / not authorized, 127 = no agent. */
const PKEXEC_REFUSED = 126;
const PKEXEC_NO_AGENT = 127;
/** How long the admin-password dialog may stay open, ms. */
const PKEXEC_TIMEOUT_MS = 5 * 60_000;

/** Default runner: `execFile` with a timeout; a spawn failure resolves as code 127. */
export const runCommand: RunCommand = (argv) =>
  new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { timeout: PKEXEC_TIMEOUT_MS }, (err, _stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : PKEXEC_NO_AGENT) : 0;
      resolve({ code, stderr: String(stderr ?? '') });
    });
  });

/**
 * Build the desktop-area handlers.
 * @param engine the engine's options (mode decides whether the fix may run here)
 * @param deps OS facts and the command runner (defaults: the real ones)
 * @returns `getPortAccess` and `allowPrivilegedPort`
 */
export function createDesktopHandlers(
  engine: { options: { mode: 'desktop' | 'headless' } },
  deps: DesktopHandlerDeps = { env: () => currentPortAccessEnv(), run: runCommand },
): { [K in keyof DesktopRequestResults]: (args: { port: number; bind?: string | undefined }) => Promise<DesktopRequestResults[K]> } {
  return {
    getPortAccess: async ({ port, bind }) => checkPortAccess(port, bind ?? '0.0.0.0', deps.env()),
    allowPrivilegedPort: async ({ port }) => {
      const before = checkPortAccess(port, '0.0.0.0', deps.env());
      if (before.status === 'ok') return { ok: true, message: before.reason };
      const command = before.command;
      const byHand = command ? { command } : {};
      if (engine.options.mode !== 'desktop') {
        return { ok: false, message: 'Run this command on the ProvKit computer (it lasts until the next reboot), then start the server again.', ...byHand };
      }
      if (!before.pkexecCommand) {
        return { ok: false, message: 'ProvKit cannot ask for the admin password here (pkexec is not installed): run the command in a terminal, then start the server again.', ...byHand };
      }
      const { code, stderr } = await deps.run(before.pkexecCommand);
      if (code === 0 && checkPortAccess(port, '0.0.0.0', deps.env()).status === 'ok') {
        return { ok: true, message: `Ports from ${port} up are allowed until the next reboot. Start the server again.` };
      }
      const why =
        code === PKEXEC_REFUSED ? 'The admin password dialog was cancelled or refused.'
        : code === PKEXEC_NO_AGENT ? 'No admin password dialog is available (polkit agent missing).'
        : `The command failed (exit ${code})${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}.`;
      return { ok: false, message: `${why} Run the command in a terminal instead, or use port ${before.alternativePort}.`, ...byHand };
    },
  };
}
