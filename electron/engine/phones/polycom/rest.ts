/**
 * The Polycom REST API as a client (UC ≥5.4 with `apps.restapi.enabled="1"`; facts §3).
 * Basic auth as user `Polycom`, or Digest when the phone challenges with it. Answers are
 * `{"data":{...},"Status":"2000"}`; 4000 invalid input, 4001 busy, 4003 not allowed, 4004 not
 * supported, 4010 default password not allowed, 5000 failure. Device info before 5.7 carries
 * `FirmwareRelease`, `MACAddress`, `ModelNumber`; from 5.7 `Firmware: {Updater, Application,
 * BootBlock}` — both are read. `config/set` of `device.*` parameters needs `device.set="1"` and
 * `<param>.set="1"` (facts §3 "Redirect by config").
 */
import { tryNormalizeMac } from '../../../../shared/mac';
import { findPolycomModel } from '../../../../shared/models';
import {
  bootServerModeValue,
  PROV_PARAMS,
  SERVER_TYPES,
  type BootServerSettings,
  type PhoneProvisioning,
  type PhoneWebInfo,
} from '../../../../shared/phone-web';
import { DefaultPasswordRefusedError, LockedOutError, PhoneRefusedError, RestDisabledError, WrongPasswordError } from '../phone-errors';
import { parseDigestChallenge, digestAuthorization, type DigestChallenge } from '../http/digest';
import { basicAuth, type PhoneHttp, type PhoneResponse } from '../http/phone-http';
import { PolycomClientBase, provisioningFromValues, type PhoneLine } from './client';
import { saysLocked } from './web-auth';
import { versionToken } from './web-ui';

/** REST status codes and their meaning (facts §3). */
export const REST_STATUS: Record<string, string> = {
  '2000': 'OK',
  '4000': 'invalid input parameters',
  '4001': 'device busy',
  '4002': 'line not registered',
  '4003': 'operation not allowed',
  '4004': 'operation not supported',
  '4005': 'line does not exist',
  '4006': 'URLs not configured',
  '4007': 'call does not exist',
  '4008': 'configuration export failed',
  '4009': 'input size limit exceeded',
  '4010': 'default password not allowed',
  '5000': 'failed to process request',
};

const PATHS = {
  deviceInfo: '/api/v1/mgmt/device/info',
  configGet: '/api/v1/mgmt/config/get',
  configSet: '/api/v1/mgmt/config/set',
  safeReboot: '/api/v1/mgmt/safeReboot',
  safeRestart: '/api/v1/mgmt/safeRestart',
  factoryReset: '/api/v1/mgmt/factoryReset',
} as const;

/** Parameters read for the Provisioning Server panel. */
const READ_PARAMS = Object.values(PROV_PARAMS);

/**
 * Read PhoneWebInfo fields from a device-info `data` object, before or after UC 5.7.
 * @param d the `data` member of the answer
 */
export function infoFromDeviceData(d: Record<string, unknown>): Omit<PhoneWebInfo, 'dialect' | 'host' | 'port' | 'https' | 'checkedAt'> {
  const s = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const fw = (d.Firmware && typeof d.Firmware === 'object' ? d.Firmware : {}) as Record<string, unknown>;
  const out: ReturnType<typeof infoFromDeviceData> = {};
  const mac = tryNormalizeMac(s(d.MACAddress));
  if (mac) out.mac = mac;
  const model = s(d.ModelNumber);
  if (model) {
    out.model = model;
    const code = findPolycomModel(model)?.code;
    if (code) out.modelCode = code;
  }
  const ip = s(d.IPV4Address) ?? s(d.IPAddress);
  if (ip) out.ip = ip;
  const app = versionToken(s(fw.Application) ?? s(d.FirmwareRelease));
  if (app) out.appVersion = app;
  const upd = versionToken(s(fw.Updater) ?? s(d.UpdaterVersion) ?? s(d.BootROM));
  if (upd) out.updaterVersion = upd;
  const bb = s(fw.BootBlock);
  if (bb) out.bootBlockVersion = bb;
  return out;
}

/** A value of a `config/get` answer: `{"Value": "...", "Source": "..."}` or a bare string. */
function configValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { Value?: unknown }).Value === 'string') return (v as { Value: string }).Value;
  return undefined;
}

/** REST API client. */
export class RestClient extends PolycomClientBase {
  readonly dialect = 'rest' as const;
  private digest: DigestChallenge | undefined;
  private nc = 0;

  constructor(
    http: PhoneHttp,
    private readonly password: string,
  ) {
    super(http);
  }

  /** Check the password now. @throws WrongPasswordError, LockedOutError, RestDisabledError, DefaultPasswordRefusedError */
  async authenticate(): Promise<void> {
    await this.call('GET', PATHS.deviceInfo);
  }

