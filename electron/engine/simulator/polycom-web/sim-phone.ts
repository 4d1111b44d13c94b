/**
 * State of one simulated Polycom phone behind its web server: identity, configuration parameters
 * (by their real names), admin password, login lockout, sessions. The HTTP side lives in
 * server.ts and the routes files; this file holds the rules they share.
 * Source: facts §1 (factory FTP account PlcmSpIp), §2 (UC 4+ default boot server Custom+66 with
 * option 160), §3 (default admin password 456; parameters device.prov.*, device.dhcp.*).
 */
import { randomBytes } from 'node:crypto';
import { findPolycomModel, type PolycomModel } from '../../../../shared/models';
import { normalizeMac } from '../../../../shared/mac';
import { PROV_PARAMS, type PhoneDialect } from '../../../../shared/phone-web';
import { loadRestFixture, loadWebUiFixture, type RestFixture, type WebUiFixture } from './web-fixture';

/** How a simulated phone behaves. Times in ms. */
export interface SimPhoneOptions {
  dialect: PhoneDialect;
  /**
   * The web UI fixture (test/fixtures/phone-web/<name>): `legacy-cookie`, `ucs6-session`,
   * `ucs6-nocookie-csrf`; default `ucs6-session` for ucs6, the REST fixture's web UI for rest,
   * `legacy-cookie` otherwise.
   */
  webUi?: string;
  /** MAC in any notation. */
  mac: string;
  /** Model code or name; default VVX400. */
  model?: string;
  /** Application version; default by dialect (legacy 5.4.5, ucs6 6.4.3, rest 5.9.6). */
  appVersion?: string;
  updaterVersion?: string;
  /** Address the phone reports on its home page (default: the address it listens on). */
  ip?: string;
  /** Admin password; default 456. */
  password?: string;
  /** REST API on (`apps.restapi.enabled`); default true for the rest dialect, false otherwise. */
  restEnabled?: boolean;
  /** REST answers with Digest challenges instead of Basic. */
  digest?: boolean;
  /** REST refuses the factory password 456 with status 4010; default true. */
  refuseDefaultPassword?: boolean;
  /** Wrong passwords before the login locks; default 5. */
  lockoutAfter?: number;
  /** How long the lock lasts; default 60,000. */
  lockoutMs?: number;
  /** How long a reboot keeps the web server down; default 3,000. */
  rebootDownMs?: number;
  /** Never come back after a reboot (to test the bounded wait). */
  stayDown?: boolean;
  /** Saving the provisioning page reboots the phone this long after (seed Step 9 "restart within 1 minute"); off by default. */
  rebootAfterSaveMs?: number;
  /** Refuse every form POST with 403 although the login succeeded (a session another browser holds). */
  refusePosts?: boolean;
  /** Accept connections but never answer (to test timeouts). */
  hang?: boolean;
  /** Boot against the configured provisioning server when rebooting; default true. */
  bootOnReboot?: boolean;
  /** Initial parameter values. */
  params?: Record<string, string>;
  /** Line 1 (`reg.1.address`) is registered with its SIP server (REST lineInfo); default false. */
  lineRegistered?: boolean;
  /**
   * When booting, flash a test image (firmware-bench.ts makeSimImage) the master offers that names
   * another version, then boot again running it (issue #6); off by default.
   */
  flashFirmware?: boolean;
}

/** Factory configuration (facts §1, §2): FTP with the PlcmSpIp account, boot server Custom+66 / option 160. */
export const FACTORY_PARAMS: Readonly<Record<string, string>> = {
  [PROV_PARAMS.serverType]: '0',
  [PROV_PARAMS.serverName]: '',
  [PROV_PARAMS.user]: 'PlcmSpIp',
  [PROV_PARAMS.password]: 'PlcmSpIp',
  [PROV_PARAMS.tagSerialNo]: '0',
  'device.prov.redunAttemptLimit': '3',
  'device.prov.redunInterAttemptDelay': '1',
  [PROV_PARAMS.bootServer]: '3',
  [PROV_PARAMS.bootServerOption]: '160',
  [PROV_PARAMS.bootServerOptionType]: 'String',
};

const DEFAULT_VERSIONS: Record<PhoneDialect, string> = { legacy: '5.4.5.0234', ucs6: '6.4.3.5610', rest: '5.9.6.2327' };

/** A simulated phone's state and its login rules. */
export class SimPhone {
  readonly dialect: PhoneDialect;
  readonly mac: string;
  readonly model: PolycomModel;
  /** Application version; a flashed image changes it. */
  appVersion: string;
  readonly updaterVersion: string;
  password: string;
  restEnabled: boolean;
  params: Record<string, string>;
  /** Session id → CSRF token (web UIs whose login sets a session cookie); cleared by a reboot. */
  readonly sessions = new Map<string, string>();
  /** CSRF token of web UIs without a session cookie (new at each login); cleared by a reboot. */
  csrfToken: string | undefined;
  /** The captured web UI this phone serves. */
  readonly web: WebUiFixture;
  /** The REST API's fixture (rest dialect or REST enabled). */
  readonly rest: RestFixture | undefined;
  private failures = 0;
  private lockedUntil = 0;
  /** Failed logins counted, for tests. */
  failedLogins = 0;

