/**
 * Renders configuration files from the inventory and the templates, on request (never stale).
 * - `000000000000.cfg`: the default Polycom master (served even with an empty inventory).
 * - `<mac>.cfg`: for a Polycom inventory phone its master; for AudioCodes/Yealink phones their
 *   template's `<MAC>.cfg` (docs/sources.md §2: AudioCodes fetches `<MAC>.cfg`, Yealink `<mac>.cfg`).
 * - every file a template declares (`<mac>-provkit.cfg`, Yealink `y0000000000xx.cfg`, ...).
 * Source: docs/sources.md §1 step 4 (the `<APPLICATION>` element,
 * per-model `APPLICATION_<MODEL>` children, macros) and §3 ("Redirect by config"); Genesys CIC Managed IP Phones guide
 * (custom CONFIG_FILES with `[MACADDRESS]`/`[MODEL]` placeholders).
 */
import { join } from 'node:path';
import { checkoutRoot } from '../shipped-paths';
import { DEFAULT_MAC } from '../../../shared/mac';
import { POLYCOM_MODELS } from '../../../shared/models';
import type { InventoryPhone, ProvisioningTarget } from '../../../shared/dto';
import { xmlAttr } from './templates/escape';
import { TemplateRendering, type RenderOutcome } from './templates/template-render';
import { TemplateStore, type LoadedTemplate } from './templates/template-store';

/** XML attribute escaping (templates/escape.ts), re-exported for existing callers. */
export { xmlAttr };

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

/** Name of the per-phone configuration file of the shipped Polycom templates for a MAC. */
export function phoneConfigName(mac: string): string {
  return `${mac}-provkit.cfg`;
}

/** Folder of the shipped templates (`<repo>/resources/templates`, see shipped-paths.ts). */
export const SHIPPED_TEMPLATES_DIR = join(checkoutRoot(), 'resources', 'templates');

function attrs(pairs: Array<[string, string]>, indent: string): string {
  return pairs.map(([k, v]) => `${indent}${k}="${xmlAttr(v)}"`).join('\n');
}

/** A rendered file with what it was rendered from. */
export interface RenderedConfig extends RenderOutcome {
  /** Template used; undefined for master files. */
  template?: LoadedTemplate;
}

/** Renders configuration files; stateless apart from its inputs. */
export class ConfigRenderer {
  /**
   * @param phones inventory lookup (secrets opened)
   * @param options master settings, or a function read at every render (site settings change)
   * @param templates template rendering (default: the shipped templates with default values)
   * @param onProblem told about every problem met while serving a file (invalid value, refused redirect)
   */
  constructor(
    private readonly phones: PhoneSource,
    private readonly options: MasterOptions | (() => MasterOptions) = DEFAULT_MASTER_OPTIONS,
    readonly templates: TemplateRendering = new TemplateRendering(new TemplateStore(SHIPPED_TEMPLATES_DIR)),
    private readonly onProblem?: (message: string) => void,
  ) {}

  /**
   * Render a requested path if ProvKit generates it.
   * @param rel clean relative path from the root (`000000000000.cfg`, `0004f2aabbcc.cfg`)
   * @returns the file's text, or undefined when this path is not generated
   */
  render(rel: string): string | undefined {
    return this.renderServed(rel)?.text;
  }

  /**
   * Render a requested path for serving (problems told to `onProblem`).
   * @returns the text, whether it may carry secrets (every template-rendered file: passwords,
   *   secret site values; the master configurations carry none) and whether it carries the bench CA
   *   and the move to HTTPS, or undefined when not generated
   */
  renderServed(rel: string): { text: string; secret: boolean; httpsBootstrap?: boolean } | undefined {
    const out = this.renderWithInfo(rel);
    if (out && this.onProblem) for (const p of out.problems) this.onProblem(`${rel}: ${p}`);
    return out && { text: out.text, secret: out.template !== undefined, ...(out.httpsBootstrap ? { httpsBootstrap: true } : {}) };
  }

