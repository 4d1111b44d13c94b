/**
 * One mapping from anything a request handler threw to the contract's `ApiErrorBody`, shared by
 * the desktop IPC transport (electron/main/ipc.ts) and the engine process host (host.ts), so an
 * error crosses both hops unchanged. Plain data only (structured-clone safe).
 */
import { ApiValidationError, type ApiErrorBody } from '../../../shared/api';

/** Error code for anything thrown without a string `code`. */
export const INTERNAL_ERROR = 'INTERNAL';

/**
 * Map anything a handler threw to the contract's error body.
 * `ApiValidationError` → `INVALID_ARGS` with its issues; an object with a string `code` (Node
 * errors such as `EACCES`, engine errors with a `fix`) keeps its code, message and fix; anything
 * else becomes `INTERNAL` with its text.
 * @param err the thrown value
 * @returns a plain, structured-clone-safe `{ error: { code, message, fix?, issues? } }`
 */
export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiValidationError) {
    return { error: { code: err.code, message: err.message, issues: [...err.issues] } };
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; message?: unknown; fix?: unknown; issues?: unknown };
    const body: ApiErrorBody['error'] = {
      code: typeof e.code === 'string' && e.code !== '' ? e.code : INTERNAL_ERROR,
      message: typeof e.message === 'string' && e.message !== '' ? e.message : String(err),
    };
    if (typeof e.fix === 'string') body.fix = e.fix;
    if (Array.isArray(e.issues)) body.issues = e.issues.filter((i): i is string => typeof i === 'string');
    return { error: body };
  }
  return { error: { code: INTERNAL_ERROR, message: String(err) } };
}