  async getInfo(): Promise<PhoneWebInfo> {
    const data = await this.call('GET', PATHS.deviceInfo);
    return { ...this.infoBase(), ...infoFromDeviceData(data) };
  }

  async getProvisioning(): Promise<PhoneProvisioning> {
    const data = await this.call('POST', PATHS.configGet, { data: READ_PARAMS });
    return provisioningFromValues((p) => configValue(data[p]));
  }

  protected async writeProvisioning(s: BootServerSettings): Promise<void> {
    const values: Record<string, string> = {
      [PROV_PARAMS.serverType]: SERVER_TYPES.find((t) => t.type === s.type)!.text,
      [PROV_PARAMS.serverName]: s.server,
      [PROV_PARAMS.bootServer]: String(bootServerModeValue(s.bootServer ?? 'static')),
    };
    if (s.user !== undefined) values[PROV_PARAMS.user] = s.user;
    if (s.password !== undefined) values[PROV_PARAMS.password] = s.password;
    if (s.tagSerialNo !== undefined) values[PROV_PARAMS.tagSerialNo] = s.tagSerialNo ? '1' : '0';
    const data: Record<string, string> = { 'device.set': '1' };
    for (const [k, v] of Object.entries(values)) {
      data[`${k}.set`] = '1';
      data[k] = v;
    }
    await this.call('POST', PATHS.configSet, { data });
  }

  async reboot(): Promise<void> {
    await this.call('POST', PATHS.safeReboot);
  }

  /**
   * The SIP lines and their registration state (`GET /api/v1/mgmt/lineInfo`).
   * @returns one entry per line the phone lists, in its order
   */
  async getLines(): Promise<PhoneLine[]> {
    const data = (await this.call('GET', '/api/v1/mgmt/lineInfo')) as unknown;
    const rows = Array.isArray(data) ? (data as Array<Record<string, unknown>>) : [];
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    return rows.map((r, i) => {
      const status = text(r['RegistrationStatus']) ?? 'unknown';
      const label = text(r['Label']);
      const address = text(r['SIPAddress']);
      const proxy = text(r['ProxyAddress']);
      return { line: Number(text(r['LineNumber']) ?? i + 1) || i + 1, status, registered: /^registered$/i.test(status), ...(label ? { label } : {}), ...(address ? { address } : {}), ...(proxy ? { proxy } : {}) };
    });
  }

  async restart(): Promise<void> {
    await this.call('POST', PATHS.safeRestart);
  }

  async factoryReset(): Promise<void> {
    await this.call('POST', PATHS.factoryReset);
  }

  private authHeader(method: string, path: string): string {
    if (this.digest) return digestAuthorization(this.digest, 'Polycom', this.password, method, path, ++this.nc);
    return basicAuth(this.password);
  }

  /**
   * One REST call.
   * @returns the `data` member of a Status 2000 answer
   * @throws RestDisabledError (404), WrongPasswordError (401), LockedOutError,
   *   DefaultPasswordRefusedError (4010), PhoneRefusedError (other statuses)
   */
  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const send = () =>
      this.http.request({
        method,
        path,
        headers: { Authorization: this.authHeader(method, path), ...(body !== undefined || method === 'POST' ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : method === 'POST' ? { body: '' } : {}),
      });
    let res = await send();
    if (res.status === 401) {
      // A Digest challenge (first contact, or a new nonce): answer it once.
      const ch = parseDigestChallenge(res.headers['www-authenticate']);
      if (ch && ch.nonce !== this.digest?.nonce && !saysLocked(res)) {
        this.digest = ch;
        this.nc = 0;
        res = await send();
      }
    }
    return this.check(res, method, path);
  }

  private check(res: PhoneResponse, method: string, path: string): Record<string, unknown> {
    if (saysLocked(res)) throw new LockedOutError(this.http.label);
    let json: { Status?: unknown; data?: unknown } | undefined;
    try {
      json = JSON.parse(res.body) as typeof json;
    } catch {
      json = undefined;
    }
    // A 404 page (not JSON) means the API is off; a JSON 404 is an unsupported call.
    if (res.status === 404 && !json) throw new RestDisabledError(this.http.label);
    if (res.status === 401) throw new WrongPasswordError(this.http.label, 1);
    const status = json && json.Status !== undefined ? String(json.Status) : undefined;
    if (status === '4010') throw new DefaultPasswordRefusedError(this.http.label);
    if (status && status !== '2000') throw new PhoneRefusedError(this.http.label, `${method} ${path}: status ${status} (${REST_STATUS[status] ?? 'unknown'})`);
    if (res.status !== 200 || !json) throw new PhoneRefusedError(this.http.label, `${method} ${path} answered HTTP ${res.status}${json ? '' : ' without JSON'}`);
    return json.data && typeof json.data === 'object' ? (json.data as Record<string, unknown>) : {};
  }
}
