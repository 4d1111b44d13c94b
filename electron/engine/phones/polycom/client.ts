/**
 * One interface over the three ways to drive a Polycom phone (facts §3): the legacy web UI, the
 * UC 6 web UI and the REST API. Each dialect implements reading and writing; this base class
 * gives every dialect the same verified `setProvisioning` (write, then read back and compare).
 */
import { parseBootServerMode, parseServerType, PROV_PARAMS, type BootServerSettings, type PhoneDialect, type PhoneProvisioning, type PhoneWebInfo } from '../../../../shared/phone-web';
import { NotVerifiedError } from '../phone-errors';
import type { PhoneHttp } from '../http/phone-http';

/**
 * One SIP line as the phone reports it (REST `GET /api/v1/mgmt/lineInfo`, Polycom UC Software REST
 * API Reference Guide: `LineNumber`, `Label`, `SIPAddress`, `ProxyAddress`, `RegistrationStatus`).
 */
export interface PhoneLine {
  /** 1-based. */
  line: number;
  label?: string;
  /** The line's SIP address (extension or URI). */
  address?: string;
  /** Registrar or proxy the line registers with. */
  proxy?: string;
  /** The phone's own word, e.g. `registered`, `unregistered`. */
  status: string;
  registered: boolean;
}

/** What every dialect offers. All methods throw {@link PhoneError} subclasses. */
export interface PolycomClient {
  readonly dialect: PhoneDialect;
  readonly http: PhoneHttp;
  /** Model, part number, MAC, IP, application and Updater/BootROM versions. */
  getInfo(): Promise<PhoneWebInfo>;
  /** The Provisioning Server panel (server password never returned). */
  getProvisioning(): Promise<PhoneProvisioning>;
  /**
   * Write the provisioning server, then read it back.
   * @returns what the phone reports after the write
   * @throws NotVerifiedError when the read-back differs from what was written
   */
  setProvisioning(settings: BootServerSettings): Promise<PhoneProvisioning>;
  /** Full reboot (Updater runs again: the phone re-reads its boot server). */
  reboot(): Promise<void>;
  /** Application restart. */
  restart(): Promise<void>;
  /** Restore factory settings (seed Step 1: Utilities › Phone Backup & Restore › Restore). */
  factoryReset(): Promise<void>;
  /** Release the connection. */
  close(): void;
  /** What the last `setProvisioning` chose on the phone's page (`Server Type: option "HTTP" (value 2)`); web UI only. */
  readonly writeNotes?: readonly string[];
  /** The phone's SIP lines and their registration state; only where the phone offers it (REST). */
  getLines?(): Promise<PhoneLine[]>;
}

/**
 * The Provisioning Server panel from parameter values, whatever the dialect read them from
 * (form fields or `config/get`): types and modes in numeric or text form (facts §2, §3).
 * @param value the value of a Polycom parameter (`device.prov.serverName` ...), undefined when absent
 */
export function provisioningFromValues(value: (param: string) => string | undefined): PhoneProvisioning {
  const out: PhoneProvisioning = {
    serverName: value(PROV_PARAMS.serverName) ?? '',
    user: value(PROV_PARAMS.user) ?? '',
    passwordSet: (value(PROV_PARAMS.password) ?? '') !== '',
  };
  const type = parseServerType(value(PROV_PARAMS.serverType));
  if (type) out.serverType = type;
  const mode = parseBootServerMode(value(PROV_PARAMS.bootServer));
  if (mode) out.bootServer = mode;
  const opt = value(PROV_PARAMS.bootServerOption);
  if (opt && Number.isInteger(Number(opt))) out.bootServerOption = Number(opt);
  const optType = value(PROV_PARAMS.bootServerOptionType);
  if (optType) out.bootServerOptionType = optType;
  const tag = value(PROV_PARAMS.tagSerialNo);
  if (tag !== undefined && tag !== '') out.tagSerialNo = tag === '1';
  return out;
}

/**
 * Differences between what was written and what the phone reports.
 * @returns one sentence per difference; empty when everything matches
 */
export function provisioningDifferences(want: BootServerSettings, got: PhoneProvisioning): string[] {
  const out: string[] = [];
  if (got.serverType !== want.type) out.push(`server type is ${got.serverType?.toUpperCase() ?? 'unknown'}, not ${want.type.toUpperCase()}`);
  if (got.serverName.trim() !== want.server.trim()) out.push(`server address is "${got.serverName}", not "${want.server}"`);
  if (want.user !== undefined && got.user !== want.user) out.push(`server user is "${got.user}", not "${want.user}"`);
  if (want.password !== undefined && got.passwordSet !== (want.password !== '')) out.push(want.password ? 'the server password was not stored' : 'the server password was not cleared');
  const mode = want.bootServer ?? 'static';
  if (got.bootServer !== mode) out.push(`boot server is ${got.bootServer ?? 'unknown'}, not ${mode}`);
  if (want.tagSerialNo !== undefined && got.tagSerialNo !== undefined && got.tagSerialNo !== want.tagSerialNo) out.push(`Tag SN to UA is ${got.tagSerialNo ? 'on' : 'off'}`);
  return out;
}

/** Shared behaviour of the dialects. */
export abstract class PolycomClientBase implements PolycomClient {
  abstract readonly dialect: PhoneDialect;

  constructor(readonly http: PhoneHttp) {}

  abstract getInfo(): Promise<PhoneWebInfo>;
  abstract getProvisioning(): Promise<PhoneProvisioning>;
  abstract reboot(): Promise<void>;
  abstract restart(): Promise<void>;
  abstract factoryReset(): Promise<void>;
  /** Send the new values (dialect-specific); no read-back. */
  protected abstract writeProvisioning(settings: BootServerSettings): Promise<void>;

  async setProvisioning(settings: BootServerSettings): Promise<PhoneProvisioning> {
    await this.writeProvisioning(settings);
    const got = await this.getProvisioning();
    const diff = provisioningDifferences(settings, got);
    if (diff.length) {
      throw new NotVerifiedError(this.http.label, `the phone accepted the new provisioning server but reads back differently: ${diff.join('; ')}`, 'Open the phone\u2019s web UI (Settings › Provisioning Server) to compare; a value may be locked by the phone\u2019s configuration files (device.set), or the phone rejected it.');
    }
    return got;
  }

  close(): void {
    this.http.close();
  }

  /** Base info fields every dialect fills. */
  protected infoBase(): Pick<PhoneWebInfo, 'dialect' | 'host' | 'port' | 'https' | 'checkedAt'> {
    return { dialect: this.dialect, host: this.http.host, port: this.http.port, https: this.http.https, checkedAt: Date.now() };
  }
}
