/**
 * Renders template files for phones: picks the phone's template (explicit, else the vendor's
 * default), checks variables, builds the scope, escapes per format. Synchronous, so the
 * provisioning servers can answer from memory.
 */
import type { InventoryPhone, PhoneVendor } from '../../../../shared/dto';
import type { ProviderProfile } from '../../../../shared/inventory-types';
import { defaultTemplateFor } from '../../../../shared/firmware-line';
import { effectiveVendor } from '../../inventory/inventory-model';
import { keyValue, xmlAttr } from './escape';
import { buildContext, type SecureBootstrap } from './template-context';
import { expandFileName, fileNamePattern, type TemplateFileEntry } from './template-manifest';
import { SiteSettings } from './site-settings';
import { TemplateStore, type LoadedTemplate } from './template-store';
import { renderNodes } from './template-syntax';
import { checkValues } from './template-vars';

/** Where rendering finds provider profiles and whether they loop back to us. */
export interface ProviderSource {
  open(id: string, onProblem?: (m: string) => void): ProviderProfile | undefined;
  loop(id: string): string | undefined;
}

/**
 * The HTTPS bootstrap now: the CA and server, or why it cannot be given (HTTPS server stopped,
 * own certificate without a bench CA).
 */
export type SecureBootstrapSource = () => SecureBootstrap | string;

/** A rendered file and what went wrong on the way (invalid values, a refused redirect). */
export interface RenderOutcome {
  text: string;
  problems: string[];
  /** The text carries the bench CA and the move to ProvKit's HTTPS server ("HTTP first, then HTTPS"). */
  httpsBootstrap?: boolean;
}

/**
 * Whether a rendered text carries the bench CA (a line of its base64 body, which survives XML and
 * key=value escaping) and ProvKit's HTTPS server address.
 */
export function carriesBootstrap(text: string, secure: SecureBootstrap): boolean {
  const line = secure.caCert.split(/\r?\n/).find((l) => /^[A-Za-z0-9+/]{40,}={0,2}$/.test(l.trim()));
  return Boolean(line) && text.includes(line!.trim()) && text.includes(secure.httpsServer);
}

/** A file entry that answers a request name. */
export interface NameMatch {
  template: LoadedTemplate;
  entry: TemplateFileEntry;
  /** MAC in the name, for per-phone files. */
  mac?: string;
}

/** Shipped template used for a vendor until the site picks another. */
export const SHIPPED_DEFAULTS: Readonly<Record<PhoneVendor, string>> = {
  polycom: 'polycom-uc5',
  audiocodes: 'audiocodes-4xxhd',
  yealink: 'yealink-t4x',
};

/** Template-based rendering. */
export class TemplateRendering {
  /**
   * @param store loaded templates
   * @param site site settings (defaults, values)
   * @param providers provider profiles (optional: none in simple setups and tests)
   */
  constructor(
    readonly store: TemplateStore,
    readonly site: SiteSettings = new SiteSettings(),
    private readonly providers?: ProviderSource,
    private readonly secure?: SecureBootstrapSource,
  ) {}

  /**
   * The default template of a vendor, for a model when it is known (rule: shared/firmware-line.ts
   * `defaultTemplateFor`): the site's choice if it suits the model's software line, else the shipped
   * template of that line, else {@link SHIPPED_DEFAULTS}, else the first that suits.
   * @param model the phone's model (`SPIP650`), when known
   */
  defaultTemplate(vendor: PhoneVendor, model?: string): LoadedTemplate | undefined {
    return defaultTemplateFor(this.store.all(), (t) => t.manifest, vendor, model, this.site.defaultTemplate(vendor), SHIPPED_DEFAULTS[vendor]);
  }

  /** Vendor and template a phone is rendered with (an unknown explicit template falls back to the default). */
  resolve(phone: InventoryPhone): { vendor: PhoneVendor; template: LoadedTemplate | undefined } {
    const explicit = phone.template ? this.store.get(phone.template) : undefined;
    const vendor = effectiveVendor(phone, explicit?.manifest.vendor);
    return { vendor, template: explicit && explicit.manifest.vendor === vendor ? explicit : this.defaultTemplate(vendor, phone.model) };
  }

  /**
   * Which template files answer a request name.
   * @param name base name as requested (any case)
   * @returns matches, the vendor defaults' first
   */
  match(name: string): NameMatch[] {
    const out: NameMatch[] = [];
    const defaults = new Set(['polycom', 'audiocodes', 'yealink'].map((v) => this.defaultTemplate(v as PhoneVendor)));
    const ordered = [...this.store.all()].sort((a, b) => Number(defaults.has(b)) - Number(defaults.has(a)));
    for (const template of ordered) {
      for (const entry of template.manifest.files) {
        const m = fileNamePattern(entry.name).exec(name);
        if (m) out.push({ template, entry, ...(m.groups?.mac ? { mac: m.groups.mac.toLowerCase() } : {}) });
      }
    }
    return out;
  }

  /** Names of a template's per-phone files for a MAC (or with macros, without one), in request order. */
  phoneFileNames(template: LoadedTemplate, mac?: string): string[] {
    return template.manifest.files.filter((f) => f.scope === 'phone').map((f) => (mac ? expandFileName(f.name, mac) : f.name));
  }

  /**
   * Render one file of a template.
   * @param phone inventory phone with secrets opened; undefined for site files and unknown phones
   * @param mac MAC of the request when there is no inventory phone
   */
  render(template: LoadedTemplate, entry: TemplateFileEntry, phone: InventoryPhone | undefined, mac?: string): RenderOutcome {
    const problems: string[] = [];
    const note = (m: string) => problems.push(m);
    const { values, problems: varProblems } = checkValues(template.manifest.variables, [this.site.values(note), phone?.variables]);
    problems.push(...varProblems);
    let provider: ProviderProfile | undefined;
    if (phone?.provider && entry.scope === 'phone') {
      const loop = this.providers?.loop(phone.provider);
      provider = this.providers?.open(phone.provider, note);
      if (!provider) problems.push(`provider profile "${phone.provider}" does not exist: no hand-off rendered`);
      else if (loop) {
        problems.push(`hand-off to "${provider.name}" refused: ${loop}`);
        provider = undefined;
      }
    }
    let secure: SecureBootstrap | undefined;
    if (values.httpsBootstrap === '1' && entry.scope === 'phone') {
      const s = this.secure?.() ?? 'this ProvKit has no HTTPS server';
      if (typeof s === 'string') problems.push(`HTTP first, then HTTPS: not rendered, ${s}`);
      else secure = s;
    }
    const scope = buildContext(template.manifest, phone, values, provider, mac, secure);
    const xml = template.manifest.format === 'polycom-xml';
    const escape = (v: string, name: string) => (xml ? xmlAttr(v) : keyValue(v, () => problems.push(`${name}: line breaks removed from the value`)));
    const text = renderNodes(template.sources.get(entry.source)!, scope, escape);
    return { text, problems, ...(secure && carriesBootstrap(text, secure) ? { httpsBootstrap: true } : {}) };
  }
}
