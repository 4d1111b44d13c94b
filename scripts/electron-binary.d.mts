/**
 * Types of scripts/electron-binary.mjs (plain JS, imported by TypeScript tests).
 */

/**
 * Locate the Electron binary without running the `electron` package. Never throws.
 * @param root project directory to resolve `electron` from (default: the current one)
 * @returns the absolute executable path, or why there is none
 */
export function findElectronBinary(root?: string): { path: string } | { path: null; reason: string };
