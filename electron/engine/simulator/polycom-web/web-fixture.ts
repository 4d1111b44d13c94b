/**
 * The simulated phones' web UIs come from page captures kept as fixtures (`test/fixtures/phone-web/
 * <name>/`): a `flow.json` saying how that web UI logs in, which pages it serves with and without a
 * login, whether POSTs need an anti-CSRF token, and the page files themselves (`home.htm`,
 * `provConf.htm`, `index.htm`, `js/login.js` ...) with `{{placeholders}}` for the phone's identity.
 * The provisioning page's field names and select options are read from the page (parse5), so the
 * simulator knows no more than the page says — never ProvKit's own client tables.
 * Source: docs/sources.md "Phone web UI" (what each fixture was derived from).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, serialize, type DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** How one captured web UI behaves (`flow.json`). */
export interface WebUiFlow {
  describes: string;
  /** Path → file served once logged in. */
  pages: Record<string, string>;
  /** Path → file served without a login (the login page, its script). */
  publicPages: Record<string, string>;
  /** The login form's call, or null when Basic credentials open every page. */
  login: null | {
    method: 'POST' | 'GET';
    path: string;
    /** Cookie name the login sets, or null when it sets none. */
    setsCookie: string | null;
    answers: { success: string; invalid: string; oneLeft?: string; locked: string };
  };
  /** What opens a page: the login's session cookie, the Basic header, the `Authorization` cookie. */
  pageAuth: Array<'session' | 'basic' | 'authorizationCookie'>;
  /** POSTs need the token of `<meta name="csrf-token">` in this header (and this Referer path). */
  csrf: null | { header: string; referer: string | null };
  /** Answer while the login is locked. */
  locked: { status: number; body: string };
  save: { path: string; changed: string; unchanged: string };
  /** POST path → what the phone does after answering. */
  actions: Record<string, 'reboot' | 'restart' | 'factoryReset'>;
}

/** One select option of a captured page. */
export interface PageOption {
  value: string;
  label: string;
}

/** A loaded web UI fixture. */
export interface WebUiFixture {
  name: string;
  flow: WebUiFlow;
  /** File (relative, `/` separators) → text. */
  files: Map<string, string>;
  /** Provisioning page form field name → parameter and (for a select) its options. */
  fields: Map<string, { param: string; options?: PageOption[] }>;
}

/** The REST fixture (`rest/flow.json`). */
export interface RestFixture {
  webUi: string;
  /** device/info `data` templates (JSON text with placeholders). */
  deviceInfo: { before57: string; from57: string };
}

/**
 * Where the fixtures are: `$PROVKIT_PHONE_WEB_FIXTURES`, else `test/fixtures/phone-web` in the
 * nearest folder above this module that has it.
 * @throws Error naming the folders looked in when there is none
 */
export function phoneWebFixtureRoot(): string {
  const env = process.env.PROVKIT_PHONE_WEB_FIXTURES;
  if (env) return resolve(env);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'test', 'fixtures', 'phone-web');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('the simulated phones\u2019 page captures (test/fixtures/phone-web) were not found above the simulator; set PROVKIT_PHONE_WEB_FIXTURES to that folder');
}

function elements(node: Node, out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node);
  if ('childNodes' in node) for (const c of node.childNodes) elements(c, out);
  return out;
}

const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const text = (el: Node): string => (el.nodeName === '#text' ? (el as DefaultTreeAdapterTypes.TextNode).value : 'childNodes' in el ? el.childNodes.map(text).join(' ') : '').replace(/\s+/g, ' ').trim();

function readTree(dir: string, base = dir, out = new Map<string, string>()): Map<string, string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) readTree(p, base, out);
    else out.set(relative(base, p).split('\\').join('/'), readFileSync(p, 'utf8'));
  }
  return out;
}

