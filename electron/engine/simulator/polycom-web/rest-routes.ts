/**
 * The simulated phone's REST API: only when `apps.restapi.enabled` (404 otherwise);
 * Basic or Digest auth as user Polycom; status 4010 while the admin password is the factory 456;
 * `device/info` from the REST fixture (test/fixtures/phone-web/rest: before 5.7 `FirmwareRelease`;
 * from 5.7 `Firmware: {Updater, Application, BootBlock}`); `config/get` / `config/set` (`device.*` only
 * with `device.set="1"` and `<param>.set="1"`; otherwise ignored, like a real phone); safeReboot,
 * safeRestart, factoryReset.
 */
import { formatMac } from '../../../../shared/mac';
import { PROV_PARAMS } from '../../../../shared/phone-web';
import { verifyDigest } from '../../phones/http/digest';
import { pageVars } from './pages';
import { fillPlaceholders, loadRestFixture } from './web-fixture';
import type { RouteContext, SimRequest, SimResponse } from './web-routes';
import { basicPassword } from './web-routes';

/** Extra context of REST requests. */
export interface RestContext extends RouteContext {
  /** Current Digest nonce (changes on every reboot). */
  nonce: string;
  realm: string;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

function reply(status: number, code: string, data?: unknown): SimResponse {
  return { status, headers: JSON_TYPE, body: JSON.stringify({ ...(data !== undefined ? { data } : {}), Status: code }) };
}

function atLeast57(version: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > 5 || (a === 5 && b >= 7);
}

/** device/info `data` from the REST fixture: the shape before UC 5.7 or from 5.7 on. */
function deviceInfo(ctx: RestContext): Record<string, unknown> {
  const p = ctx.phone;
  const fx = p.rest ?? loadRestFixture();
  const template = atLeast57(p.appVersion) ? fx.deviceInfo.from57 : fx.deviceInfo.before57;
  return JSON.parse(fillPlaceholders(template, pageVars(p, ctx.ip), (v) => JSON.stringify(v).slice(1, -1))) as Record<string, unknown>;
}

/** The options of a parameter's select on the phone's own provisioning page (fixture), if it is one. */
function pageOptions(ctx: RouteContext, param: string): Array<{ value: string; label: string }> | undefined {
  return [...ctx.phone.web.fields.values()].find((f) => f.param === param)?.options;
}

/** A stored parameter as `config/get` shows it: the server type by its page label, everything else as stored. */
function shown(ctx: RouteContext, param: string, value: string): string {
  if (param === PROV_PARAMS.serverType) return pageOptions(ctx, param)?.find((o) => o.value === value)?.label ?? value;
  return value;
}

/** A written select value as the page stores it (an option value, or the value of the option so labelled). */
function stored(ctx: RouteContext, param: string, value: string): string | undefined {
  const opts = pageOptions(ctx, param);
  if (!opts || (param !== PROV_PARAMS.serverType && param !== PROV_PARAMS.bootServer)) return value;
  return (opts.find((o) => o.value === value) ?? opts.find((o) => o.label.toLowerCase() === value.toLowerCase()))?.value;
}

function parseBody(body: string): { data?: unknown } | undefined {
  try {
    return JSON.parse(body || '{}') as { data?: unknown };
  } catch {
    return undefined;
  }
}

function configSet(ctx: RestContext, data: Record<string, unknown>): SimResponse {
  const next: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k.endsWith('.set') || k === 'device.set') continue;
    if (typeof v !== 'string') return reply(200, '4000');
    if (k.startsWith('device.') && (data['device.set'] !== '1' || data[`${k}.set`] !== '1')) continue; // ignored, as a phone does
    const value = stored(ctx, k, v);
    if (value === undefined) return reply(200, '4000');
    next[k] = value;
  }
  Object.assign(ctx.phone.params, next);
  return reply(200, '2000');
}

