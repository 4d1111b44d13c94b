/**
 * How a Polycom web UI says it wants to be logged in to, read from its own script or login page,
 * and what its login answer means.
 * - UC 6.x pages load `/js/login.js`, whose AJAX call names the method and URL of the login
 *   (`type: 'POST'`, `url: 'form-submit/auth.htm'`); the answer is `lockparams|<STATE>|<n>` with
 *   STATE `SUCCESS`, `INVALID_LOGIN`, `ONE_ATTEMPT_LEFT`, `LOCKED` or `LOCKEDFOR` (older builds
 *   answer the bare word). An answer of 406, or `SessionAlreadyActive`, means a session is open.
 * - UC 4.x/5.x pages have no login form: Basic credentials open every page.
 * Source: docs/sources.md "Phone web UI".
 */
import type { PhoneResponse } from '../http/phone-http';

/** The login a page describes. `path` is absolute (`/form-submit/auth.htm`). */
export interface LoginSpec {
  method: 'POST' | 'GET';
  path: string;
  /** Where it was read (`/js/login.js`), for messages. */
  from: string;
}

/** The login URL every UC 6 page uses, when the page names none. */
export const DEFAULT_LOGIN_PATH = '/form-submit/auth.htm';

/**
 * Find the login call in a script: a `url:` naming an `auth` endpoint, and the `type:`/`method:`
 * next to it (POST when it names none).
 * @param js the script text (`/js/login.js`)
 * @param from where it came from
 * @returns the login, or undefined when the script names none
 */
export function loginSpecFromScript(js: string, from: string): LoginSpec | undefined {
  for (const m of js.matchAll(/\burl\s*:\s*(['"])([^'"]*?auth[^'"]*?)\1/gi)) {
    const around = js.slice(Math.max(0, m.index - 400), m.index + 400);
    const method = /\b(?:type|method)\s*:\s*['"](POST|GET)['"]/i.exec(around)?.[1]?.toUpperCase() === 'GET' ? 'GET' : 'POST';
    return { method, path: absolutePath(m[2]!), from };
  }
  return undefined;
}

/**
 * Find the login of a login page: a form whose action names an `auth` endpoint, or an inline
 * script call as in {@link loginSpecFromScript}.
 * @returns the login, or undefined when the page names none
 */
export function loginSpecFromPage(html: string, from: string): LoginSpec | undefined {
  const form = /<form\b[^>]*\baction\s*=\s*(['"])([^'"]*auth[^'"]*)\1[^>]*>/i.exec(html);
  if (form) return { method: /\bmethod\s*=\s*['"]?get/i.test(form[0]) ? 'GET' : 'POST', path: absolutePath(form[2]!), from };
  return loginSpecFromScript(html, from);
}

function absolutePath(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0]!;
  return path.startsWith('/') ? path : `/${path.replace(/^\.\//, '')}`;
}

/** What a login answer means. */
export type LoginOutcome =
  | { kind: 'success'; alreadyActive?: boolean }
  | { kind: 'wrong'; lastAttempt: boolean }
  | { kind: 'locked'; detail?: string }
  | { kind: 'unknown'; detail: string };

/**
 * Read the answer of a login request.
 * @param res the phone's answer to the login call
 * @returns success / wrong (with whether the phone warns that one attempt is left) / locked / unknown
 */
export function loginOutcome(res: PhoneResponse): LoginOutcome {
  const body = res.body.trim();
  const states = body.split('|').map((s) => s.trim().toUpperCase());
  const state = states.find((s) => /^(SUCCESS|INVALID_LOGIN|ONE_ATTEMPT_LEFT|LOCKED|LOCKEDFOR|LOCKED_OUT)$/.test(s));
  if (res.status === 406 || /SessionAlreadyActive/i.test(body)) return { kind: 'success', alreadyActive: true };
  if (state === 'LOCKEDFOR') return { kind: 'locked', detail: `locked for ${states[states.indexOf('LOCKEDFOR') + 1] ?? 'a while'}` };
  if (state === 'LOCKED' || state === 'LOCKED_OUT') return { kind: 'locked' };
  if (state === 'ONE_ATTEMPT_LEFT') return { kind: 'wrong', lastAttempt: true };
  if (state === 'INVALID_LOGIN') return { kind: 'wrong', lastAttempt: false };
  if (res.status === 401) return { kind: 'wrong', lastAttempt: false };
  if (res.status === 200 && state === 'SUCCESS') return { kind: 'success' };
  return { kind: 'unknown', detail: `HTTP ${res.status}${body ? ` "${body.slice(0, 60)}"` : ''}` };
}
