/**
 * The one reader of Polycom master configuration files (`<mac>.cfg`, `000000000000.cfg`): what a
 * phone of a given model takes from the `<APPLICATION>` element. Used by the simulator, the config
 * preview, the enrollment firmware look-up and the boot verdict.
 *
 * Source: Polycom UC Software Administrator Guide, "Master Configuration Files" (APPLICATION
 * attributes, per-model `APPLICATION_<MODEL>` children with `<ATTRIBUTE>_<MODEL>`, the
 * `[PHONE_MAC_ADDRESS]`, `[PHONE_MODEL]` and `[PHONE_PART_NUMBER]` macros); docs/sources.md,
 * "Boot verdict".
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PolycomModel } from '../../../shared/models';

/** The `<APPLICATION>` element as a phone reads it for its model (macros expanded). */
export interface ApplicationSettings {
  /** Firmware image, e.g. `sip.ld` or `3111-46157-002.sip.ld`; '' when none. May be a full URL. */
  appFilePath: string;
  /** CONFIG_FILES in order, trimmed, empty entries dropped. */
  configFiles: string[];
  logDir: string;
  overridesDir: string;
  contactsDir: string;
  licenseDir: string;
  callListsDir: string;
}

/** The master configuration cannot be read: not well-formed XML, or no `<APPLICATION>` element. */
export class MasterConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterConfigError';
  }
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/**
 * Read the `<APPLICATION>` element of a master configuration for one phone. Per-model children
 * (`APPLICATION_<MODEL>` with `APP_FILE_PATH_<MODEL>`, `CONFIG_FILES_<MODEL>`) override the
 * defaults when the model is known; XML comments are ignored.
 * @param xml the file's text
 * @param model the phone's model; undefined = the defaults only, `[PHONE_MODEL]` and
 *   `[PHONE_PART_NUMBER]` left as they are
 * @param mac 12 lowercase hex digits, for `[PHONE_MAC_ADDRESS]`
 * @returns the settings
 * @throws MasterConfigError when the XML is malformed (with its line) or has no APPLICATION element
 */
export function parseMaster(xml: string, model: PolycomModel | undefined, mac: string): ApplicationSettings {
  const app = applicationOf(xml);
  const child = model ? (app[`APPLICATION_${model.code}`] as Record<string, unknown> | undefined) : undefined;
  const attr = (name: string): string => {
    const specific = model && child && typeof child === 'object' ? child[`${name}_${model.code}`] : undefined;
    const v = typeof specific === 'string' && specific !== '' ? specific : app[name];
    return typeof v === 'string' ? expandMacros(v, mac, model) : '';
  };
  return {
    appFilePath: attr('APP_FILE_PATH').trim(),
    configFiles: attr('CONFIG_FILES')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    logDir: attr('LOG_FILE_DIRECTORY'),
    overridesDir: attr('OVERRIDES_DIRECTORY'),
    contactsDir: attr('CONTACTS_DIRECTORY'),
    licenseDir: attr('LICENSE_DIRECTORY'),
    callListsDir: attr('CALL_LISTS_DIRECTORY'),
  };
}

/** The `<APPLICATION>` elements (or why there is none) of the last few texts parsed, by text. */
const parsed = new Map<string, Record<string, unknown> | MasterConfigError>();
/** Texts remembered in {@link parsed}. */
const PARSED_MAX = 8;

/**
 * The `<APPLICATION>` element of a master configuration, parsed once per text: 1,000 phones
 * booting from one master file ask for the same text (only read, never changed, by the caller).
 * @throws MasterConfigError as {@link parseMaster}
 */
function applicationOf(xml: string): Record<string, unknown> {
  let app = parsed.get(xml);
  if (!app) {
    app = parseApplication(xml);
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
    parsed.set(xml, app);
  }
  if (app instanceof MasterConfigError) throw new MasterConfigError(app.message);
  return app;
}

function parseApplication(xml: string): Record<string, unknown> | MasterConfigError {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return new MasterConfigError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const app = doc.APPLICATION as Record<string, unknown> | undefined;
  if (!app || typeof app !== 'object') return new MasterConfigError('no <APPLICATION> element');
  return app;
}

/**
 * Expand the master configuration macros: `[PHONE_MAC_ADDRESS]` (always), `[PHONE_MODEL]` and
 * `[PHONE_PART_NUMBER]` (when the model is known).
 * @returns the text with the macros replaced
 */
export function expandMacros(v: string, mac: string, model: PolycomModel | undefined): string {
  let out = v.replace(/\[PHONE_MAC_ADDRESS\]/g, mac);
  if (model) out = out.replace(/\[PHONE_MODEL\]/g, model.code).replace(/\[PHONE_PART_NUMBER\]/g, model.partNumber);
  return out;
}