/** Check Basic or Digest credentials. @returns a refusal, or undefined when allowed */
function authenticate(ctx: RestContext, req: SimRequest): SimResponse | undefined {
  const p = ctx.phone;
  const challenge = (): SimResponse => ({
    status: 401,
    headers: { ...JSON_TYPE, 'WWW-Authenticate': p.opts.digest ? `Digest realm="${ctx.realm}", nonce="${ctx.nonce}", qop="auth", algorithm=MD5` : `Basic realm="${ctx.realm}"` },
    body: '',
  });
  if (p.locked) return { status: 403, headers: JSON_TYPE, body: JSON.stringify({ Status: '4003', data: { Message: 'login locked out after repeated failures' } }) };
  const header = req.headers.authorization;
  if (!header) return challenge();
  let result: 'ok' | 'wrong' | 'locked';
  if (p.opts.digest) {
    if (!/^Digest\s/i.test(header)) return challenge();
    result = verifyDigest(header, { realm: ctx.realm, nonce: ctx.nonce, user: 'Polycom', password: p.password, method: req.method }) ? p.checkPassword(p.password) : p.checkPassword(undefined);
  } else {
    result = p.checkPassword(basicPassword(header));
  }
  if (result === 'locked') return { status: 403, headers: JSON_TYPE, body: JSON.stringify({ Status: '4003', data: { Message: 'login locked out after repeated failures' } }) };
  if (result === 'wrong') return challenge();
  if (p.password === '456' && p.opts.refuseDefaultPassword !== false) return reply(403, '4010');
  return undefined;
}

/**
 * Answer a REST request (`/api/...`).
 * @returns the response, or undefined for paths outside `/api/`
 */
export function handleRest(ctx: RestContext, req: SimRequest): SimResponse | undefined {
  if (!req.path.startsWith('/api/')) return undefined;
  if (!ctx.phone.restEnabled) return { status: 404, headers: { 'Content-Type': 'text/html' }, body: '<html><body>404 Not Found</body></html>' };
  const denied = authenticate(ctx, req);
  if (denied) return denied;
  const route = `${req.method} ${req.path}`;
  switch (route) {
    case 'GET /api/v1/mgmt/device/info':
      return reply(200, '2000', deviceInfo(ctx));
    case 'GET /api/v1/mgmt/network/info':
      return reply(200, '2000', { IPV4Address: ctx.ip, MACAddress: formatMac(ctx.phone.mac), DHCP: 'enabled', ProvServerAddress: ctx.phone.params[PROV_PARAMS.serverName] ?? '', ProvServerType: shown(ctx, PROV_PARAMS.serverType, ctx.phone.params[PROV_PARAMS.serverType] ?? '') });
    case 'POST /api/v1/mgmt/config/get': {
      const body = parseBody(req.body);
      if (!body || !Array.isArray(body.data) || body.data.length > 20) return reply(200, '4000');
      const data: Record<string, { Value: string; Source: string }> = {};
      for (const name of body.data) if (typeof name === 'string' && ctx.phone.params[name] !== undefined) data[name] = { Value: shown(ctx, name, ctx.phone.params[name]!), Source: 'web' };
      return reply(200, '2000', data);
    }
    case 'POST /api/v1/mgmt/config/set': {
      const body = parseBody(req.body);
      if (!body || !body.data || typeof body.data !== 'object' || Array.isArray(body.data)) return reply(200, '4000');
      return configSet(ctx, body.data as Record<string, unknown>);
    }
    case 'GET /api/v1/mgmt/lineInfo': {
      // Polycom UC Software REST API: one object per line, strings throughout.
      const address = ctx.phone.params['reg.1.address'] ?? '';
      const line = { LineNumber: '1', Label: ctx.phone.params['reg.1.label'] ?? address, SIPAddress: address, ProxyAddress: ctx.phone.params['reg.1.server.1.address'] ?? '', Port: '5060', Protocol: 'SIP', LineType: 'private', UserID: address, RegistrationStatus: ctx.phone.opts.lineRegistered && address ? 'registered' : 'unregistered' };
      return reply(200, '2000', address ? [line] : []);
    }
    case 'POST /api/v1/mgmt/safeReboot':
      return { ...reply(200, '2000'), after: 'reboot' };
    case 'POST /api/v1/mgmt/safeRestart':
      return { ...reply(200, '2000'), after: 'restart' };
    case 'POST /api/v1/mgmt/factoryReset':
      return { ...reply(200, '2000'), after: 'factoryReset' };
    default:
      return reply(404, '4004');
  }
}
