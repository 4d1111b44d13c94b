/**
 * The inventory area's services, composed once per engine (issue #8): templates (shipped and the
 * user's folder), site settings, provider profiles with loop detection, the renderer the
 * provisioning servers use, licences, previews and uploads.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { InventoryPhone, PhoneVendor, ServerStatus } from '../../../shared/dto';
import type { ConfigPreview } from '../../../shared/inventory-types';
import type { Logger } from '../logger';
import { ConfigRenderer, DEFAULT_MASTER_OPTIONS } from '../provisioning/config-render';
import { buildPreview } from '../provisioning/config-preview';
import type { ProvisioningResolver } from '../provisioning/resolver';
import { SiteSettings } from '../provisioning/templates/site-settings';
import { TemplateRendering } from '../provisioning/templates/template-render';
import { TemplateStore } from '../provisioning/templates/template-store';
import type { SecretStore } from '../secrets';
import { listInterfaces } from '../server-control';
import { analyseImport, type ImportContext } from './csv-import';
import type { Inventory } from './inventory';
import { toView } from './inventory-model';
import { LicenceStore } from './licences';
import { ProviderStore, type SelfEndpoints } from './providers';

/** What the services need from the engine. */
export interface InventoryServicesOptions {
  dataDir: string;
  /** Shipped resources (`templates/` inside). */
  resourcesDir: string;
  provisioningRoot: string;
  secrets: SecretStore;
  inventory: Inventory;
  /** Current status of every provisioning server (for loop detection). */
  servers: () => ServerStatus[];
  logger: Logger;
}

/**
 * Where this ProvKit serves: every interface address, loopback, the host name, and the ports of its
 * servers (configured and bound).
 */
export function selfEndpoints(servers: ServerStatus[]): SelfEndpoints {
  const hosts = new Set(['localhost', hostname().toLowerCase(), ...listInterfaces().map((i) => i.address.toLowerCase())]);
  const ports: SelfEndpoints['ports'] = {};
  for (const s of servers) {
    if (s.bind && s.bind !== '0.0.0.0' && s.bind !== '::') hosts.add(s.bind.toLowerCase());
    const kind = s.kind as keyof SelfEndpoints['ports'];
    ports[kind] = [...new Set([...(ports[kind] ?? []), s.port, ...(s.boundPort ? [s.boundPort] : [])].filter((p) => p > 0))];
  }
  return { hosts: [...hosts], ports };
}

/** Templates, providers, rendering, licences and previews. */
export class InventoryServices {
  readonly templates: TemplateStore;
  readonly site: SiteSettings;
  readonly providers: ProviderStore;
  readonly rendering: TemplateRendering;
  readonly renderer: ConfigRenderer;
  readonly licences: LicenceStore;
  private readonly reported = new Set<string>();

  constructor(private readonly o: InventoryServicesOptions) {
    this.templates = new TemplateStore(join(o.resourcesDir, 'templates'), join(o.dataDir, 'templates'));
    this.site = new SiteSettings(join(o.dataDir, 'template-settings.json'), o.secrets);
    this.providers = new ProviderStore(join(o.dataDir, 'providers.json'), o.secrets, () => selfEndpoints(o.servers()));
    this.rendering = new TemplateRendering(this.templates, this.site, this.providers);
    this.renderer = new ConfigRenderer(
      { getPhone: (mac) => o.inventory.open(mac, (m) => this.warnOnce(m)) },
      () => ({ ...DEFAULT_MASTER_OPTIONS, licenseDirectory: this.site.licenseDirectory }),
      this.rendering,
      (m) => this.warnOnce(m),
    );
    this.licences = new LicenceStore(o.provisioningRoot, () => this.site.licenseDirectory, join(o.dataDir, 'licence-history'));
  }

  /**
   * Load site settings, providers and the inventory; turn issue #2 per-phone targets into provider
   * profiles.
   * @throws the first load error (a corrupt file, named)
   */
  async load(): Promise<void> {
    await this.site.load();
    await this.providers.load();
    await this.o.inventory.load();
    for (const [mac, target] of this.o.inventory.legacyTargets) {
      const id = await this.providers.adopt(target);
      const p = this.o.inventory.get(mac);
      if (p && !p.provider) await this.o.inventory.upsertMany([{ mac, provider: id }], 'ProvKit (migration of the first inventory format)');
    }
    this.o.inventory.legacyTargets.clear();
  }

  /** Vendor and template id a phone is rendered with. */
  effective(p: InventoryPhone): { vendor: PhoneVendor; template: string } {
    const { vendor, template } = this.rendering.resolve(p);
    return { vendor, template: template?.manifest.id ?? '' };
  }

  /** A phone as the UI sees it. */
  view(p: InventoryPhone) {
    return toView(p, this.effective(p));
  }

  /** What CSV validation needs. */
  importContext(): ImportContext {
    return {
      templates: new Map(this.templates.all().map((t) => [t.manifest.id, t.manifest.vendor])),
      providers: this.providers.list().map((p) => ({ id: p.id, name: p.name })),
      plan: (edits) => this.o.inventory.plan(edits),
    };
  }

  /** Validate a CSV file (see csv-import.ts). */
  analyse(text: string, format: Parameters<typeof analyseImport>[1], fixes: Parameters<typeof analyseImport>[3] = []) {
    return analyseImport(text, format, this.importContext(), fixes);
  }

  /** A phone's configuration preview. */
  preview(resolver: ProvisioningResolver, mac: string, revealSecrets = false): Promise<ConfigPreview> {
    return buildPreview({ resolver, renderer: this.renderer, getPhone: (m) => this.o.inventory.open(m) }, mac, revealSecrets);
  }

  private warnOnce(message: string): void {
    if (this.reported.has(message) || this.reported.size > 1000) return;
    this.reported.add(message);
    this.o.logger.warn(message);
  }
}
