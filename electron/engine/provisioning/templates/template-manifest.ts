/**
 * `template.json`: what a template folder declares (resources/templates/README.md). Validated with
 * zod so a user's edited copy fails with a message naming the field, never with a crash.
 */
import { z } from 'zod';

/** Names the renderer itself provides; a template variable must not reuse them. */
export const RESERVED_NAMES = ['mac', 'model', 'label', 'vendor', 'notes', 'lines', 'line1', 'provider', 'templateId', 'templateName', 'deviceSet', 'phone', 'secure'] as const;

const variable = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'letters, digits and _ only, starting with a letter')
    .refine((n) => !(RESERVED_NAMES as readonly string[]).includes(n), 'this name is reserved for inventory fields'),
  label: z.string().min(1),
  type: z.enum(['string', 'integer', 'number', 'boolean', 'host', 'secret', 'enum', 'digitmap', 'time']),
  description: z.string().optional(),
  default: z.string().optional(),
  options: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

const file = z.object({
  /**
   * Name as requested, with macros: `[PHONE_MAC_ADDRESS]` (12 lowercase hex digits),
   * `[PHONE_MAC_ADDRESS_UPPER]`, and for site files `[FAMILY]` (two hex digits, Yealink `y0000000000xx.cfg`).
   */
  name: z.string().min(1).regex(/^[^/\\]+$/, 'a file name, no folders'),
  /** Template source file inside the folder. */
  source: z.string().min(1).regex(/^[^/\\]+$/, 'a file in the template folder'),
  /** `phone`: rendered per phone; `site`: the same for every phone of the vendor. */
  scope: z.enum(['phone', 'site']).default('phone'),
});

/** The manifest schema. */
export const manifestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and -'),
  name: z.string().min(1),
  vendor: z.enum(['polycom', 'audiocodes', 'yealink']),
  description: z.string().default(''),
  /** How values are escaped and how the preview reads parameters back. */
  format: z.enum(['polycom-xml', 'key-value']),
  /**
   * Polycom phones the template suits, by the newest software line their model runs (`uc3`, `uc4`,
   * `uc5`; shared/firmware-line.ts): a site default that does not suit a phone's model is passed
   * over for the shipped template of its line (a SoundPoint IP 650 never gets a UC 5-only
   * template by default). Absent: every model.
   */
  firmwareLines: z.array(z.enum(['uc3', 'uc4', 'uc5'])).optional(),
  /** Request order of the files (Yealink: common file first). */
  files: z.array(file).min(1),
  variables: z.array(variable).default([]),
});

/** A parsed manifest. */
export type TemplateManifest = z.output<typeof manifestSchema>;
/** One file entry of a manifest. */
export type TemplateFileEntry = TemplateManifest['files'][number];

/**
 * Regular expression matching request names of a file entry (case-insensitive, whole name).
 * @returns the regex; group `mac` captures the MAC when the name has one
 */
export function fileNamePattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|\\]/g, '\\$&');
  const body = escaped
    .replace(/\[PHONE_MAC_ADDRESS(?:_UPPER)?\]/g, '(?<mac>[0-9a-fA-F]{12})')
    .replace(/\[FAMILY\]/g, '[0-9a-fA-F]{2}');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Expand a file name's macros for one phone.
 * @param mac 12 lowercase hex digits
 * @param family two hex digits for `[FAMILY]` (default `00`)
 */
export function expandFileName(name: string, mac: string, family = '00'): string {
  return name.replace(/\[PHONE_MAC_ADDRESS_UPPER\]/g, mac.toUpperCase()).replace(/\[PHONE_MAC_ADDRESS\]/g, mac).replace(/\[FAMILY\]/g, family);
}