  /**
   * Like {@link render}, with the template used, problems met and secrets written.
   * @returns undefined when this path is not generated
   */
  renderWithInfo(rel: string): RenderedConfig | undefined {
    if (rel.includes('/')) return undefined;
    const name = rel.toLowerCase();
    if (name === `${DEFAULT_MAC}.cfg`) return plain(this.master(undefined));
    const own = /^([0-9a-f]{12})\.cfg$/.exec(name);
    if (own) {
      const phone = this.phones.getPhone(own[1]!);
      if (!phone) return undefined;
      const { vendor, template } = this.templates.resolve(phone);
      if (vendor === 'polycom') return plain(this.master(phone));
      const entry = template?.manifest.files.find((f) => f.scope === 'phone' && f.name.replace(/\[PHONE_MAC_ADDRESS(_UPPER)?\]/, '').toLowerCase() === '.cfg');
      return template && entry ? { ...this.templates.render(template, entry, phone), template } : undefined;
    }
    for (const m of this.templates.match(name)) {
      if (m.entry.scope === 'site') return { ...this.templates.render(m.template, m.entry, undefined), template: m.template };
      if (!m.mac || m.mac === DEFAULT_MAC) continue;
      const phone = this.phones.getPhone(m.mac);
      const chosen = phone ? this.templates.resolve(phone).template : this.templates.defaultTemplate('polycom');
      if (chosen === m.template) return { ...this.templates.render(m.template, m.entry, phone, m.mac), template: m.template };
    }
    return undefined;
  }

  /** Current master options. */
  masterOptions(): MasterOptions {
    return typeof this.options === 'function' ? this.options() : this.options;
  }

  /**
   * The CONFIG_FILES list of a phone's master: site files, its template's files, then its custom
   * files (CIC: custom files come after the generated ones, so generated values win).
   * Without a phone: the default Polycom template's names with the `[PHONE_MAC_ADDRESS]` macro.
   */
  configFiles(phone: InventoryPhone | undefined): string[] {
    const o = this.masterOptions();
    const template = phone ? this.templates.resolve(phone).template : this.templates.defaultTemplate('polycom');
    const own = template ? this.templates.phoneFileNames(template, phone?.mac) : phone ? [phoneConfigName(phone.mac)] : ['[PHONE_MAC_ADDRESS]-provkit.cfg'];
    const custom = (phone?.customFiles ?? []).map((f) => expandCustomFile(f, phone!));
    return [...o.siteConfigFiles, ...own, ...custom];
  }

  /**
   * The master configuration: `<APPLICATION>` with APP_FILE_PATH, CONFIG_FILES, directories and
   * per-model children. With a phone, CONFIG_FILES names its files directly; without, it uses the
   * `[PHONE_MAC_ADDRESS]` macro so one file serves every phone.
   */
  master(phone: InventoryPhone | undefined): string {
    const o = this.masterOptions();
    const configFiles = this.configFiles(phone).join(', ');
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
    const who = phone ? `phone ${phone.mac}` : 'every phone without its own <mac>.cfg';
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
}

function plain(text: string): RenderedConfig {
  return { text, problems: [] };
}

/**
 * Expand a custom CONFIG_FILES entry for one phone: CIC's `[MACADDRESS]`/`[MODEL]` and Polycom's
 * `[PHONE_MAC_ADDRESS]`/`[PHONE_MODEL]` (the model macro is left for the phone when the model is unknown).
 */
export function expandCustomFile(name: string, phone: InventoryPhone): string {
  const model = phone.model;
  return name
    .replace(/\[(PHONE_)?MAC_?ADDRESS\]/gi, phone.mac)
    .replace(/\[(PHONE_)?MODEL\]/gi, (m) => model ?? (m.toUpperCase() === '[MODEL]' ? '[PHONE_MODEL]' : m));
}

/**
 * The parameters that move a phone to another boot server (docs/sources.md §3, "Redirect by config").
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
