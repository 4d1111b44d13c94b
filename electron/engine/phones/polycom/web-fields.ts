/**
 * Choosing what to post in the provisioning page's selects by what the page shows: the option whose
 * label (or a non-numeric value) names the wanted server type or boot server mode — never a number
 * assumed from another firmware's page — and reading a select back the same way.
 * Source: docs/sources.md "Phone web UI" (`provConf.htm` Server Type: FTP, TFTP, HTTP, HTTPS, FTPS;
 * Boot Server: Option 66, Custom, Static, Custom+Option 66).
 */
import type { BootServerMode, ProvServerType } from '../../../../shared/phone-web';
import type { FieldChoice, FormField } from './web-pages';

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9+]/g, '');

/**
 * The server type an option label or value names (`HTTP`, `https`, `TFTP` ...).
 * @returns the type, or undefined when the text names none (numbers name none)
 */
export function serverTypeNamed(text: string): ProvServerType | undefined {
  const t = squash(text);
  return (['ftp', 'tftp', 'http', 'https', 'ftps'] as const).find((x) => x === t);
}

/**
 * The boot server mode an option label or value names (`Static`, `Option 66`, `Custom+Option 66`).
 * @returns the mode, or undefined when the text names none
 */
export function bootServerModeNamed(text: string): BootServerMode | undefined {
  const t = squash(text);
  if (t === 'static') return 'static';
  if (t === 'option66' || t === 'dhcpoption66') return 'option66';
  if (t === 'custom') return 'custom';
  if (t === 'custom+option66' || t === 'customoption66' || t === 'custom+66' || t === 'customandoption66') return 'custom+66';
  return undefined;
}

/** The option chosen for a wanted meaning, for the report. */
export interface ChosenOption extends FieldChoice {
  /** `Server Type: option "HTTP" (value 2)`. */
  note: string;
}

/**
 * Pick the option of a select that means `wanted`: by its label first, then by a value that names it.
 * @param field the select (from parseParamFields)
 * @param named reads a label or value (serverTypeNamed, bootServerModeNamed)
 * @param wanted what the option must mean
 * @param what the field as people call it (`Server Type`)
 * @returns the option, or undefined when the page offers none that means `wanted`
 */
export function chooseOption<T>(field: FormField, named: (text: string) => T | undefined, wanted: T, what: string): ChosenOption | undefined {
  const choices = field.choices ?? (field.options ?? []).map((v) => ({ value: v, label: v }));
  const c = choices.find((o) => named(o.label) === wanted) ?? choices.find((o) => named(o.value) === wanted);
  return c ? { ...c, note: `${what}: option "${c.label}" (value ${c.value})` } : undefined;
}

/**
 * What a select currently means, read from the selected option's label (or its value when the
 * label names nothing); an input's value as it is.
 * @returns the text to interpret (`HTTP`, `Static`, `160` ...)
 */
export function shownValue(field: FormField | undefined, named: (text: string) => unknown): string | undefined {
  if (!field) return undefined;
  if (field.kind === 'select' && field.label !== undefined && named(field.label) !== undefined) return field.label;
  return field.value;
}

/** The labels of a select, for messages (`FTP, TFTP, HTTP`). */
export function optionLabels(field: FormField): string {
  return (field.choices ?? []).map((c) => c.label).join(', ') || 'none';
}
