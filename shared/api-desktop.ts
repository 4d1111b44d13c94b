/**
 * The desktop area of the contract: privileged-port checks and their fix, and the
 * engine process's health (the desktop runs the engine in a separate process that is restarted
 * after a crash). Pure types and zod schemas (shared/ imports nothing else).
 */
import { z } from 'zod';

const port = z.number().int().min(0).max(65535);

/** Whether this computer lets ProvKit listen on a port (electron/engine/privileged-ports.ts). */
export interface PortAccess {
  port: number;
  /** `ok`: binding will not be refused for privilege reasons; `needs-admin`: it will be. */
  status: 'ok' | 'needs-admin';
  /** Why, in one sentence. */
  reason: string;
  /** Shell command that allows the port until reboot (Linux), shown by the headless UI. */
  command?: string;
  /** The same through pkexec (argv), run by the desktop app's "Allow" button. */
  pkexecCommand?: string[];
  /** A high port that needs no rights (8000 + port). */
  alternativePort?: number;
}

/** Result of `allowPrivilegedPort`. */
export interface AllowPortResult {
  /** True once the port is allowed (re-checked after the fix ran). */
  ok: boolean;
  /** What happened, for people. */
  message: string;
  /** The command to run by hand when ProvKit could not run it (headless, no pkexec, refused). */
  command?: string;
}

/** State of the desktop's engine process, pushed as the `engine` event by the main process. */
export interface EngineProcessStatus {
  /** `running`: requests are served. `restarting`: it stopped unexpectedly and is being restarted. `failed`: gave up. */
  state: 'running' | 'restarting' | 'failed';
  /** Restarts since the app started. */
  restarts: number;
  /** Why it stopped (exit code), when it did. */
  message?: string;
  /** ms since epoch. */
  at: number;
}

/** zod schemas of the desktop area's requests. */
export const desktopRequestSchemas = {
  /** Will a server be able to listen on `port` (at `bind`) on this OS, and what fixes it. */
  getPortAccess: z.object({ port, bind: z.string().min(1).max(64).optional() }),
  /** Desktop on Linux: run `pkexec sysctl -w net.ipv4.ip_unprivileged_port_start=<port>` (until reboot). */
  allowPrivilegedPort: z.object({ port: port.min(1).max(1023) }),
} as const;

/** Results of the desktop area's requests. */
export interface DesktopRequestResults {
  getPortAccess: PortAccess;
  allowPrivilegedPort: AllowPortResult;
}

/** Events of the desktop area. */
export interface DesktopEvents {
  /** The engine process stopped, is restarting, or is back (desktop only). */
  engine: EngineProcessStatus;
}

/** Names of the desktop events. */
export const DESKTOP_EVENT_NAMES = ['engine'] as const;
