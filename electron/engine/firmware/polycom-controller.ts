/**
 * The upgrade queue's `web` phone controller: drives a phone through its web UI or REST API with
 * the client (PhoneService.connect: the site's admin passwords from the engine's secrets,
 * the one the phone accepted last first, at most 4 wrong ones). Pointing writes the Provisioning
 * Server panel (server type and address from the bench URL, Boot Server = Static, Tag SN to UA on
 * so downloads carry the MAC) and reads it back; reboot is a full reboot (the Updater runs and
 * fetches the image); versions come from the phone's status.
 * Errors are the client's PhoneErrors (code, message, fix sentence); the queue shows message and
 * fix as the phone's failure reason.
 * Source: AltiGen guide "Using an FTP Server to Update Firmware Files" steps 3-6; seed Step 9
 * (Provisioning Server panel); docs/sources.md §2 (boot server Static), §3 (web UI, REST).
 */
import type { QueuePhone } from '../../../shared/firmware-dto';
import type { BootServerSettings, PhoneDialect, PhoneEndpoint, ProvServerType } from '../../../shared/phone-web';
import { NotVerifiedError, PhoneRefusedError } from '../phones/phone-errors';
import type { PolycomClient } from '../phones/polycom/client';
import type { PhoneController, PhoneVersionInfo } from './phone-controller';

/** How to log in to a phone (PhoneService.connect fits). */
export interface PhoneLogin {
  /**
   * @param target the phone's MAC and, when known, where its web server is
   * @returns a logged-in client (closed by the caller)
   * @throws PhoneError (NoPassword, WrongPassword, LockedOut, Unreachable, Timeout, NotAPolycom...)
   */
  connect(target: { mac?: string } & Partial<PhoneEndpoint>, opts: { site?: string; dialect?: PhoneDialect }): Promise<{ client: PolycomClient }>;
}

const TYPES: Record<string, ProvServerType> = { 'http:': 'http', 'https:': 'https', 'ftp:': 'ftp', 'ftps:': 'ftps', 'tftp:': 'tftp' };

/**
 * The Provisioning Server panel values for a bench server URL: `http://10.0.0.5:8080/fw/` →
 * HTTP, `10.0.0.5:8080/fw`; `ftp://user:pass@10.0.0.5/` → FTP, `10.0.0.5`, user, password.
 * @throws PhoneRefusedError (with a fix) when the URL is empty or not http/https/ftp/ftps/tftp
 */
export function bootServerSettings(url: string): BootServerSettings {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new PhoneRefusedError('the bench server', `"${url}" is not a URL`, 'Set the bench server URL on the Firmware page (Upgrade queue › Bench server URL), e.g. http://10.0.0.5/.');
  }
  const type = TYPES[u.protocol];
  if (!type) throw new PhoneRefusedError('the bench server', `${u.protocol} is not a provisioning protocol`, 'Use an http://, https://, ftp://, ftps:// or tftp:// bench server URL.');
  const path = u.pathname.replace(/\/+$/, '');
  return {
    type,
    server: `${u.host}${path}`,
    bootServer: 'static',
    tagSerialNo: true,
    ...(u.username ? { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : {}),
  };
}

/**
 * Where a phone's web server is, from its `host`: `10.0.0.5`, `10.0.0.5:8080`, `https://10.0.0.5`,
 * `[fe80::1]:8080`. Without scheme and port both HTTP and HTTPS are tried (PhoneService.endpoints).
 * @returns undefined when `host` is empty
 */
export function phoneEndpoint(host: string | undefined): Partial<PhoneEndpoint> | undefined {
  const h = host?.trim();
  if (!h) return undefined;
  const scheme = /^(https?):\/\//i.exec(h)?.[1]?.toLowerCase();
  let u: URL;
  try {
    u = new URL(scheme ? h : `http://${h}`);
  } catch {
    return { host: h };
  }
  return { host: u.hostname.replace(/^\[|\]$/g, ''), ...(u.port ? { port: Number(u.port) } : {}), ...(scheme ? { https: scheme === 'https' } : {}) };
}

/** Drives phones through their web UI / REST API. */
export class PolycomWebController implements PhoneController {
  readonly kind = 'web' as const;

  /**
   * @param login logs in to phones (the engine's PhoneService)
   * @param site admin-password site to use ('' = the default site)
   */
  constructor(
    private readonly login: PhoneLogin,
    private readonly site: () => string,
  ) {}

  /** Check it is the right phone, then write and read back the provisioning server. */
  async setBootServer(phone: QueuePhone, url: string): Promise<void> {
    const settings = bootServerSettings(url);
    await this.withClient(phone, async (c) => {
      const info = await c.getInfo();
      if (info.mac && info.mac !== phone.mac) {
        throw new NotVerifiedError(c.http.label, `the phone there is ${info.mac}, not ${phone.mac}`, 'The address changed (DHCP): correct the phone\u2019s address in the queue (or remove it and add it again from the Phones list), then retry.');
      }
      await c.setProvisioning(settings);
    });
  }

  async reboot(phone: QueuePhone): Promise<void> {
    await this.withClient(phone, (c) => c.reboot());
  }

  async getInfo(phone: QueuePhone): Promise<PhoneVersionInfo | undefined> {
    const info = await this.withClient(phone, (c) => c.getInfo());
    return { ...(info.appVersion ? { appVersion: info.appVersion } : {}), ...(info.updaterVersion ? { updaterVersion: info.updaterVersion } : {}) };
  }

  private async withClient<T>(phone: QueuePhone, fn: (c: PolycomClient) => Promise<T>): Promise<T> {
    const site = this.site();
    const { client } = await this.login.connect({ mac: phone.mac, ...(phoneEndpoint(phone.host) ?? {}) }, site ? { site } : {});
    try {
      return await fn(client);
    } finally {
      client.close();
    }
  }
}
