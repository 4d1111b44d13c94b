/**
 * Find out how to talk to a phone and log in: probe without credentials (is it a Polycom? is the
 * REST API on?), then try the site's admin passwords in order (456 first) over the dialects that
 * answer — REST first when it is on, else the web UI the way its own pages log in (the login call
 * of `/js/login.js`), else the Basic cookie login, else the usual UC 6 login URL.
 * Never more wrong passwords than `maxWrongPasswords` (phones lock their login after a few), and
 * none after the phone warns that one attempt is left.
 * Source: docs/sources.md "Phone web UI" (cookie method answers 401 on UC 6; REST 4010 refuses the
 * default password; REST only when `apps.restapi.enabled="1"`).
 */
import type { PhoneDialect, PhoneEndpoint } from '../../../../shared/phone-web';
import { DefaultPasswordRefusedError, NotAPolycomError, PhoneError, RestDisabledError, WrongPasswordError } from '../phone-errors';
import { PhoneHttp, type PhoneResponse } from '../http/phone-http';
import { parseDigestChallenge } from '../http/digest';
import type { PolycomClient } from './client';
import { RestClient } from './rest';
import { WebAuth } from './web-auth';
import { DEFAULT_LOGIN_PATH, loginSpecFromPage, loginSpecFromScript, type LoginSpec } from './web-login';
import { WebUiClient } from './web-ui';
import { looksLikePolycom } from './web-pages';

/** What an unauthenticated look at the phone tells. */
export interface ProbeResult {
  polycom: boolean;
  /** `enabled` when `/api/v1/mgmt/device/info` asks for credentials, `off` on 404. */
  rest: 'enabled' | 'off';
  /** REST challenges with Digest. */
  digest: boolean;
  /** `Server` header. */
  server?: string;
}

/** A client that has logged in, with which password (index in the list) worked. */
export type LoggedInClient = PolycomClient & { authenticate(): Promise<void> };

/** Options of {@link connectPolycom}. */
export interface ConnectOptions {
  /** Admin passwords in the order to try. Never logged. */
  passwords: string[];
  /** `auto` (default) probes; a dialect forces it. */
  dialect?: PhoneDialect | 'auto';
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** Stop after this many refused passwords (default 4: most phones lock after 5). */
  maxWrongPasswords?: number;
}

/**
 * Look at a phone without credentials.
 * @throws UnreachableError / PhoneTimeoutError when nothing answers
 */
export async function probePhone(http: PhoneHttp): Promise<ProbeResult> {
  const rest = await http.request({ method: 'GET', path: '/api/v1/mgmt/device/info' });
  const server = header(rest, 'server');
  let polycom = looksLikePolycom(server, rest.body);
  if (!polycom) {
    const root = await http.request({ method: 'GET', path: '/' });
    polycom = looksLikePolycom(header(root, 'server'), root.body);
  }
  const restOn = rest.status === 401 || (rest.status === 200 && /"Status"/.test(rest.body));
  return { polycom: polycom || (restOn && /polycom/i.test(String(rest.headers['www-authenticate'] ?? ''))), rest: restOn ? 'enabled' : 'off', digest: Boolean(parseDigestChallenge(rest.headers['www-authenticate'])), ...(server ? { server } : {}) };
}

