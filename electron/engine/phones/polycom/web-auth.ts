/**
 * Logging in to a Polycom web UI the way its pages do, and what every later request carries.
 * - Form login (UC 6.x, `ucs6`): the method and URL the page's `/js/login.js` names (or
 *   `/form-submit/auth.htm`), Basic credentials; a session cookie when the phone sets one, else the
 *   `Authorization` cookie the page itself would set (`Authorization=Basic ...`).
 * - Basic login (UC 4.x/5.x, `legacy`): no form; Basic credentials in the `Authorization` header and
 *   cookie on every request; a wrong password answers 401.
 * Whatever the dialect, the anti-CSRF token a page offers (`<meta name="csrf-token">`, read from
 * `/index.htm` after each login and from any page fetched) goes on every POST as `Anti-Csrf-Token`,
 * with `Referer: <scheme>://<host>/index.htm` as the phone's own pages send it.
 * Lockout wording differs between firmware: any answer naming a lock counts.
 * Source: docs/sources.md "Phone web UI".
 */
import { LockedOutError, PhoneRefusedError, WrongPasswordError } from '../phone-errors';
import { basicAuth, mergeCookies, type PhoneHttp, type PhoneResponse } from '../http/phone-http';
import { findCsrfToken } from './web-pages';
import { loginOutcome, type LoginSpec } from './web-login';

/** Does a response say the login is locked? ("locked", "LOCKED_OUT", "LOCKEDFOR", "lockout"). */
export function saysLocked(res: PhoneResponse): boolean {
  return /lock(ed)?[\s_-]?(out|for)|\|LOCKED\||\blocked\b|LOCKED_OUT/i.test(res.body) || (res.status === 403 && /lock/i.test(String(res.headers['www-authenticate'] ?? '')));
}

/** The header name of the anti-CSRF token on POSTs. */
export const CSRF_HEADER = 'Anti-Csrf-Token';

/** How one web UI is logged in to, and what its requests carry. */
export class WebAuth {
  readonly dialect: 'legacy' | 'ucs6';
  private readonly basic: string;
  private readonly jar = new Map<string, string>();
  /** Form login answered without a cookie: send the Authorization cookie ourselves. */
  private cookieFallback = false;
  private token: string | undefined;
  private tokenFrom: string | undefined;

  /**
   * @param http the phone connection
   * @param password the admin password to use (never logged)
   * @param form the form login the page describes; undefined for the Basic (UC ≤5) login
   */
  constructor(
    private readonly http: PhoneHttp,
    password: string,
    readonly form?: LoginSpec,
  ) {
    this.basic = basicAuth(password);
    this.dialect = form ? 'ucs6' : 'legacy';
  }

  /**
   * Log in (or check the password), then read the anti-CSRF token from `/index.htm`.
   * @throws WrongPasswordError only when the login itself says the password is wrong; LockedOutError;
   *   PhoneRefusedError for any other answer (`HTTP 404` in its message when there is no such login)
   */
  async login(): Promise<void> {
    this.jar.clear();
    this.token = undefined;
    this.tokenFrom = undefined;
    let unrecognised: string | undefined;
    if (this.form) unrecognised = await this.formLogin(this.form);
    else await this.basicLogin();
    const index = await this.http.request({ method: 'GET', path: '/index.htm', headers: this.headers(false) });
    mergeCookies(this.jar, index.setCookies);
    if (index.status === 200) this.noteToken(index.body, '/index.htm');
    if (unrecognised && (index.status === 401 || index.status === 403)) {
      throw new PhoneRefusedError(this.http.label, `its login (${this.form!.method} ${this.form!.path}) answered ${unrecognised}, which ProvKit does not recognise, and /index.htm still answers HTTP ${index.status}`, 'Open the phone\u2019s web UI in a browser to check that it logs in; if it does, report this answer.');
    }
  }

  /** @returns the login answer when it was a 200 ProvKit does not recognise (taken as a success until a page refuses) */
  private async formLogin(f: LoginSpec): Promise<string | undefined> {
    const res = await this.http.request({
      method: f.method,
      path: f.path,
      headers: { Authorization: this.basic, ...(f.method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
      ...(f.method === 'POST' ? { body: '' } : {}),
    });
    const out = loginOutcome(res);
    if (out.kind === 'locked') throw new LockedOutError(this.http.label, out.detail);
    if (out.kind === 'wrong') throw new WrongPasswordError(this.http.label, 1, out.lastAttempt);
    if (out.kind === 'unknown' && res.status !== 200) throw new PhoneRefusedError(this.http.label, `its login (${f.method} ${f.path}, as ${f.from} names it) answered ${out.detail}`, 'Open the phone\u2019s web UI in a browser to check that it logs in; if it does, report this answer.');
    mergeCookies(this.jar, res.setCookies);
    this.cookieFallback = this.jar.size === 0;
    return out.kind === 'unknown' ? out.detail : undefined;
  }

  private async basicLogin(): Promise<void> {
    const res = await this.http.request({ method: 'GET', path: '/home.htm', headers: this.headers(false) });
    if (res.status !== 200 && saysLocked(res)) throw new LockedOutError(this.http.label);
    if (res.status === 401) throw new WrongPasswordError(this.http.label, 1);
    if (res.status !== 200) throw new PhoneRefusedError(this.http.label, `home page answered HTTP ${res.status}`);
    mergeCookies(this.jar, res.setCookies);
    this.noteToken(res.body, '/home.htm');
  }

  /** Keep the anti-CSRF token of a page when none is known yet (any page may offer one). */
  noteToken(html: string, from: string): void {
    if (this.token) return;
    const t = /csrf-token/i.test(html) ? findCsrfToken(html) : undefined;
    if (t) {
      this.token = t;
      this.tokenFrom = from;
    }
  }

  /** The Referer the phone's own pages send. */
  get referer(): string {
    return `${this.http.https ? 'https' : 'http'}://${this.http.label.replace(/^https:\/\//, '')}/index.htm`;
  }

  /** Headers of the next request; `post` adds the anti-CSRF token when the phone offered one. */
  headers(post: boolean): Record<string, string> {
    const cookies = [...this.jar].map(([k, v]) => `${k}=${v}`);
    const withBasic = !this.form || this.cookieFallback;
    if (withBasic) cookies.unshift(`Authorization=${this.basic}`);
    const h: Record<string, string> = { Referer: this.referer };
    if (withBasic) h.Authorization = this.basic;
    if (cookies.length) h.Cookie = cookies.join('; ');
    if (post && this.token) h[CSRF_HEADER] = this.token;
    return h;
  }

  /** What the last requests carried, for messages (never the password or token values). */
  describe(post: boolean): string {
    const how = this.form
      ? `logged in with ${this.form.method} ${this.form.path} (as ${this.form.from} names it), then sent ${this.cookieFallback ? 'the Authorization cookie (the login set no session cookie)' : `the ${[...this.jar.keys()].join(', ')} cookie the login set`}`
      : 'sent Basic credentials in the Authorization header and cookie';
    const csrf = this.token ? `${post ? `the anti-CSRF token from ${this.tokenFrom} as ${CSRF_HEADER}` : `an anti-CSRF token from ${this.tokenFrom} (sent on POSTs)`}` : 'no anti-CSRF token (no page offered a csrf-token)';
    return `${how}, ${csrf}, and Referer ${this.referer}`;
  }

  /** Whether a failed answer may be cured by logging in again (expired session, stale token). */
  canRelogin(res: PhoneResponse): boolean {
    return res.status === 401 || (res.status === 403 && !saysLocked(res));
  }
}
