/**
 * The Polycom web UI as a client (both web dialects; login differs, see web-auth.ts): info cells on
 * `home.htm`; `GET /provConf.htm`, its inputs and selects with `paramName`, posted to `/form-submit`
 * under the `name` the page gives them (answer `CONF_CHANGE`), select options chosen by what their
 * labels say; `POST /form-submit/Reboot`, `/form-submit/Restart`,
 * `/form-submit/Utilities/restorePhoneToFactory`.
 * Source: docs/sources.md "Phone web UI"; AltiGen MaxCS Polycom Configuration Guide, Step 1
 * (Utilities › Phone Backup & Restore › Restore) and Step 9 (Server Type, Address, User, Password,
 * Boot Server = Static).
 */
import { tryNormalizeMac } from '../../../../shared/mac';
import { findPolycomModel, findPolycomModelByPart } from '../../../../shared/models';
import { PROV_PARAMS, type BootServerSettings, type PhoneProvisioning, type PhoneWebInfo } from '../../../../shared/phone-web';
import { LockedOutError, NotAPolycomError, PhoneRefusedError } from '../phone-errors';
import type { PhoneHttp, PhoneResponse } from '../http/phone-http';
import { PolycomClientBase, provisioningFromValues } from './client';
import { saysLocked, type WebAuth } from './web-auth';
import { bootServerModeNamed, chooseOption, optionLabels, serverTypeNamed, shownValue, type ChosenOption } from './web-fields';
import { HOME_TEXT_IDS, parseHomeCells, parseParamFields, type FormField } from './web-pages';

/** The first version-looking token of a cell (`5.9.6.2327 02-Jan-20` → `5.9.6.2327`). */
export function versionToken(cell: string | undefined): string | undefined {
  if (!cell) return undefined;
  return /\d+(?:\.\d+){2,}[A-Za-z]?/.exec(cell)?.[0] ?? cell;
}

/**
 * Build PhoneWebInfo fields from home-page cells.
 * @param cells textId → text, from {@link parseHomeCells}
 */
export function infoFromHomeCells(cells: Record<string, string>): Omit<PhoneWebInfo, 'dialect' | 'host' | 'port' | 'https' | 'checkedAt'> {
  const part = /\d{4}-\d{5}-\d{3}/.exec(cells[HOME_TEXT_IDS.partNumber] ?? '')?.[0];
  const model = cells[HOME_TEXT_IDS.model];
  const code = (model ? findPolycomModel(model)?.code : undefined) ?? (part ? findPolycomModelByPart(part)?.code : undefined);
  const mac = tryNormalizeMac(cells[HOME_TEXT_IDS.mac]);
  const out: ReturnType<typeof infoFromHomeCells> = {};
  if (mac) out.mac = mac;
  if (model) out.model = model;
  if (code) out.modelCode = code;
  if (part) out.partNumber = part;
  const ip = cells[HOME_TEXT_IDS.ip];
  if (ip) out.ip = ip;
  const app = versionToken(cells[HOME_TEXT_IDS.appVersion]);
  if (app) out.appVersion = app;
  const upd = versionToken(cells[HOME_TEXT_IDS.updaterVersion]);
  if (upd) out.updaterVersion = upd;
  return out;
}

const enabledNamed = (t: string): boolean | undefined => (/^(enable|enabled|on|yes)$/i.test(t.trim()) ? true : /^(disable|disabled|off|no)$/i.test(t.trim()) ? false : undefined);

/** A Polycom web UI client; `auth` decides the dialect. */
export class WebUiClient extends PolycomClientBase {
  readonly dialect: 'legacy' | 'ucs6';
  private loggedIn = false;
  /** What the last write chose on the page (`Server Type: option "HTTP" (value 2)`). */
  writeNotes: string[] = [];

  constructor(
    http: PhoneHttp,
    private readonly auth: WebAuth,
  ) {
    super(http);
    this.dialect = auth.dialect;
  }

  /** Check the password now. @throws WrongPasswordError, LockedOutError, PhoneError */
  async authenticate(): Promise<void> {
    await this.auth.login();
    this.loggedIn = true;
  }

  async getInfo(): Promise<PhoneWebInfo> {
    const res = await this.send('GET', '/home.htm');
    const info = infoFromHomeCells(parseHomeCells(res.body));
    if (!info.mac && !info.model) throw new NotAPolycomError(this.http.label, 'its home page has no phone model or MAC address');
    return { ...this.infoBase(), ...info };
  }

  async getProvisioning(): Promise<PhoneProvisioning> {
    const fields = await this.provFields();
    return provisioningFromValues((p) => {
      const f = fields.get(p);
      if (p === PROV_PARAMS.serverType) return serverTypeNamed(shownValue(f, serverTypeNamed) ?? '') ?? f?.value;
      if (p === PROV_PARAMS.bootServer) return bootServerModeNamed(shownValue(f, bootServerModeNamed) ?? '') ?? f?.value;
      if (p === PROV_PARAMS.tagSerialNo && f?.kind === 'select') {
        const on = enabledNamed(f.label ?? '');
        return on === undefined ? f.value : on ? '1' : '0';
      }
      return f?.value;
    });
  }