function header(res: PhoneResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * How the phone's own pages log in: the login call of `/js/login.js`, else of the page at `/`.
 * @returns the login, or undefined when the pages describe none (UC 4.x/5.x)
 */
export async function discoverLogin(http: PhoneHttp): Promise<LoginSpec | undefined> {
  const js = await http.request({ method: 'GET', path: '/js/login.js' });
  if (js.status === 200) {
    const spec = loginSpecFromScript(js.body, '/js/login.js');
    if (spec) return spec;
  }
  const page = await http.request({ method: 'GET', path: '/' });
  return page.status === 200 ? loginSpecFromPage(page.body, 'the login page') : undefined;
}

/** Outcome of one password on a web phone. */
interface WebTry {
  client?: WebUiClient;
  dialect?: 'legacy' | 'ucs6';
  /** The phone warned that one more wrong password locks it. */
  lastAttempt?: boolean;
}

async function tryWeb(http: PhoneHttp, password: string, form: LoginSpec | undefined): Promise<WebTry> {
  const client = new WebUiClient(http, new WebAuth(http, password, form));
  try {
    await client.authenticate();
    return { client, dialect: client.dialect };
  } catch (err) {
    if (err instanceof WrongPasswordError) return { dialect: client.dialect, lastAttempt: err.lastAttempt };
    throw err;
  }
}

/**
 * Try one password on a web phone: the login its pages describe when they describe one, else the
 * Basic (cookie) login, then (on 401) the usual UC 6 login URL.
 */
async function loginWeb(http: PhoneHttp, password: string, known: 'legacy' | 'ucs6' | undefined, described: LoginSpec | undefined): Promise<WebTry> {
  if (described && known !== 'legacy') {
    try {
      return await tryWeb(http, password, described);
    } catch (err) {
      // The described login does not exist (404): use the Basic login below.
      if (!(err instanceof PhoneError && err.code === 'PHONE_REFUSED' && /HTTP 404/.test(err.message))) throw err;
    }
  }
  if (known !== 'ucs6') {
    const legacy = await tryWeb(http, password, undefined);
    if (legacy.client || known === 'legacy' || described) return legacy;
  }
  try {
    return await tryWeb(http, password, described ?? { method: 'POST', path: DEFAULT_LOGIN_PATH, from: 'the usual UC 6 login URL' });
  } catch (err) {
    // A phone without /form-submit/auth.htm (404) is a legacy phone that refused the password.
    if (err instanceof PhoneError && err.code === 'PHONE_REFUSED' && /HTTP 404/.test(err.message)) return { dialect: 'legacy' };
    throw err;
  }
}

/**
 * Probe a phone and log in with the first password it accepts.
 * @returns a logged-in client (close it when done) and the index of the password that worked
 * @throws NotAPolycomError, WrongPasswordError (all refused, count only), LockedOutError,
 *   RestDisabledError (REST forced but off), DefaultPasswordRefusedError (REST forced, or no web
 *   UI to fall back to), UnreachableError, PhoneTimeoutError
 */
export async function connectPolycom(endpoint: PhoneEndpoint, opts: ConnectOptions): Promise<{ client: LoggedInClient; passwordIndex: number }> {
  const http = new PhoneHttp(endpoint, opts.timeoutMs);
  try {
    const want = opts.dialect ?? 'auto';
    const probe = await probePhone(http);
    if (!probe.polycom && want === 'auto') throw new NotAPolycomError(http.label, probe.server ? `its web server is "${probe.server}"` : 'no Polycom web server answers there');
    if (want === 'rest' && probe.rest === 'off') throw new RestDisabledError(http.label);
    const useRest = want === 'rest' || (want === 'auto' && probe.rest === 'enabled');
    const maxWrong = opts.maxWrongPasswords ?? 4;
    let wrong = 0;
    let webDialect: 'legacy' | 'ucs6' | undefined = want === 'legacy' || want === 'ucs6' ? want : undefined;
    let refusedDefault: DefaultPasswordRefusedError | undefined;
    let described: LoginSpec | undefined | null = null;
    for (const [i, password] of opts.passwords.entries()) {
      if (wrong >= maxWrong) break;
      if (useRest) {
        const rest = new RestClient(http, password);
        try {
          await rest.authenticate();
          return { client: rest, passwordIndex: i };
        } catch (err) {
          if (err instanceof WrongPasswordError) {
            wrong++;
            continue;
          }
          if (!(err instanceof DefaultPasswordRefusedError) || want === 'rest') throw err;
          refusedDefault = err; // the password is right; REST refuses it: fall back to the web UI.
        }
      }
      if (described === null) described = await discoverLogin(http);
      const web = await loginWeb(http, password, webDialect, described);
      if (web.client) return { client: web.client, passwordIndex: i };
      webDialect = web.dialect;
      if (refusedDefault) throw refusedDefault;
      wrong++;
      if (web.lastAttempt) throw new WrongPasswordError(http.label, wrong, true);
    }
    if (!opts.passwords.length) throw new WrongPasswordError(http.label, 0);
    throw new WrongPasswordError(http.label, wrong);
  } catch (err) {
    http.close();
    throw err;
  }
}
