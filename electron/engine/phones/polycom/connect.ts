/**
 * Find out how to talk to a phone and log in: probe without credentials (is it a Polycom? is the
 * REST API on?), then try the site's admin passwords in order (456 first) over the dialects that
 * answer — REST first when it is on, else the legacy cookie login, else the UC 6 session login.
 * Never more wrong passwords than `maxWrongPasswords` (phones lock their login after a few).
 * Source: facts §3 (cookie method answers 401 on UC 6; REST 4010 refuses the default password;
 * REST only when `apps.restapi.enabled="1"`).
 */
import type { PhoneDialect, PhoneEndpoint } from '../../../../shared/phone-web';
import { DefaultPasswordRefusedError, NotAPolycomError, PhoneError, RestDisabledError, WrongPasswordError } from '../phone-errors';
import { PhoneHttp, type PhoneResponse } from '../http/phone-http';
import { parseDigestChallenge } from '../http/digest';
import type { PolycomClient } from './client';
import { RestClient } from './rest';
import { LegacyAuth, Ucs6Auth } from './web-auth';
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

/** Try one password on a web phone: legacy cookie login, then (on 401) the UC 6 session login. */
async function loginWeb(http: PhoneHttp, password: string, known: 'legacy' | 'ucs6' | undefined): Promise<{ client?: WebUiClient; dialect?: 'legacy' | 'ucs6' }> {
  if (known !== 'ucs6') {
    const legacy = new WebUiClient(http, new LegacyAuth(http, password));
    try {
      await legacy.authenticate();
      return { client: legacy, dialect: 'legacy' };
    } catch (err) {
      if (!(err instanceof WrongPasswordError)) throw err;
      if (known === 'legacy') return { dialect: 'legacy' };
    }
  }
  const ucs6 = new WebUiClient(http, new Ucs6Auth(http, password));
  try {
    await ucs6.authenticate();
    return { client: ucs6, dialect: 'ucs6' };
  } catch (err) {
    // A phone without /form-submit/auth.htm (404) is a legacy phone that refused the password.
    if (err instanceof PhoneError && err.code === 'PHONE_REFUSED' && /HTTP 404/.test(err.message)) return { dialect: 'legacy' };
    if (err instanceof WrongPasswordError) return { dialect: 'ucs6' };
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
      const web = await loginWeb(http, password, webDialect);
      if (web.client) return { client: web.client, passwordIndex: i };
      webDialect = web.dialect;
      if (refusedDefault) throw refusedDefault;
      wrong++;
    }
    if (!opts.passwords.length) throw new WrongPasswordError(http.label, 0);
    throw new WrongPasswordError(http.label, wrong);
  } catch (err) {
    http.close();
    throw err;
  }
}
