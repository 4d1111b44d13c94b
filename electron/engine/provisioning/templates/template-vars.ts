/**
 * Template variables: each declared type becomes a zod schema; values (site values, overridden by
 * per-phone values) are checked before rendering. An invalid value is never rendered: the default
 * applies instead and the problem is reported (preview, log), so a typo cannot brick a phone.
 */
import { z } from 'zod';
import type { TemplateVariable } from '../../../../shared/inventory-types';

const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*)(?::\d{1,5})?$/;
/** Polycom/Yealink digit map characters (AltiGen guide "Customize the Digit Map"): digits, *, #, x, T, R, ranges, `.`, `,`, `|`. */
const DIGITMAP = /^[0-9*#xXTtRr.,|[\]\-()+]+$/;
// eslint-disable-next-line no-control-regex
const PRINTABLE = /^[^\x00-\x1f\x7f]*$/;

/**
 * The zod schema of one variable.
 * @returns a schema over the string form of the value
 */
export function variableSchema(v: TemplateVariable): z.ZodType<string> {
  switch (v.type) {
    case 'integer':
    case 'number': {
      return z.string().refine((s) => {
        const n = Number(s);
        if (s.trim() === '' || !Number.isFinite(n)) return false;
        if (v.type === 'integer' && !Number.isInteger(n)) return false;
        return (v.min === undefined || n >= v.min) && (v.max === undefined || n <= v.max);
      }, `${v.type === 'integer' ? 'a whole number' : 'a number'}${v.min !== undefined ? ` from ${v.min}` : ''}${v.max !== undefined ? ` to ${v.max}` : ''}`);
    }
    case 'boolean':
      return z.string().regex(/^(0|1|true|false)$/i, '1 (on) or 0 (off)');
    case 'host':
      return z.string().max(253).regex(HOST, 'a host name or IP address, optionally with :port');
    case 'enum':
      return z.string().refine((s) => (v.options ?? []).includes(s), `one of ${(v.options ?? []).join(', ')}`);
    case 'digitmap':
      return z.string().max(2047).regex(DIGITMAP, 'digits, x, T, R, *, #, [ ], ranges, . , and | only');
    case 'time':
      return z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a time HH:MM (00:00-23:59)');
    default: {
      const min = v.min ?? 0;
      const max = v.max ?? 1024;
      return z
        .string()
        .regex(PRINTABLE, 'text without control characters')
        .refine((s) => s.length >= min && s.length <= max, `text of ${min === max ? min : `${min}-${max}`} characters`);
    }
  }
}

/** Outcome of checking values. */
export interface CheckedValues {
  /** Valid values and defaults by name (booleans as `1`/`0`). */
  values: Record<string, string>;
  /** `label (name): "value" is not <what>; the default applies`. */
  problems: string[];
}

/**
 * Check values against declarations. Layers are applied in order, later wins (site, then phone).
 * @param layers value maps, e.g. `[siteValues, phone.variables]`
 */
export function checkValues(declared: TemplateVariable[], layers: Array<Record<string, string> | undefined>): CheckedValues {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const v of declared) {
    let value = v.default;
    for (const layer of layers) {
      const given = layer?.[v.name];
      if (given === undefined || given === '') continue;
      const r = variableSchema(v).safeParse(given);
      if (r.success) value = r.data;
      else problems.push(`${v.label} (${v.name}): "${v.type === 'secret' ? '••••' : given}" is not ${r.error.issues[0]?.message ?? 'valid'}; ${v.default !== undefined ? 'the default applies' : 'it is left out'}`);
    }
    if (value === undefined || value === '') continue;
    values[v.name] = v.type === 'boolean' ? (/^(1|true)$/i.test(value) ? '1' : '0') : value;
  }
  return { values, problems };
}
