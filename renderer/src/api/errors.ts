/**
 * The error the renderer throws when a request fails, whatever the transport.
 * Carries the contract's `{ code, message, fix? }` so pages can show the fix and branch on the code.
 */

/** Plain, serialisable error details kept in stores and shown by the UI. */
export interface ErrorInfo {
  code: string;
  message: string;
  fix?: string;
  issues?: string[];
}

/** An engine request that failed: `code` to branch on, `message` and `fix` for people. */
export class ApiError extends Error {
  readonly code: string;
  readonly fix?: string;
  readonly issues?: string[];

  /**
   * @param info code, message and optional fix / validation issues
   */
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
    this.code = info.code;
    if (info.fix !== undefined) this.fix = info.fix;
    if (info.issues !== undefined) this.issues = info.issues;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * Read an `ApiErrorBody` (`{ error: { code, message, fix? } }`) from any JSON value.
 * @param body parsed JSON of an error response (may be anything)
 * @returns the error details, or undefined when the body does not have that shape
 */
export function errorInfoFromBody(body: unknown): ErrorInfo | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  return errorInfoFromObject(body.error);
}

/**
 * Read `{ code, message, fix?, issues? }` from an object, if it has at least a string message.
 * @param obj any value
 * @returns the error details, or undefined
 */
export function errorInfoFromObject(obj: unknown): ErrorInfo | undefined {
  if (!isRecord(obj) || typeof obj.message !== 'string') return undefined;
  const info: ErrorInfo = { code: typeof obj.code === 'string' ? obj.code : 'ERROR', message: obj.message };
  if (typeof obj.fix === 'string') info.fix = obj.fix;
  if (Array.isArray(obj.issues)) info.issues = obj.issues.filter((i): i is string => typeof i === 'string');
  return info;
}

/**
 * Turn anything thrown by a request into plain error details for a store.
 * @param err an ApiError, an Error, or any thrown value
 * @returns `{ code, message, fix? }`; code `ERROR` when the value carried none
 */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof ApiError) {
    const info: ErrorInfo = { code: err.code, message: err.message };
    if (err.fix !== undefined) info.fix = err.fix;
    if (err.issues !== undefined) info.issues = err.issues;
    return info;
  }
  const fromObj = errorInfoFromObject(err);
  if (fromObj) return fromObj;
  return { code: 'ERROR', message: String(err) };
}
