/**
 * Renders Polycom configuration files from the inventory, on request (never stale).
 * - `000000000000.cfg`: the default master configuration (served even with an empty inventory).
 * - `<mac>.cfg`: a per-phone master for inventory phones.
 * - `<mac>-provkit.cfg`: the per-phone configuration named in the master's CONFIG_FILES.
 * Source: ../shared/reference/phone-provisioning-facts.md §1 step 4 (the `<APPLICATION>` element,
 * per-model `APPLICATION_<MODEL>` children, macros) and §3 ("Redirect by config").
 */
import { DEFAULT_MAC } from '../../../shared/mac';
import { POLYCOM_MODELS } from '../../../shared/models';
import type { InventoryPhone, ProvisioningTarget } from '../../../shared/dto';

/** Where rendering reads phones from. */
export interface PhoneSource {
  /** @returns the inventory entry for a MAC (12 lowercase hex digits), if any */
  getPhone(mac: string): InventoryPhone | undefined;
}

/** Directory and file settings of the master configuration. Empty string = server root. */
export interface MasterOptions {
  /** Default firmware file, `sip.ld` (combined package). */
  appFilePath: string;
  /** Files listed before the per-phone file in CONFIG_FILES (site-wide settings), e.g. `site.cfg`. */
  siteConfigFiles: string[];
  logFileDirectory: string;
  overridesDirectory: string;
  contactsDirectory: string;
  licenseDirectory: string;
  callListsDirectory: string;
  /** Add `APPLICATION_<MODEL>` children pointing at split images `<part>.sip.ld`. */
  perModelFirmware: boolean;
}

/** Defaults: combined image, everything at the server root, per-model split images listed. */
export const DEFAULT_MASTER_OPTIONS: MasterOptions = {
  appFilePath: 'sip.ld',
  siteConfigFiles: [],
  logFileDirectory: '',
  overridesDirectory: '',
  contactsDirectory: '',
  licenseDirectory: '',
  callListsDirectory: '',
  perModelFirmware: true,
};

/** Name of the per-phone configuration file for a MAC. */
export function phoneConfigName(mac: string): string {
  return `${mac}-provkit.cfg`;
}

/**
 * Escape a string for an XML attribute value (`&`, `<`, `>`, `"`, `'`; control characters dropped).
 * @returns text safe inside double quotes
 */
