/**
 * The contract's `ApiErrorBody` for anything a request handler threw, for every transport: the
 * desktop IPC (electron/main/ipc.ts), the engine process host (host.ts) and the headless HTTP API
 * (http-transport.ts, which also answers with {@link httpStatusOf}). The mapping itself is
 * error-info.ts, so an error crosses every hop unchanged.
 */
import type { ApiErrorBody } from '../../../shared/api';
import { errorInfo, httpStatusOf, INTERNAL_ERROR } from '../error-info';

export { httpStatusOf, INTERNAL_ERROR };

/**
 * Map anything a handler threw to the contract's error body (see error-info.ts `errorInfo`).
 * @param err the thrown value
 * @returns a plain, structured-clone-safe `{ error: { code, message, fix?, issues? } }`
 */
export function toErrorBody(err: unknown): ApiErrorBody {
  return { error: errorInfo(err) };
}
