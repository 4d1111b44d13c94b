/**
 * The simulated phone's web UI routes, both flavours (facts §3):
 * - legacy: every page needs `Authorization: Basic` (header or `Authorization=Basic ...` cookie);
 *   a wrong password answers 401; there is no `/form-submit/auth.htm` (404).
 * - UC 6: the cookie method answers 401; `POST /form-submit/auth.htm` with Basic answers
 *   `SUCCESS` + `Set-Cookie: session=...` or `INVALID_LOGIN`; pages need the session; every
 *   `POST /form-submit...` needs the `anti-csrf-token` header of the session (403 otherwise).
 * Saving answers `CONF_CHANGE` (or `CONF_NO_CHANGE`); Reboot / Restart /
 * Utilities/restorePhoneToFactory answer 200 and act after the answer is sent.
 * Lockout wording is **(uncertain)**: this simulator answers 403 "locked out" (legacy) and
 * `LOCKED_OUT` (UC 6 login).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { fieldNames, homePage, indexPage, loginPage, provisioningPage, selectValues } from './pages';
import type { SimPhone } from './sim-phone';

/** A request as the routes see it. */
export interface SimRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to answer, and what to do once the answer is sent. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body: string;
  after?: 'reboot' | 'restart' | 'factoryReset' | 'savedReboot';
}

/** Shared context of a request. */
export interface RouteContext {
  phone: SimPhone;
  /** Address reported on the home page. */
  ip: string;
}

const HTML = { 'Content-Type': 'text/html; charset=utf-8' };
const TEXT = { 'Content-Type': 'text/plain; charset=utf-8' };

/** Password from `Authorization: Basic` (user must be Polycom). */
export function basicPassword(value: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)/i.exec(value ?? '');
  if (!m) return undefined;
  const plain = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = plain.indexOf(':');
  return i >= 0 && plain.slice(0, i) === 'Polycom' ? plain.slice(i + 1) : undefined;
}

/** Cookies of a request by name. */
export function cookies(h: IncomingHttpHeaders): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (h.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

const unauthorized = (): SimResponse => ({ status: 401, headers: { ...HTML, 'WWW-Authenticate': 'Basic realm="Polycom"' }, body: '<html><body>401 Unauthorized</body></html>' });
const lockedPage = (): SimResponse => ({ status: 403, headers: HTML, body: '<html><body>Web login locked out: too many failed attempts. Try again later.</body></html>' });

/** Legacy login: the Basic header or the Authorization cookie. */
function legacyAuth(ctx: RouteContext, req: SimRequest): SimResponse | undefined {
  const pw = basicPassword(req.headers.authorization) ?? basicPassword(decodeURIComponent(cookies(req.headers).get('Authorization') ?? ''));
  if (ctx.phone.locked) return lockedPage();
  if (pw === undefined) return unauthorized();
  const r = ctx.phone.checkPassword(pw);
  return r === 'ok' ? undefined : r === 'locked' ? lockedPage() : unauthorized();
}

/** UC 6 session check; for a POST also the CSRF token. */
function ucs6Auth(ctx: RouteContext, req: SimRequest, post: boolean): SimResponse | undefined {
  const id = cookies(req.headers).get('session');
  const token = id ? ctx.phone.sessions.get(id) : undefined;
  if (token === undefined) return unauthorized();
  if (post && req.headers['anti-csrf-token'] !== token) return { status: 403, headers: TEXT, body: 'Forbidden: invalid anti-csrf-token' };
  return undefined;
}

function ucs6Login(ctx: RouteContext, req: SimRequest): SimResponse {
  const r = ctx.phone.checkPassword(basicPassword(req.headers.authorization));
  if (r === 'locked') return { status: 200, headers: TEXT, body: 'LOCKED_OUT' };
  if (r === 'wrong') return { status: 200, headers: TEXT, body: 'INVALID_LOGIN' };
  const s = ctx.phone.newSession();
  return { status: 200, headers: { ...TEXT, 'Set-Cookie': `session=${s.id}; Path=/; HttpOnly` }, body: 'SUCCESS' };
}

/** Apply a provisioning-page form post. */
function saveForm(ctx: RouteContext, body: string): SimResponse {
  const { byName } = fieldNames(ctx.phone);
  const form = new URLSearchParams(body);
  let changed = false;
  for (const [name, value] of form) {
    const param = byName.get(name);
    if (!param) return { status: 200, headers: TEXT, body: `CONF_ERROR unknown field ${name}` };
    const allowed = selectValues(param);
    if (allowed && !allowed.includes(value)) return { status: 200, headers: TEXT, body: `CONF_ERROR invalid value for ${name}` };
    if (param === 'device.prov.password' && value === '********') continue;
    if (ctx.phone.params[param] !== value) {
      ctx.phone.params[param] = value;
      changed = true;
    }
  }
  return { status: 200, headers: TEXT, body: changed ? 'CONF_CHANGE' : 'CONF_NO_CHANGE', ...(changed ? { after: 'savedReboot' as const } : {}) };
}

/**
 * Answer a web-UI request.
 * @returns the response, or undefined when the path is not a web-UI path (404 by the caller)
 */
export function handleWeb(ctx: RouteContext, req: SimRequest): SimResponse | undefined {
  const ucs6 = ctx.phone.dialect === 'ucs6';
  const { method, path } = req;
  const post = method === 'POST';
  if (ucs6 && path === '/form-submit/auth.htm' && post) return ucs6Login(ctx, req);
  if (ucs6 && (path === '/' || path === '/index.htm') && method === 'GET') {
    const id = cookies(req.headers).get('session');
    const token = id ? ctx.phone.sessions.get(id) : undefined;
    return { status: 200, headers: HTML, body: token ? indexPage(ctx.phone, token) : loginPage(ctx.phone) };
  }
  const known = ['/', '/index.htm', '/home.htm', '/provConf.htm', '/Utilities/softwareUpgrade/getPhoneVersion', '/form-submit', '/form-submit/Reboot', '/form-submit/Restart', '/form-submit/Utilities/restorePhoneToFactory'];
  if (!known.includes(path)) return undefined;
  const denied = ucs6 ? ucs6Auth(ctx, req, post) : legacyAuth(ctx, req);
  if (denied) return denied;
  if (method === 'GET') {
    if (path === '/' || path === '/index.htm' || path === '/home.htm') return { status: 200, headers: HTML, body: homePage(ctx.phone, ctx.ip) };
    if (path === '/provConf.htm') return { status: 200, headers: HTML, body: provisioningPage(ctx.phone) };
    if (path === '/Utilities/softwareUpgrade/getPhoneVersion') return { status: 200, headers: TEXT, body: ctx.phone.appVersion };
  }
  if (!post) return { status: 405, headers: TEXT, body: 'Method Not Allowed' };
  if (path === '/form-submit') return saveForm(ctx, req.body);
  if (path === '/form-submit/Reboot') return { status: 200, headers: TEXT, body: '', after: 'reboot' };
  if (path === '/form-submit/Restart') return { status: 200, headers: TEXT, body: '', after: 'restart' };
  if (path === '/form-submit/Utilities/restorePhoneToFactory') return { status: 200, headers: TEXT, body: '', after: 'factoryReset' };
  return { status: 405, headers: TEXT, body: 'Method Not Allowed' };
}
