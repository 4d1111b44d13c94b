/**
 * Types of scripts/electron-install.mjs (plain JS, imported by TypeScript tests).
 */

/** Whether an environment value means "yes" (set, and not 0/false/no). */
export function truthy(value: string | undefined): boolean;

/**
 * Install the Electron binary unless it is there or skipped. Never throws.
 * @returns what happened, and the one line printed (if any)
 */
export function installElectronBinary(options?: {
  env?: NodeJS.ProcessEnv;
  root?: string;
  log?: (line: string) => void;
}): { state: 'present' | 'no-package' | 'skipped' | 'installed' | 'failed'; line?: string };
