/**
 * The simulated phone's web UI routes, driven by the phone's web UI fixture (web-fixture.ts
 * `flow.json`): the login call it describes and its answers (`lockparams|SUCCESS|0`, with or
 * without a session cookie), what opens a page (session cookie, Basic header, `Authorization`
 * cookie), the anti-CSRF token every POST must carry (403 otherwise), saving the provisioning page
 * by the field names the page gives (`CONF_CHANGE` / `CONF_NO_CHANGE`, a select only takes the
 * values it lists), and the actions (reboot, restart, factory reset) that act after the answer.
 * A wrong password on a page answers 401 (and counts toward the lockout when the page checked it).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { servePage } from './pages';
import { SimPhone } from './sim-phone';

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
const JS = { 'Content-Type': 'application/javascript' };

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

type Access = { ok: true; token: string | undefined } | { ok: false; why: 'none' | 'wrong' | 'locked' };

/** What opens this request, by the fixture's `pageAuth`, and the anti-CSRF token that goes with it. */
function access(ctx: RouteContext, req: SimRequest): Access {
  const { phone } = ctx;
  const flow = phone.web.flow;
  const jar = cookies(req.headers);
  if (flow.pageAuth.includes('session')) {
    const id = jar.get(flow.login?.setsCookie ?? 'session');
    const token = id ? phone.sessions.get(id) : undefined;
    if (token !== undefined) return { ok: true, token };
  }
  const viaHeader = flow.pageAuth.includes('basic') ? basicPassword(req.headers.authorization) : undefined;
  const viaCookie = flow.pageAuth.includes('authorizationCookie') ? basicPassword(decodeURIComponent(jar.get('Authorization') ?? '')) : undefined;
  const pw = viaHeader ?? viaCookie;
  if (phone.locked && !flow.pageAuth.includes('session')) return { ok: false, why: 'locked' };
  if (pw === undefined) return { ok: false, why: 'none' };
  const r = phone.checkPassword(pw);
  if (r !== 'ok') return { ok: false, why: r };
  if (flow.csrf) phone.csrfToken ??= SimPhone.newToken();
  return { ok: true, token: phone.csrfToken };
}

/** The login call the fixture describes. */
function login(ctx: RouteContext, req: SimRequest): SimResponse {
  const { phone } = ctx;
  const l = phone.web.flow.login!;
  const r = phone.checkPassword(basicPassword(req.headers.authorization));
  if (r === 'locked') return { status: 200, headers: TEXT, body: l.answers.locked };
  if (r === 'wrong') return { status: 200, headers: TEXT, body: phone.locked ? l.answers.locked : phone.attemptsLeft === 1 && l.answers.oneLeft ? l.answers.oneLeft : l.answers.invalid };
  if (l.setsCookie) {
    const s = phone.newSession();
    return { status: 200, headers: { ...TEXT, 'Set-Cookie': `${l.setsCookie}=${s.id}; Path=/; HttpOnly` }, body: l.answers.success };
  }
  phone.csrfToken = SimPhone.newToken();
  return { status: 200, headers: TEXT, body: l.answers.success };
}

/** Does a POST carry the token (and the Referer) the page asks for? */
function csrfRefusal(ctx: RouteContext, req: SimRequest, token: string | undefined): SimResponse | undefined {
  const c = ctx.phone.web.flow.csrf;
  if (!c) return undefined;
  const sent = req.headers[c.header.toLowerCase()];
  if (!token || sent !== token) return { status: 403, headers: TEXT, body: 'Forbidden: invalid anti-csrf-token' };
  if (c.referer) {
    const u = URL.canParse(String(req.headers.referer ?? '')) ? new URL(String(req.headers.referer)) : undefined;
    if (!u || u.host !== req.headers.host || u.pathname !== c.referer) return { status: 403, headers: TEXT, body: 'Forbidden: bad referer' };
  }
  return undefined;
}

/** Apply a provisioning-page form post, by the field names of the page. */
function saveForm(ctx: RouteContext, body: string): SimResponse {
  const { phone } = ctx;
  const { fields, flow } = phone.web;
  const form = new URLSearchParams(body);
  let changed = false;
  for (const [name, value] of form) {
    const field = fields.get(name);
    if (!field) return { status: 200, headers: TEXT, body: `CONF_ERROR unknown field ${name}` };
    if (field.options && !field.options.some((o) => o.value === value)) return { status: 200, headers: TEXT, body: `CONF_ERROR invalid value for ${name}` };
    if (field.param === 'device.prov.password' && value === '********') continue;
    if (phone.params[field.param] !== value) {
      phone.params[field.param] = value;
      changed = true;
    }
  }
  return { status: 200, headers: TEXT, body: changed ? flow.save.changed : flow.save.unchanged, ...(changed ? { after: 'savedReboot' as const } : {}) };
}

/**
 * Answer a web-UI request.
 * @returns the response, or undefined when the path is not a web-UI path (404 by the caller)
 */
export function handleWeb(ctx: RouteContext, req: SimRequest): SimResponse | undefined {
  const { phone } = ctx;
  const flow = phone.web.flow;
  const { method, path } = req;
  if (flow.login && path === flow.login.path) return method === flow.login.method ? login(ctx, req) : { status: 405, headers: TEXT, body: 'Method Not Allowed' };
  const version = path === '/Utilities/softwareUpgrade/getPhoneVersion';
  const known = path in flow.pages || path in flow.publicPages || path === flow.save.path || path in flow.actions || version;
  if (!known) return undefined;
  const a = access(ctx, req);
  if (!a.ok) {
    if (method === 'GET' && path in flow.publicPages) {
      const file = flow.publicPages[path]!;
      return { status: 200, headers: file.endsWith('.js') ? JS : HTML, body: servePage(phone, file, ctx.ip) };
    }
    return a.why === 'locked' ? { status: flow.locked.status, headers: HTML, body: flow.locked.body } : unauthorized();
  }
  if (method === 'GET') {
    const file = flow.pages[path] ?? flow.publicPages[path];
    if (file) return { status: 200, headers: file.endsWith('.js') ? JS : HTML, body: servePage(phone, file, ctx.ip, a.token) };
    if (version) return { status: 200, headers: TEXT, body: phone.appVersion };
    return { status: 405, headers: TEXT, body: 'Method Not Allowed' };
  }
  if (method !== 'POST') return { status: 405, headers: TEXT, body: 'Method Not Allowed' };
  if (phone.opts.refusePosts) return { status: 403, headers: TEXT, body: 'Forbidden' };
  const refused = csrfRefusal(ctx, req, a.token);
  if (refused) return refused;
  if (path === flow.save.path) return saveForm(ctx, req.body);
  const after = flow.actions[path];
  if (after) return { status: 200, headers: TEXT, body: '', after };
  return { status: 405, headers: TEXT, body: 'Method Not Allowed' };
}
