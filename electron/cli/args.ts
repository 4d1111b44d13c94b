/**
 * Shared helpers for `provkit` commands: argument errors the dispatcher reports as usage errors.
 */

/**
 * A usage error: printed with a pointer to `provkit help`, exit code 2.
 * @param message what is wrong with the arguments
 */
export function usageError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_VALUE' });
}

/**
 * Parse a port argument.
 * @param v the flag's value, if given
 * @param name flag name for the message
 * @returns 0-65535, or undefined when the flag was not given
 * @throws usage error for anything else
 */
export function portArg(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(`--${name} must be a port number 0-65535, got "${v}"`);
  return n;
}
