/**
 * A phone's configuration, offline, like CIC's PhoneSim (Genesys CIC Managed IP Phones guide): the files it would
 * request in order, who answers each (rendered, a real file in the root, its own upload, or 404),
 * and which file's value wins for every parameter.
 * Request order: docs/sources.md §1 steps 3-7 (Polycom: master, CONFIG_FILES, then `<mac>-phone.cfg`,
 * `<mac>-web.cfg`, licences, directories); docs/sources.md §2 (AudioCodes `<MAC>.cfg`; Yealink
 * `y0000000000xx.cfg` then `<mac>.cfg`, `xx` per model: shared/yealink-models.ts).
 */
import type { InventoryPhone } from '../../../shared/dto';
import type { ConfigPreview, PreviewFile, PreviewFileRole } from '../../../shared/inventory-types';
import { DEFAULT_MAC } from '../../../shared/mac';
import { findPolycomModel } from '../../../shared/models';
import { yealinkCommonCode } from '../../../shared/yealink-models';
import { parseMaster } from './master-config';
import { expandCustomFile, type ConfigRenderer } from './config-render';
import { parseKeyValueParams, parsePolycomParams, resolvePrecedence, type ParamSource } from './config-params';
import type { ProvisioningResolver } from './resolver';
import { expandFileName } from './templates/template-manifest';
import { checkValues } from './templates/template-vars';

/** What the preview reads from. */
export interface PreviewDeps {
  resolver: ProvisioningResolver;
  renderer: ConfigRenderer;
  /** Inventory phone with secrets opened. */
  getPhone(mac: string): InventoryPhone | undefined;
}

const MAX_TEXT = 512 * 1024;
const MASK = '••••••';

/**
 * Build the preview of one phone.
 * @param mac 12 lowercase hex digits (phones not in the inventory are previewed as unknown phones)
 * @param revealSecrets write passwords in clear (the CLI's `config render`); the UI never asks
 */