  protected async writeProvisioning(s: BootServerSettings): Promise<void> {
    const fields = await this.provFields();
    const need = (p: string): FormField => {
      const f = fields.get(p);
      if (!f) throw new PhoneRefusedError(this.http.label, `its provisioning page has no ${p} field`, 'This firmware\u2019s web UI is not supported for this setting: use the REST API dialect or set it from the phone\u2019s menu.');
      return f;
    };
    const pick = <T>(f: FormField, named: (t: string) => T | undefined, want: T, what: string, wantText: string): ChosenOption | undefined => {
      if (f.kind !== 'select') return undefined;
      const c = chooseOption(f, named, want, what);
      if (!c) throw new PhoneRefusedError(this.http.label, `its provisioning page offers no ${what} option for ${wantText} (it offers: ${optionLabels(f)})`, `Choose a ${what.toLowerCase()} this phone offers, or set it from the phone\u2019s menu or configuration files.`);
      return c;
    };
    const form = new URLSearchParams();
    const notes: string[] = [];
    const typeField = need(PROV_PARAMS.serverType);
    const type = pick(typeField, serverTypeNamed, s.type, 'Server Type', s.type.toUpperCase());
    form.set(typeField.name, type?.value ?? s.type.toUpperCase());
    if (type) notes.push(type.note);
    form.set(need(PROV_PARAMS.serverName).name, s.server);
    if (s.user !== undefined) form.set(need(PROV_PARAMS.user).name, s.user);
    if (s.password !== undefined) form.set(need(PROV_PARAMS.password).name, s.password);
    const mode = s.bootServer ?? 'static';
    const modeField = need(PROV_PARAMS.bootServer);
    const modeOpt = pick(modeField, bootServerModeNamed, mode, 'Boot Server', mode);
    form.set(modeField.name, modeOpt?.value ?? mode);
    if (modeOpt) notes.push(modeOpt.note);
    const tag = fields.get(PROV_PARAMS.tagSerialNo);
    if (s.tagSerialNo !== undefined && tag) {
      const c = tag.kind === 'select' ? chooseOption(tag, enabledNamed, s.tagSerialNo, 'Tag SN to UA') : undefined;
      form.set(tag.name, c?.value ?? (s.tagSerialNo ? '1' : '0'));
    }
    const res = await this.send('POST', '/form-submit', form.toString());
    if (!/CONF_CHANGE|CONF_NO_CHANGE/.test(res.body)) throw new PhoneRefusedError(this.http.label, `saving answered "${res.body.slice(0, 80).trim()}" instead of CONF_CHANGE`);
    this.writeNotes = notes;
  }

  async reboot(): Promise<void> {
    await this.send('POST', '/form-submit/Reboot', '');
  }

  async restart(): Promise<void> {
    await this.send('POST', '/form-submit/Restart', '');
  }

  async factoryReset(): Promise<void> {
    await this.send('POST', '/form-submit/Utilities/restorePhoneToFactory', '');
  }

  private async provFields(): Promise<Map<string, FormField>> {
    const res = await this.send('GET', '/provConf.htm');
    const fields = parseParamFields(res.body);
    if (!fields.has(PROV_PARAMS.serverName)) throw new PhoneRefusedError(this.http.label, 'its provisioning page (provConf.htm) has no Server Address field', 'This firmware\u2019s web UI is not supported: try the REST API dialect.');
    return fields;
  }

  /**
   * One authenticated request; logs in first, and once more (reading the anti-CSRF token again)
   * when the phone answers 401 or 403.
   * @throws LockedOutError; PhoneRefusedError naming what was sent when the phone refuses after a
   *   successful login (never WrongPasswordError: the login itself accepted the password)
   */
  private async send(method: 'GET' | 'POST', path: string, body?: string): Promise<PhoneResponse> {
    if (!this.loggedIn) await this.authenticate();
    const post = method === 'POST';
    const go = () =>
      this.http.request({
        method,
        path,
        headers: { ...this.auth.headers(post), ...(body !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
    let res = await go();
    let again = false;
    if (res.status !== 200 && !saysLocked(res) && this.auth.canRelogin(res)) {
      await this.authenticate();
      again = true;
      res = await go();
    }
    // A page that merely mentions a lock (a "Phone Lock" setting) is not a locked login: only refusals count.
    if (res.status !== 200 && saysLocked(res)) throw new LockedOutError(this.http.label);
    if (res.status === 401 || res.status === 403) {
      const what = `${method} ${path} answered HTTP ${res.status} after a successful login${again ? ' (and again after logging in anew)' : ''}, likely ${post ? 'over the anti-CSRF token (Anti-Csrf-Token) or a locked session' : 'because it did not accept the session'}; ProvKit ${this.auth.describe(post)}`;
      throw new PhoneRefusedError(this.http.label, what, 'Log in to the phone\u2019s web UI in a browser: close other open web sessions to it (the phone may allow one), check that saving works there, then retry; if the browser works and ProvKit does not, use the REST API dialect and report this message.');
    }
    if (res.status !== 200) throw new PhoneRefusedError(this.http.label, `${method} ${path} answered HTTP ${res.status}`);
    if (method === 'GET') this.auth.noteToken(res.body, path);
    return res;
  }
}
