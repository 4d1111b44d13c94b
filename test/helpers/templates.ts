/**
 * Test helper: a ConfigRenderer over the shipped templates with given phones, site values and
 * provider profiles (no data directory).
 */
import type { PhoneVendor } from '../../shared/dto';
import type { ProviderProfile } from '../../shared/inventory-types';
import { ConfigRenderer, DEFAULT_MASTER_OPTIONS, SHIPPED_TEMPLATES_DIR, type MasterOptions } from '../../electron/engine/provisioning/config-render';
import { SiteSettings } from '../../electron/engine/provisioning/templates/site-settings';
import { TemplateRendering } from '../../electron/engine/provisioning/templates/template-render';
import { TemplateStore } from '../../electron/engine/provisioning/templates/template-store';
import { normalizePhone, type PhoneInput } from '../../electron/engine/inventory/inventory-model';

/** What to render with. */
export interface RenderSetup {
  phones?: PhoneInput[];
  values?: Record<string, string>;
  defaults?: Partial<Record<PhoneVendor, string>>;
  providers?: ProviderProfile[];
  /** Provider ids that loop back. */
  loops?: Record<string, string>;
  master?: Partial<MasterOptions>;
  userDir?: string;
}

/**
 * Build a renderer.
 * @returns the renderer and its phone map (mutable)
 */
export async function rendererFor(setup: RenderSetup = {}): Promise<ConfigRenderer> {
  const site = new SiteSettings();
  await site.update({ values: setup.values ?? {}, defaults: setup.defaults ?? {} });
  const phones = new Map((setup.phones ?? []).map((p) => normalizePhone(p).phone).map((p) => [p.mac, p]));
  const providers = new Map((setup.providers ?? []).map((p) => [p.id, p]));
  const rendering = new TemplateRendering(new TemplateStore(SHIPPED_TEMPLATES_DIR, setup.userDir), site, {
    open: (id) => providers.get(id),
    loop: (id) => setup.loops?.[id],
  });
  return new ConfigRenderer({ getPhone: (m) => phones.get(m) }, { ...DEFAULT_MASTER_OPTIONS, ...setup.master }, rendering);
}

/** Site values setting every variable of the shipped templates (AltiGen digit map, E911 id 2...). */
export const FULL_SITE_VALUES: Record<string, string> = {
  sipServer: 'pbx.example.test:5060',
  sipTransport: 'UDPOnly',
  digitMap: '0|##|##[1-3]x|##[5-9]x|#41xx|#4[2-9][1-7]xx|9,[2-9]xxxxxx|9,1xxxxxxxx|9,11|RR91R[2-9]xxxxxxxxT|xxx.T',
  digitMapTimeout: '3',
  ntpServer: 'ntp.example.test',
  utcOffsetHours: '-5',
  daylightSaving: '1',
  adminPassword: 'Adm1n&"<pw>',
  syslogServer: '10.0.0.9',
  syslogLevel: '2',
  localDirectory: '1',
  directorySoftkey: '0',
  e911LocationId: '2',
  restApi: '1',
  familyCode: '28',
  registrationExpires: '3600',
  outboundProxy: 'sbc.example.test:5070',
  tagSerialNo: '1',
  licensePollingTime: '03:30',
};

/** The enrollment guide's production server as a provider profile (seed: 72.245.184.168/mpv). */
export const MPV_PROVIDER: ProviderProfile = { id: 'mpv', name: 'MegaPath', type: 'http', server: '72.245.184.168/mpv', user: 'prov', password: 'pr&v"pw' };