export async function buildPreview(deps: PreviewDeps, mac: string, revealSecrets = false): Promise<ConfigPreview> {
  const phone = deps.getPhone(mac);
  const rendering = deps.renderer.templates;
  const { vendor, template } = phone ? rendering.resolve(phone) : { vendor: 'polycom' as const, template: rendering.defaultTemplate('polycom') };
  const files: PreviewFile[] = [];
  const sources: ParamSource[] = [];
  const warnings: string[] = [];
  const problems = new Set<string>();
  const polycom = vendor === 'polycom';

  const add = async (path: string, role: PreviewFileRole, withParams: boolean): Promise<string | undefined> => {
    const found = await deps.resolver.resolve(path);
    const order = files.length + 1;
    if (!found) {
      files.push({ order, path, role, source: 'missing', parameters: 0 });
      if (role === 'custom') warnings.push(`Custom file ${path} is not in the provisioning root: the phone gets "not found" for it.`);
      return undefined;
    }
    const rendered = found.source === 'rendered' ? deps.renderer.renderWithInfo(path) : undefined;
    rendered?.problems.forEach((p) => problems.add(p));
    if (found.source === 'file' && deps.renderer.render(path) !== undefined) {
      warnings.push(`${path}: a real file in the provisioning root is served instead of the one ProvKit renders.`);
    }
    const text = found.size <= MAX_TEXT ? await readAll(deps, found) : undefined;
    const file: PreviewFile = { order, path, role, source: found.source, size: found.size, parameters: 0, ...(text !== undefined ? { content: text } : {}) };
    files.push(file);
    if (withParams && text !== undefined) {
      const parsed = polycom ? parsePolycomParams(text) : parseKeyValueParams(text);
      if (parsed.error) file.error = parsed.error;
      file.parameters = parsed.params.length;
      sources.push({ file: path, override: role === 'override', provkit: found.source === 'rendered', params: parsed.params });
    }
    return text;
  };

  if (polycom) {
    const masterText = (await add(`${mac}.cfg`, 'master', false)) ?? (files.pop(), await add(`${DEFAULT_MAC}.cfg`, 'master', false));
    if (masterText !== undefined) {
      try {
        const model = findPolycomModel(phone?.model ?? '') ?? { code: phone?.model ?? 'UNKNOWN', partNumber: '', family: 'VVX' as const, uaToken: '', displayName: '' };
        const app = parseMaster(masterText, model, mac);
        const custom = new Set((phone?.customFiles ?? []).map((f) => expandCustomFile(f, phone!)));
        for (const f of app.configFiles) await add(f, custom.has(f) ? 'custom' : 'config', true);
        const dir = (d: string, n: string) => (d ? `${d.replace(/\/+$/, '')}/${n}` : n);
        for (const n of [`${mac}-phone.cfg`, `${mac}-web.cfg`]) await add(dir(app.overridesDir, n), 'override', true);
        for (const n of [`${DEFAULT_MAC}-license.cfg`, `${mac}-license.cfg`]) await add(dir(app.licenseDir, n), 'licence', false);
        for (const n of [`${mac}-directory.xml`, `${DEFAULT_MAC}-directory.xml`]) await add(dir(app.contactsDir, n), 'directory', false);
      } catch (err) {
        warnings.push(`The master configuration cannot be read: ${(err as Error).message}. The phone stops here.`);
      }
    }
  } else if (template) {
    // Each Yealink model asks for its own common file; the familyCode variable names it for unknown models.
    const family = (vendor === 'yealink' ? yealinkCommonCode(phone?.model) : undefined) ?? checkValues(template.manifest.variables, [rendering.site.values(), phone?.variables]).values.familyCode;
    for (const f of template.manifest.files) await add(expandFileName(f.name, mac, family), 'config', true);
  }

  const parameters = resolvePrecedence(sources, polycom ? 'first-wins' : 'last-wins');
  for (const p of parameters.filter((x) => x.masksProvKit)) {
    const served = p.ignored.find((i) => sources.some((s) => s.provkit && s.file === i.file));
    warnings.push(`${p.name} is "${p.value}" in ${p.file}, uploaded by the phone: it masks the "${served?.value ?? ''}" ProvKit serves in ${served?.file ?? 'its file'}. Reset the phone's local/web settings or change the value on the phone.`);
  }
  const preview: ConfigPreview = {
    mac,
    vendor,
    template: template?.manifest.id ?? '',
    precedence: polycom ? 'first-wins' : 'last-wins',
    files,
    parameters,
    warnings,
    problems: [...problems],
  };
  return revealSecrets ? preview : maskSecrets(preview);
}

async function readAll(deps: PreviewDeps, found: NonNullable<Awaited<ReturnType<ProvisioningResolver['resolve']>>>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of deps.resolver.open(found)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parameter names that hold secrets (`reg.1.auth.password`, `device.prov.password`, `security.user_password`). */
export const SECRET_PARAM = /pass(word|wd)/i;

/**
 * Hide the values of secret parameters, in file contents (XML attributes and key=value lines) and in
 * the parameter table.
 */
export function maskSecrets(p: ConfigPreview): ConfigPreview {
  const secret = (name: string) => SECRET_PARAM.test(name) && !name.endsWith('.set');
  const xml = p.vendor === 'polycom';
  const hide = (t: string) =>
    xml
      ? t.replace(/([\w.-]+)(\s*=\s*")([^"]*)(")/g, (m, n: string, eq: string, v: string, q: string) => (secret(n) && v ? `${n}${eq}${MASK}${q}` : m))
      : t.replace(/^(\s*)([^#;\s=]+)([ \t]*=[ \t]*)(\S.*)$/gm, (m, sp: string, n: string, eq: string) => (secret(n) ? `${sp}${n}${eq}${MASK}` : m));
  const value = (name: string, v: string) => (secret(name) && v ? MASK : v);
  return {
    ...p,
    files: p.files.map((f) => (f.content === undefined || f.role === 'licence' ? f : { ...f, content: hide(f.content) })),
    parameters: p.parameters.map((x) => ({ ...x, value: value(x.name, x.value), ignored: x.ignored.map((i) => ({ ...i, value: value(x.name, i.value) })) })),
    warnings: p.warnings,
  };
}