export function xmlAttr(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(pairs: Array<[string, string]>, indent: string): string {
  return pairs.map(([k, v]) => `${indent}${k}="${xmlAttr(v)}"`).join('\n');
}

/** Renders configuration files; stateless apart from its inputs. */
export class ConfigRenderer {
  constructor(
    private readonly phones: PhoneSource,
    private readonly options: MasterOptions = DEFAULT_MASTER_OPTIONS,
  ) {}

  /**
   * Render a requested path if ProvKit generates it.
   * @param rel clean relative path from the root (`000000000000.cfg`, `0004f2aabbcc.cfg`)
   * @returns the file's text, or undefined when this path is not generated
   */
  render(rel: string): string | undefined {
    if (rel.includes('/')) return undefined;
    const name = rel.toLowerCase();
    if (name === `${DEFAULT_MAC}.cfg`) return this.master(undefined);
    let m = /^([0-9a-f]{12})\.cfg$/.exec(name);
    if (m) {
      const phone = this.phones.getPhone(m[1]!);
      return phone ? this.master(phone) : undefined;
    }
    m = /^([0-9a-f]{12})-provkit\.cfg$/.exec(name);
    if (m && m[1] !== DEFAULT_MAC) return this.phoneConfig(m[1]!, this.phones.getPhone(m[1]!));
    return undefined;
  }

  /**
   * The master configuration: `<APPLICATION>` with APP_FILE_PATH, CONFIG_FILES, directories and
   * per-model children. With a phone, CONFIG_FILES names its file directly; without, it uses the
   * `[PHONE_MAC_ADDRESS]` macro so one file serves every phone.
   */
  master(phone: InventoryPhone | undefined): string {
    const o = this.options;
    const phoneFile = phone ? phoneConfigName(phone.mac) : '[PHONE_MAC_ADDRESS]-provkit.cfg';
    const configFiles = [...o.siteConfigFiles, phoneFile].join(', ');
    const head: Array<[string, string]> = [
      ['APP_FILE_PATH', o.appFilePath],
      ['CONFIG_FILES', configFiles],
      ['MISC_FILES', ''],
      ['LOG_FILE_DIRECTORY', o.logFileDirectory],
      ['OVERRIDES_DIRECTORY', o.overridesDirectory],
      ['CONTACTS_DIRECTORY', o.contactsDirectory],
      ['LICENSE_DIRECTORY', o.licenseDirectory],
      ['USER_PROFILES_DIRECTORY', ''],
      ['CALL_LISTS_DIRECTORY', o.callListsDirectory],
      ['COREFILE_DIRECTORY', ''],
    ];
    const children = o.perModelFirmware
      ? POLYCOM_MODELS.map(
          (m) =>
            `  <APPLICATION_${m.code} APP_FILE_PATH_${m.code}="${xmlAttr(`${m.partNumber}.sip.ld`)}" CONFIG_FILES_${m.code}="${xmlAttr(configFiles)}"/>`,
        ).join('\n')
      : '';
    const who = phone ? `phone ${phone.mac}${phone.label ? ` (${phone.label})` : ''}` : 'every phone without its own <mac>.cfg';
    return [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
      `<!-- Master configuration rendered by ProvKit for ${xmlComment(who)}. -->`,
      `<APPLICATION\n${attrs(head, '  ')}>`,
      children,
      '</APPLICATION>',
      '',
    ]
      .filter((l) => l !== '')
      .join('\n')
      .concat('\n');
  }

  /**
   * The per-phone configuration: line registration from the inventory and, when the phone has a
   * provisioning target, the redirect (`device.prov.*`, `device.dhcp.bootSrvUseOpt`) of facts §3.
   * A MAC not in the inventory gets a valid file with no parameters.
   */
  phoneConfig(mac: string, phone: InventoryPhone | undefined): string {
    const lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'];
    lines.push(`<!-- Rendered by ProvKit for ${mac}${phone ? '' : ' (not in the inventory: no settings)'}. -->`);
    lines.push('<polycomConfig>');
    if (phone) {
      const reg: Array<[string, string]> = [];
      if (phone.user) {
        reg.push(['reg.1.address', phone.user], ['reg.1.auth.userId', phone.user]);
        reg.push(['reg.1.displayName', phone.displayName ?? phone.label ?? phone.user]);
        reg.push(['reg.1.label', phone.label ?? phone.user]);
      }
      if (phone.password) reg.push(['reg.1.auth.password', phone.password]);
      if (phone.sipServer) reg.push(['reg.1.server.1.address', phone.sipServer]);
      if (reg.length) lines.push(`  <reg\n${attrs(reg, '    ')}/>`);
      if (phone.provisioningTarget) lines.push(`  <device\n${attrs(redirectParams(phone.provisioningTarget), '    ')}/>`);
    }
    lines.push('</polycomConfig>', '');
    return lines.join('\n');
  }
}

/**
 * The parameters that move a phone to another boot server (facts §3, "Redirect by config").
 * @returns name/value pairs in the order they are written
 */
export function redirectParams(t: ProvisioningTarget): Array<[string, string]> {
  const p: Array<[string, string]> = [
    ['device.set', '1'],
    ['device.dhcp.bootSrvUseOpt.set', '1'],
    ['device.dhcp.bootSrvUseOpt', 'Static'],
    ['device.prov.serverType.set', '1'],
    ['device.prov.serverType', t.type.toUpperCase()],
    ['device.prov.serverName.set', '1'],
    ['device.prov.serverName', t.server],
  ];
  if (t.user !== undefined) p.push(['device.prov.user.set', '1'], ['device.prov.user', t.user]);
  if (t.password !== undefined) p.push(['device.prov.password.set', '1'], ['device.prov.password', t.password]);
  return p;
}

function xmlComment(s: string): string {
  return s.replace(/--/g, '- -');
}
