/**
 * CLI commands that write to a data folder (inventory import, firmware import) while an engine owns
 * it: the change goes through the running `provkit serve`'s API (its address from the lock file, the
 * token from `<data>/ui-token`), so the running engine serves it at once and never overwrites it with
 * its older state; when the owner has no API (the desktop app), the command refuses and says how.
 */
import { readToken } from '../engine/api/ui-auth';
import { describeHolder, readDataLock, type LockHolder } from '../engine/data-lock';

/** A running engine the CLI can send requests to. */
export interface RunningEngine {
  holder: LockHolder;
  /**
   * POST `/api/<name>` with the token.
   * @returns the JSON result
   * @throws Error carrying the engine's error code, message and fix on a non-2xx answer
   */
  call<T>(name: string, args: unknown): Promise<T>;
}

/** Thrown when the folder's owner has no API the CLI can use. */
export class EngineBusyError extends Error {
  readonly code = 'DATA_LOCKED';
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'EngineBusyError';
  }
}

/**
 * The engine that owns `dataDir`, if one runs.
 * @param dataDir the data folder
 * @param what the command, for messages ("inventory import")
 * @param page the app page that does the same thing ("Inventory")
 * @returns undefined when no engine runs (the command may open the folder itself)
 * @throws EngineBusyError when the owner is the desktop app or another command (no API to use)
 */
export async function runningEngine(dataDir: string, what: string, page: string): Promise<RunningEngine | undefined> {
  const holder = await readDataLock(dataDir);
  if (!holder) return undefined;
  if (!holder.uiUrl) {
    const fix =
      holder.kind === 'desktop'
        ? `Do it from the app's ${page} page, or close the app and run \`provkit ${what}\` again.`
        : `Wait for it to finish (or stop it), then run \`provkit ${what}\` again.`;
    throw new EngineBusyError(`${dataDir} is in use by ${describeHolder(holder)}; nothing was changed.`, fix);
  }
  const token = await readToken(dataDir);
  const base = holder.uiUrl;
  return {
    holder,
    async call<T>(name: string, args: unknown): Promise<T> {
      let res: Response;
      try {
        res = await fetch(new URL(`api/${name}`, base), { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(args) });
      } catch (err) {
        throw new EngineBusyError(
          `${describeHolder(holder)} owns ${dataDir} but its API at ${base} does not answer (${(err as Error).message}); nothing was changed.`,
          'Check that it is still running (restart it if it hangs), then run the command again.',
        );
      }
      const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; fix?: string } } | null;
      if (!res.ok) {
        const e = body?.error;
        throw Object.assign(new Error(`the running engine refused ${name}: ${e?.message ?? `HTTP ${res.status}`}`), { code: e?.code ?? `HTTP_${res.status}`, ...(e?.fix ? { fix: e.fix } : {}) });
      }
      return body as T;
    },
  };
}
