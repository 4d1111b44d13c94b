/**
 * Typed failures of phone operations, each with a `fix` sentence a technician can act on.
 * Codes are those of shared/phone-web.ts `PHONE_ERROR_CODES`; the UI branches on them.
 * Source: facts §3 (REST status 4010 "default password not allowed", cookie method answering 401
 * on UC 6, `INVALID_LOGIN`), seed `altigen-maxcs-polycom-configuration-guide.txt` Step 1 (log in
 * with 456, "In some cases, you may need to use https").
 */
import type { PhoneErrorCode, PhoneErrorInfo } from '../../../shared/phone-web';
import { errorInfo } from '../error-info';

/** Base class: `code` to branch on, `message` for people, `fix` in one sentence, `host` it concerns. */
export class PhoneError extends Error {
  constructor(
    readonly code: PhoneErrorCode,
    message: string,
    readonly fix: string,
    readonly host?: string,
  ) {
    super(message);
    this.name = 'PhoneError';
  }

  /** The serialisable form sent to the UI. */
  toInfo(): PhoneErrorInfo {
    return { code: this.code, message: this.message, fix: this.fix };
  }
}

/** The phone refused every admin password tried (none is logged). */
export class WrongPasswordError extends PhoneError {
  /**
   * @param host the phone
   * @param tried how many passwords it refused
   * @param lastAttempt the phone warned that one more wrong password locks its login (ProvKit stops)
   */
  constructor(
    host: string,
    tried: number,
    readonly lastAttempt = false,
  ) {
    super(
      'WRONG_PASSWORD',
      `${host} refused the admin password${tried > 1 ? ` (${tried} passwords tried)` : ''}${lastAttempt ? '; it warns that one more wrong password locks its login, so ProvKit stopped trying' : ''}.`,
      'Add the phone\u2019s admin password under Phones › Admin passwords (the factory default is 456) and retry; if nobody knows it, reset the phone with the MAC-as-password procedure (Lost password).',
      host,
    );
    this.name = 'WrongPasswordError';
  }
}

/** The phone locked its web login after too many wrong passwords. */
export class LockedOutError extends PhoneError {
  constructor(host: string, detail?: string) {
    super(
      'LOCKED_OUT',
      `${host} has locked its web login after repeated wrong passwords${detail ? ` (${detail})` : ''}.`,
      'Wait for the lock to expire (usually a few minutes, or power-cycle the phone), put the right password first in the site\u2019s list, then retry.',
      host,
    );
    this.name = 'LockedOutError';
  }
}

/** The REST API answered "not found": `apps.restapi.enabled` is 0 on this phone. */
export class RestDisabledError extends PhoneError {
  constructor(host: string) {
    super(
      'REST_DISABLED',
      `${host} has its REST API turned off.`,
      'Use the web UI instead (choose "auto" or a web dialect), or turn the REST API on with apps.restapi.enabled="1" in the phone\u2019s configuration or under Settings › Applications › REST API.',
      host,
    );
    this.name = 'RestDisabledError';
  }
}

/** REST status 4010: the phone still has its factory admin password and the REST API refuses it. */
export class DefaultPasswordRefusedError extends PhoneError {
  constructor(host: string) {
    super(
      'DEFAULT_PASSWORD_REFUSED',
      `${host} refuses REST requests while its admin password is still the factory default (status 4010).`,
      'Change the admin password on the phone (web UI or Settings › Advanced › Administration Settings), add it under Phones › Admin passwords, or use the web UI dialect.',
      host,
    );
    this.name = 'DefaultPasswordRefusedError';
  }
}

/** No answer in time. */
export class PhoneTimeoutError extends PhoneError {
  constructor(host: string, what: string, ms: number) {
    super(
      'TIMEOUT',
      `${host} did not answer ${what} within ${Math.round(ms / 1000)} s.`,
      'Check that the phone is powered and on this network (ping it); a phone that is booting or upgrading can take several minutes — retry after it shows its idle screen.',
      host,
    );
    this.name = 'PhoneTimeoutError';
  }
}

/** Something answers there, but it is not a Polycom phone's web server. */
export class NotAPolycomError extends PhoneError {
  constructor(host: string, detail: string) {
    super(
      'NOT_A_POLYCOM',
      `${host} is not a Polycom phone (${detail}).`,
      'Check the address on the phone (Menu › Settings › Status › Network › TCP/IP Parameters); try https:// if the phone only serves HTTPS.',
      host,
    );
    this.name = 'NotAPolycomError';
  }
}

/** Nothing answers (refused, no route, TLS failure). */
export class UnreachableError extends PhoneError {
  constructor(host: string, detail: string, fix?: string) {
    super(
      'UNREACHABLE',
      `Cannot reach ${host}: ${detail}.`,
      fix ?? 'Check the address and that this computer is on the phone\u2019s network; some phones only serve HTTPS (or only HTTP) — try the other.',
      host,
    );
    this.name = 'UnreachableError';
  }
}

/** The phone understood the request and refused it (REST 4xxx/5000, CONF_NO_CHANGE, HTTP 4xx/5xx). */
export class PhoneRefusedError extends PhoneError {
  constructor(host: string, detail: string, fix = 'Check the values entered; if the phone is in a call it may refuse until the call ends (retry later).') {
    super('PHONE_REFUSED', `${host} refused the request: ${detail}.`, fix, host);
    this.name = 'PhoneRefusedError';
  }
}

/** The operation was accepted but its effect could not be confirmed. */
export class NotVerifiedError extends PhoneError {
  constructor(host: string, detail: string, fix: string) {
    super('NOT_VERIFIED', `${host}: ${detail}.`, fix, host);
    this.name = 'NotVerifiedError';
  }
}

/** No admin password to try for this phone's site. */
export class NoPasswordError extends PhoneError {
  constructor(host: string, site: string) {
    super('NO_PASSWORD', `No admin password to try for ${host} (site "${site}").`, 'Add the site\u2019s admin password under Phones › Admin passwords (456 is the factory default).', host);
    this.name = 'NoPasswordError';
  }
}

/**
 * Turn anything thrown during a phone operation into the UI's error shape (the engine's one
 * mapping, error-info.ts).
 * @returns `{ code, message, fix? }`; code `INTERNAL` for unexpected errors
 */
export function toPhoneErrorInfo(err: unknown): PhoneErrorInfo {
  if (err instanceof PhoneError) return err.toInfo();
  const { code, message, fix } = errorInfo(err);
  return { code, message, ...(fix !== undefined ? { fix } : {}) };
}
