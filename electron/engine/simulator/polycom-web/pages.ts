/**
 * The simulated phone's web pages, shaped like the real ones where ProvKit reads them (facts §3):
 * `home.htm` with `<span textId=...>` label cells followed by value cells; `provConf.htm` with
 * inputs/selects carrying `paramName` and a firmware-specific numeric `name` (different per
 * dialect, so a client must read them from the page); `index.htm` with the UC 6 csrf-token meta.
 * The Provisioning Server panel follows the seed's Figure 54.
 */
import { formatMac } from '../../../../shared/mac';
import { BOOT_SERVER_MODES, PROV_PARAMS, SERVER_TYPES } from '../../../../shared/phone-web';
import type { SimPhone } from './sim-phone';

/** `Server` header of Polycom phones' web servers. */
export const POLYCOM_SERVER_HEADER = 'Polycom SoundPoint IP Telephone HTTPd';

/** One field of the provisioning page. */
interface FieldSpec {
  param: string;
  label: string;
  textId: number;
  /** Select options `[value, label]`; an input when absent. */
  options?: Array<[string, string]>;
  password?: boolean;
  id?: string;
}

/** Figure 54's fields, in its order. */
const PROV_FIELDS: FieldSpec[] = [
  { param: PROV_PARAMS.serverType, label: 'Server Type', textId: 317, options: SERVER_TYPES.map((t) => [String(t.value), t.text]) },
  { param: PROV_PARAMS.serverName, label: 'Server Address', textId: 318 },
  { param: PROV_PARAMS.user, label: 'Server User', textId: 319 },
  { param: PROV_PARAMS.password, label: 'Server Password', textId: 320, password: true },
  { param: 'device.prov.redunAttemptLimit', label: 'File Transmit Tries', textId: 321 },
  { param: 'device.prov.redunInterAttemptDelay', label: 'Retry Wait (s)', textId: 322 },
  { param: PROV_PARAMS.tagSerialNo, label: 'Tag SN to UA', textId: 323, options: [['1', 'Enable'], ['0', 'Disable']] },
  { param: PROV_PARAMS.bootServer, label: 'Boot Server', textId: 361, id: 'provBootSrvSelectBox', options: BOOT_SERVER_MODES.map((m) => [String(m.value), m.label]) },
  { param: PROV_PARAMS.bootServerOption, label: 'Boot Server Option', textId: 362 },
  { param: PROV_PARAMS.bootServerOptionType, label: 'Boot Server Type', textId: 363, options: [['IP', 'IP Address'], ['String', 'String']] },
];

/** First form-field number per dialect (real firmware numbers them differently). */
const NAME_BASE: Record<string, number> = { legacy: 420, ucs6: 480, rest: 440 };

/**
 * The form `name` of each provisioning parameter on this phone.
 * @returns paramName → name, and name → paramName
 */
export function fieldNames(phone: SimPhone): { byParam: Map<string, string>; byName: Map<string, string> } {
  const base = NAME_BASE[phone.dialect] ?? 400;
  const byParam = new Map<string, string>();
  const byName = new Map<string, string>();
  PROV_FIELDS.forEach((f, i) => {
    const name = String(base + i * 2);
    byParam.set(f.param, name);
    byName.set(name, f.param);
  });
  return { byParam, byName };
}

/** Allowed select values of a parameter, when it is a select. */
export function selectValues(param: string): string[] | undefined {
  return PROV_FIELDS.find((f) => f.param === param)?.options?.map(([v]) => v);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function page(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title>${head}</head>\n<body><div id="wrapper"><div id="content"><div id="pageContent">\n${body}\n</div></div></div></body></html>\n`;
}

/** `home.htm`: model, part number, MAC, IP, UC software and Updater versions. */
export function homePage(phone: SimPhone, ip: string): string {
  const rows: Array<[number, string, string]> = [
    [292, 'Phone Model:', phone.model.displayName],
    [293, 'Part Number:', `${phone.model.partNumber} Rev:A`],
    [294, 'MAC Address:', formatMac(phone.mac)],
    [97, 'IP Address:', ip],
    [1023, 'UC Software Version:', phone.appVersion],
    [297, 'Updater Version:', phone.updaterVersion],
  ];
  const table = rows.map(([id, label, value]) => `<tr>\n  <td><span textId="${id}">${label}</span></td>\n  <td>${esc(value)}</td>\n</tr>`).join('\n');
  return page(`Polycom - ${phone.model.displayName} Web Configuration Utility`, `<div id="home"><table>\n${table}\n</table></div>`);
}

/** `provConf.htm`: the Provisioning Server panel and its DHCP Menu (seed Figure 54). */
export function provisioningPage(phone: SimPhone): string {
  const { byParam } = fieldNames(phone);
  const rows = PROV_FIELDS.map((f) => {
    const name = byParam.get(f.param)!;
    const value = f.password ? (phone.params[f.param] ? '********' : '') : (phone.params[f.param] ?? '');
    const common = `name="${name}" paramName="${f.param}" isRebootRequired="true" helpid="${f.textId}"`;
    const control = f.options
      ? `<select ${common}${f.id ? ` id="${f.id}"` : ''}>${f.options.map(([v, l]) => `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(l)}</option>`).join('')}</select>`
      : `<input ${common} type="${f.password ? 'password' : 'text'}" value="${esc(value)}" maxlength="255">`;
    return `<tr>\n  <td><span textId="${f.textId}">${f.label}</span></td>\n  <td>${control}</td>\n</tr>`;
  }).join('\n');
  return page(`Polycom - Provisioning Server`, `<div id="section"><p class="section"><strong>Provisioning Server</strong></p><table>\n${rows}\n</table></div>\n<div id="buttonContent"><button type="button"><span textId="574">Save</span></button></div>`);
}

/** UC 6 `index.htm`: the application page with the session's CSRF token. */
export function indexPage(phone: SimPhone, token: string): string {
  return page(`Polycom - ${phone.model.displayName} Web Configuration Utility`, '<ul id="topMenu"><li id="topMenuItem4">Settings</li></ul>', `<meta name="csrf-token" content="${esc(token)}"/>`);
}

/** UC 6 login page (what `/` and `/index.htm` show without a session). */
export function loginPage(phone: SimPhone): string {
  return page(`Polycom - ${phone.model.displayName} Web Configuration Utility`, '<form id="loginForm"><input type="radio" name="login" value="Admin" checked> Admin <input type="password" name="password"> <input type="button" class="button gray medium" value="Submit"></form>\n<script>/* POST /form-submit/auth.htm with Basic auth; SUCCESS or INVALID_LOGIN */</script>');
}