  constructor(readonly opts: SimPhoneOptions) {
    this.dialect = opts.dialect;
    this.mac = normalizeMac(opts.mac);
    const model = findPolycomModel(opts.model ?? 'VVX400');
    if (!model) throw new Error(`unknown Polycom model "${opts.model}"`);
    this.model = model;
    this.appVersion = opts.appVersion ?? DEFAULT_VERSIONS[opts.dialect];
    this.updaterVersion = opts.updaterVersion ?? '5.9.5.0614';
    this.password = opts.password ?? '456';
    this.restEnabled = opts.restEnabled ?? opts.dialect === 'rest';
    this.params = { ...FACTORY_PARAMS, ...(opts.params ?? {}) };
    this.rest = opts.dialect === 'rest' || opts.restEnabled ? loadRestFixture() : undefined;
    this.web = loadWebUiFixture(opts.webUi ?? (opts.dialect === 'ucs6' ? 'ucs6-session' : (this.rest?.webUi ?? 'legacy-cookie')));
  }

  /** Wrong passwords left before the login locks (0 while locked). */
  get attemptsLeft(): number {
    return this.locked ? 0 : (this.opts.lockoutAfter ?? 5) - this.failures;
  }

  /** A new anti-CSRF token. */
  static newToken(): string {
    return randomBytes(24).toString('base64');
  }

  /** Whether the login is locked now. */
  get locked(): boolean {
    return Date.now() < this.lockedUntil;
  }

  /**
   * Check an admin password, counting failures toward the lockout.
   * @returns `ok`, `wrong` or `locked` (a locked phone refuses even the right password)
   */
  checkPassword(password: string | undefined): 'ok' | 'wrong' | 'locked' {
    if (this.locked) return 'locked';
    if (password === this.password) {
      this.failures = 0;
      return 'ok';
    }
    this.failures++;
    this.failedLogins++;
    if (this.failures >= (this.opts.lockoutAfter ?? 5)) {
      this.lockedUntil = Date.now() + (this.opts.lockoutMs ?? 60_000);
      this.failures = 0;
    }
    return 'wrong';
  }

  /** Open a UC 6 session. @returns session id and CSRF token */
  newSession(): { id: string; token: string } {
    const id = randomBytes(12).toString('hex');
    const token = SimPhone.newToken();
    this.sessions.set(id, token);
    return { id, token };
  }

  /** Restore factory settings (seed Step 1): parameters, admin password 456. */
  factoryReset(): void {
    this.params = { ...FACTORY_PARAMS };
    this.password = '456';
    this.restEnabled = this.opts.restEnabled ?? this.dialect === 'rest';
  }

  /** What a reboot clears: sessions, failure counts. */
  onReboot(): void {
    this.sessions.clear();
    this.csrfToken = undefined;
    this.failures = 0;
    this.lockedUntil = 0;
  }

  /**
   * The boot server URL the phone would use, from its parameters (the server in flash is used
   * when DHCP gives none — facts §2; there is no DHCP in the simulation).
   * @returns `http://host/dir`, `ftp://user:pass@host`, or undefined when none is set or the
   *   protocol is not simulated (TFTP, HTTPS, FTPS)
   */
  bootUrl(): { url?: string; protocol?: 'http' | 'ftp'; reason?: string } {
    const name = (this.params[PROV_PARAMS.serverName] ?? '').trim();
    if (!name) return { reason: 'no provisioning server set' };
    const type = this.params[PROV_PARAMS.serverType] ?? '';
    // What the stored value means is what the phone's own page shows for it.
    const field = [...this.web.fields.values()].find((f) => f.param === PROV_PARAMS.serverType);
    const label = (field?.options?.find((o) => o.value === type)?.label ?? type).trim().toUpperCase();
    const protocol = label === 'HTTP' ? 'http' : label === 'FTP' ? 'ftp' : undefined;
    if (!protocol) return { reason: `server type ${label} is not simulated (HTTP and FTP are)` };
    if (/^[a-z]+:\/\//i.test(name)) return { url: name, protocol };
    const user = this.params[PROV_PARAMS.user] ?? '';
    const pass = this.params[PROV_PARAMS.password] ?? '';
    const cred = user ? `${encodeURIComponent(user)}:${encodeURIComponent(pass)}@` : '';
    return { url: `${protocol}://${cred}${name}`, protocol };
  }
}
