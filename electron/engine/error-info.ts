/**
 * The one mapping from anything thrown in the engine to the error shape people see — `code` to
 * branch on, `message`, `fix` (one sentence) and, for bad arguments, `issues` — and the HTTP status
 * each code answers with on the headless API. Used by both transports (api/error-body.ts for IPC
 * and the engine-process host, api/http-transport.ts for `POST /api/<name>`) and by phone
 * operations (phones/phone-errors.ts `toPhoneErrorInfo`). Plain data only (structured-clone safe).
 * HTTP status meanings: RFC 9110 §15.
 */
import { ApiValidationError } from '../../shared/api';

/** Error code for anything thrown without a string `code`. */
export const INTERNAL_ERROR = 'INTERNAL';

/** What an error becomes on its way to the UI. */
export interface ErrorInfo {
  code: string;
  message: string;
  fix?: string;
  issues?: string[];
}

/**
 * Map anything thrown to its {@link ErrorInfo}. `ApiValidationError` → `INVALID_ARGS` with its
 * issues; an object with a non-empty string `code` (Node errors such as `EACCES`, engine errors with
 * a `fix`) keeps its code, message, fix and string issues; anything else becomes `INTERNAL` with its
 * text.
 * @param err the thrown value
 * @returns a plain object; never throws
 */
export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof ApiValidationError) return { code: err.code, message: err.message, issues: [...err.issues] };
  if (typeof err === 'object' && err !== null) {
    const e = err as { code?: unknown; message?: unknown; fix?: unknown; issues?: unknown };
    const info: ErrorInfo = {
      code: typeof e.code === 'string' && e.code !== '' ? e.code : INTERNAL_ERROR,
      message: typeof e.message === 'string' && e.message !== '' ? e.message : String(err),
    };
    if (typeof e.fix === 'string') info.fix = e.fix;
    if (Array.isArray(e.issues)) info.issues = e.issues.filter((i): i is string => typeof i === 'string');
    return info;
  }
  return { code: INTERNAL_ERROR, message: String(err) };
}

/**
 * HTTP status per error code. 4xx: the request cannot succeed as sent (bad input 400/422, missing
 * 404, refused 403, conflicting state 409); 502/504: the phone (an upstream server) refused or did
 * not answer; 503: ProvKit cannot take it now. Codes not listed are faults of ProvKit: 500.
 */
const HTTP_STATUS: Readonly<Record<string, number>> = {
  // The request as sent
  INVALID_ARGS: 400,
  BAD_JSON: 400,
  UNKNOWN_REQUEST: 404,
  METHOD: 405,
  // Paths (provisioning/paths.ts PathError): refused, never served
  TRAVERSAL: 403,
  ABSOLUTE: 403,
  BACKSLASH: 403,
  CONTROL_CHAR: 400,
  BAD_ENCODING: 400,
  TOO_LONG: 414,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  // Input that is well-formed but unusable
  IMPORT_FORMAT: 422,
  BAD_CIDR: 422,
  LICENCE: 422,
  PROVIDER: 422,
  SITE_SETTINGS: 422,
  TEMPLATE_COPY: 422,
  TEMPLATE_SYNTAX: 422,
  // State that must change first
  PROVIDER_IN_USE: 409,
  NO_TARGET: 409,
  NO_PASSWORD: 409,
  SERVER_DOWN: 409,
  // The phone (phones/phone-errors.ts)
  WRONG_PASSWORD: 502,
  LOCKED_OUT: 502,
  REST_DISABLED: 502,
  DEFAULT_PASSWORD_REFUSED: 502,
  NOT_A_POLYCOM: 502,
  UNREACHABLE: 502,
  PHONE_REFUSED: 502,
  NOT_VERIFIED: 502,
  TIMEOUT: 504,
  // Not now
  BUSY: 503,
  UNAVAILABLE: 503,
  ENGINE_DOWN: 503,
  // Operating-system errors (Node `code`)
  ENOENT: 404,
  EACCES: 403,
  EPERM: 403,
  EADDRINUSE: 409,
  EADDRNOTAVAIL: 409,
};

/**
 * The HTTP status an error code answers with on the headless API.
 * @param code an {@link ErrorInfo} code
 * @returns 400–599; 500 for {@link INTERNAL_ERROR} and codes not in the table
 */
export function httpStatusOf(code: string): number {
  return Object.prototype.hasOwnProperty.call(HTTP_STATUS, code) ? HTTP_STATUS[code]! : 500;
}
