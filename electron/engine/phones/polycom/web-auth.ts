/**
 * How the two web-UI dialects log in (facts §3):
 * - legacy (UC ≤5.x): every request carries `Authorization: Basic base64(Polycom:<pw>)` **and**
 *   the cookie `Authorization=Basic <same>`; a wrong password answers 401.
 * - UC 6.x: the cookie method answers 401; `POST /form-submit/auth.htm` with Basic auth answers
 *   `SUCCESS` and sets a `session` cookie (`INVALID_LOGIN` on a wrong password); `/index.htm` then
 *   carries `<meta name="csrf-token" content=...>`, sent as `anti-csrf-token` on every POST.
 * Lockout responses differ between firmware **(uncertain)**: any answer naming a lock counts.
 */
import { LockedOutError, PhoneRefusedError, WrongPasswordError } from '../phone-errors';
import { basicAuth, mergeCookies, type PhoneHttp, type PhoneResponse } from '../http/phone-http';
import { findCsrfToken } from './web-pages';

/** A login strategy of a web dialect. */
export interface WebAuth {
  readonly dialect: 'legacy' | 'ucs6';
  /** Log in (or check the password). @throws WrongPasswordError, LockedOutError, PhoneError */
  login(): Promise<void>;
  /** Headers for the next request; `post` adds what a form submission needs. */
  headers(post: boolean): Record<string, string>;
  /** Whether a failed answer can be cured by logging in again (expired session). */
  canRelogin(res: PhoneResponse): boolean;
}

/** Does a response say the login is locked? (uncertain wording: "locked", "LOCKED_OUT", "lockout"). */
export function saysLocked(res: PhoneResponse): boolean {
  return /lock(ed)?[\s_-]?out|\blocked\b|LOCKED/i.test(res.body) || (res.status === 403 && /lock/i.test(String(res.headers['www-authenticate'] ?? '')));
}

/** Legacy web UI: Basic header + `Authorization` cookie on every request. */
export class LegacyAuth implements WebAuth {
  readonly dialect = 'legacy' as const;
  private readonly auth: string;

  constructor(
    private readonly http: PhoneHttp,
    password: string,
  ) {
    this.auth = basicAuth(password);
  }

  async login(): Promise<void> {
    const res = await this.http.request({ method: 'GET', path: '/home.htm', headers: this.headers(false) });
    if (saysLocked(res)) throw new LockedOutError(this.http.label);
    if (res.status === 401) throw new WrongPasswordError(this.http.label, 1);
    if (res.status !== 200) throw new PhoneRefusedError(this.http.label, `home page answered HTTP ${res.status}`);
  }

  headers(_post = false): Record<string, string> {
    return { Authorization: this.auth, Cookie: `Authorization=${this.auth}` };
  }

  canRelogin(): boolean {
    return false;
  }
}

/** UC 6 web UI: session cookie from `/form-submit/auth.htm` and the anti-CSRF token. */
export class Ucs6Auth implements WebAuth {
  readonly dialect = 'ucs6' as const;
  private readonly jar = new Map<string, string>();
  private cookie = '';
  private token: string | undefined;

  constructor(
    private readonly http: PhoneHttp,
    private readonly password: string,
  ) {}

  async login(): Promise<void> {
    const res = await this.http.request({ method: 'POST', path: '/form-submit/auth.htm', headers: { Authorization: basicAuth(this.password), 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    if (saysLocked(res)) throw new LockedOutError(this.http.label);
    if (/INVALID_LOGIN/i.test(res.body) || res.status === 401) throw new WrongPasswordError(this.http.label, 1);
    if (res.status !== 200 || !/SUCCESS/i.test(res.body)) throw new PhoneRefusedError(this.http.label, `login answered HTTP ${res.status} "${res.body.slice(0, 60).trim()}"`);
    this.jar.clear();
    this.cookie = mergeCookies(this.jar, res.setCookies);
    if (!this.jar.has('session')) throw new PhoneRefusedError(this.http.label, 'login succeeded but the phone set no session cookie');
    const index = await this.http.request({ method: 'GET', path: '/index.htm', headers: { Cookie: this.cookie } });
    this.cookie = mergeCookies(this.jar, index.setCookies);
    this.token = index.status === 200 ? findCsrfToken(index.body) : undefined;
  }

  headers(post: boolean): Record<string, string> {
    const h: Record<string, string> = { Cookie: this.cookie, Referer: `${this.http.https ? 'https' : 'http'}://${this.http.label.replace(/^https:\/\//, '')}/index.htm` };
    if (post && this.token) h['anti-csrf-token'] = this.token;
    return h;
  }

  canRelogin(res: PhoneResponse): boolean {
    return res.status === 401 || (res.status === 403 && !saysLocked(res));
  }
}
