/**
 * Types of scripts/launch-settings.mjs (plain JS, imported by TypeScript tests).
 */

/** `bin/provkit.mjs` of this checkout. */
export const PROVKIT_BIN: string;

/**
 * Read the launch settings from a script's first line (`#!/usr/bin/env -S NAME=VALUE... node FLAG...`).
 * @param bin the script (default {@link PROVKIT_BIN})
 * @returns variables to set and Node arguments to put before the script
 * @throws Error naming the file when its first line is not an `env` line that runs `node`
 */
export function launchSettings(bin?: string): { env: Record<string, string>; nodeArgs: string[] };