/** Form fields (`paramName` inputs and selects) of a page. */
export function pageFields(html: string): Map<string, { param: string; options?: PageOption[] }> {
  const out = new Map<string, { param: string; options?: PageOption[] }>();
  for (const el of elements(parse(html))) {
    const param = attr(el, 'paramname');
    const name = attr(el, 'name');
    if (!param || name === undefined || (el.tagName !== 'input' && el.tagName !== 'select')) continue;
    const options = el.tagName === 'select' ? elements(el).filter((o) => o.tagName === 'option').map((o) => ({ value: attr(o, 'value') ?? text(o), label: text(o) })) : undefined;
    out.set(name, { param, ...(options ? { options } : {}) });
  }
  return out;
}

const cache = new Map<string, WebUiFixture>();

/**
 * Load a web UI fixture by name (cached).
 * @throws Error naming the fixture and the file when one is missing or `flow.json` is malformed
 */
export function loadWebUiFixture(name: string, root = phoneWebFixtureRoot()): WebUiFixture {
  const key = join(root, name);
  const hit = cache.get(key);
  if (hit) return hit;
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(key)) throw new Error(`no simulated web UI "${name}" in ${root}`);
  const files = readTree(key);
  const flow = JSON.parse(files.get('flow.json') ?? 'null') as WebUiFlow | null;
  if (!flow || typeof flow.pages !== 'object' || !Array.isArray(flow.pageAuth) || !flow.save || !flow.actions) throw new Error(`${name}/flow.json: pages, pageAuth, save and actions are required`);
  for (const f of [...Object.values(flow.pages), ...Object.values(flow.publicPages ?? {})]) if (!files.has(f)) throw new Error(`${name}/flow.json names ${f}, which is not in the fixture`);
  const prov = flow.pages['/provConf.htm'];
  const fx: WebUiFixture = { name, flow: { ...flow, publicPages: flow.publicPages ?? {} }, files, fields: prov ? pageFields(files.get(prov)!) : new Map() };
  cache.set(key, fx);
  return fx;
}

/** Load the REST fixture. @throws Error when it is missing or malformed */
export function loadRestFixture(root = phoneWebFixtureRoot()): RestFixture {
  const dir = join(root, 'rest');
  const flow = JSON.parse(readFileSync(join(dir, 'flow.json'), 'utf8')) as { webUi?: string; deviceInfo?: { before57?: string; from57?: string } };
  if (!flow.webUi || !flow.deviceInfo?.before57 || !flow.deviceInfo.from57) throw new Error('rest/flow.json: webUi and deviceInfo.before57/from57 are required');
  return { webUi: flow.webUi, deviceInfo: { before57: readFileSync(join(dir, flow.deviceInfo.before57), 'utf8'), from57: readFileSync(join(dir, flow.deviceInfo.from57), 'utf8') } };
}

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Fill `{{name}}` placeholders.
 * @param escape how a value is escaped for the file (HTML by default; JSON for JSON templates)
 */
export function fillPlaceholders(template: string, vars: Record<string, string>, escape: (s: string) => string = escHtml): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (vars[k] !== undefined ? escape(vars[k]) : m));
}

/**
 * Render a page of a fixture: placeholders filled; on a page with `paramName` fields, each input's
 * value and each select's selected option set from the phone's parameters (a set password shows as
 * `********`).
 * @param params the phone's parameters by Polycom name
 */
export function renderPage(fx: WebUiFixture, file: string, vars: Record<string, string>, params: Record<string, string>): string {
  const html = fillPlaceholders(fx.files.get(file) ?? '', vars);
  if (!/paramname/i.test(html)) return html;
  const doc = parse(html);
  for (const el of elements(doc)) {
    const param = attr(el, 'paramname');
    if (!param || params[param] === undefined) continue;
    const value = param === 'device.prov.password' ? (params[param] ? '********' : '') : params[param]!;
    if (el.tagName === 'input') {
      el.attrs = [...el.attrs.filter((a) => a.name !== 'value'), { name: 'value', value }];
    } else if (el.tagName === 'select') {
      for (const o of elements(el).filter((x) => x.tagName === 'option')) {
        o.attrs = o.attrs.filter((a) => a.name !== 'selected');
        if ((attr(o, 'value') ?? text(o)) === value) o.attrs.push({ name: 'selected', value: '' });
      }
    }
  }
  return serialize(doc);
}
