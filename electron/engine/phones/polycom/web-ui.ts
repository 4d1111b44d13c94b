/**
 * The Polycom web UI as a client (both web dialects; login differs, see web-auth.ts).
 * Source: facts §3 — info cells on `home.htm`; `GET /provConf.htm`, inputs with `paramName`,
 * their `name` posted to `/form-submit` (answer `CONF_CHANGE`); `POST /form-submit/Reboot`,
 * `/form-submit/Restart`, `/form-submit/Utilities/restorePhoneToFactory`. Seed
 * `altigen-maxcs-polycom-configuration-guide.txt` Step 1 (Utilities › Phone Backup & Restore ›
 * Restore) and Step 9 / Figure 54 (Server Type, Address, User, Password, Boot Server = Static).
 */
import { tryNormalizeMac } from '../../../../shared/mac';
import { findPolycomModel, findPolycomModelByPart } from '../../../../shared/models';
import {
  bootServerModeValue,
  parseBootServerMode,
  parseServerType,
  PROV_PARAMS,
  serverTypeValue,
  type BootServerSettings,
  type PhoneProvisioning,
  type PhoneWebInfo,
} from '../../../../shared/phone-web';
import { LockedOutError, NotAPolycomError, PhoneRefusedError, WrongPasswordError } from '../phone-errors';
import type { PhoneHttp, PhoneResponse } from '../http/phone-http';
import { PolycomClientBase, provisioningFromValues } from './client';
import { saysLocked, type WebAuth } from './web-auth';
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

/** Pick the option of a select whose value means `want` (numbers or names, any case). */
function optionFor(field: FormField, want: number, parse: (v: string) => unknown, wanted: unknown): string {
  const match = field.options?.find((o) => parse(o) === wanted);
  return match ?? String(want);
}

/** A Polycom web UI client; `auth` decides the dialect. */
export class WebUiClient extends PolycomClientBase {
  readonly dialect: 'legacy' | 'ucs6';
  private loggedIn = false;

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
    return provisioningFromValues((p) => fields.get(p)?.value);
  }

  protected async writeProvisioning(s: BootServerSettings): Promise<void> {
    const fields = await this.provFields();
    const need = (p: string): FormField => {
      const f = fields.get(p);
      if (!f) throw new PhoneRefusedError(this.http.label, `its provisioning page has no ${p} field`, 'This firmware\u2019s web UI is not supported for this setting: use the REST API dialect or set it from the phone\u2019s menu.');
      return f;
    };
    const form = new URLSearchParams();
    const typeField = need(PROV_PARAMS.serverType);
    form.set(typeField.name, optionFor(typeField, serverTypeValue(s.type), (o) => parseServerType(o), s.type));
    form.set(need(PROV_PARAMS.serverName).name, s.server);
    if (s.user !== undefined) form.set(need(PROV_PARAMS.user).name, s.user);
    if (s.password !== undefined) form.set(need(PROV_PARAMS.password).name, s.password);
    const mode = s.bootServer ?? 'static';
    const modeField = need(PROV_PARAMS.bootServer);
    form.set(modeField.name, optionFor(modeField, bootServerModeValue(mode), (o) => parseBootServerMode(o), mode));
    if (s.tagSerialNo !== undefined && fields.has(PROV_PARAMS.tagSerialNo)) form.set(fields.get(PROV_PARAMS.tagSerialNo)!.name, s.tagSerialNo ? '1' : '0');
    const res = await this.send('POST', '/form-submit', form.toString());
    if (!/CONF_CHANGE|CONF_NO_CHANGE/.test(res.body)) throw new PhoneRefusedError(this.http.label, `saving answered "${res.body.slice(0, 80).trim()}" instead of CONF_CHANGE`);
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

  /** One authenticated request; logs in first, and once more when a session expired. */
  private async send(method: 'GET' | 'POST', path: string, body?: string): Promise<PhoneResponse> {
    if (!this.loggedIn) await this.authenticate();
    const go = () =>
      this.http.request({
        method,
        path,
        headers: { ...this.auth.headers(method === 'POST'), ...(body !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
    let res = await go();
    if (res.status !== 200 && !saysLocked(res) && this.auth.canRelogin(res)) {
      await this.authenticate();
      res = await go();
    }
    if (saysLocked(res)) throw new LockedOutError(this.http.label);
    if (res.status === 401) throw new WrongPasswordError(this.http.label, 1);
    if (res.status !== 200) throw new PhoneRefusedError(this.http.label, `${method} ${path} answered HTTP ${res.status}`);
    return res;
  }
}
