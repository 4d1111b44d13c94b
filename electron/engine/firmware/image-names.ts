/**
 * What a file inside a Polycom firmware package is, from its name (docs/sources.md §6): split application
 * images `<part>.sip.ld`, the combined `sip.ld`, BootROM/Updater images `bootrom.ld` and
 * `<part>.bootrom.ld`, and the version files `sip.ver` / `bootrom.ver`.
 */
import { findPolycomModelByPart, POLYCOM_MODELS } from '../../../shared/models';

/** A recognised package file. `part` is undefined for combined images. */
export type PackageFile =
  | { kind: 'application' | 'bootrom'; part?: string; models: string[] }
  | { kind: 'version'; of: 'application' | 'bootrom' };

const PART = /^(\d{4}-\d{5}-\d{3})\.(sip|bootrom)\.ld$/i;

/** Why a name is not imported; undefined when {@link classifyPackageFile} recognises it. */
export type Unrecognised = { reason: string };

/**
 * Classify one file of a package by its base name.
 * @returns the file's role, or `{reason}` saying why it is skipped (unknown part number, not firmware)
 */
export function classifyPackageFile(baseName: string): PackageFile | Unrecognised {
  const name = baseName.toLowerCase();
  if (name === 'sip.ver') return { kind: 'version', of: 'application' };
  if (name === 'bootrom.ver') return { kind: 'version', of: 'bootrom' };
  const all = POLYCOM_MODELS.map((m) => m.code);
  if (name === 'sip.ld') return { kind: 'application', models: all };
  if (name === 'bootrom.ld') return { kind: 'bootrom', models: all };
  const m = PART.exec(name);
  if (m) {
    const kind = m[2] === 'sip' ? 'application' : 'bootrom';
    const model = findPolycomModelByPart(m[1]!);
    if (!model) return { reason: `part number ${m[1]} is not in the model table (shared/models.ts): not imported` };
    return { kind, part: m[1]!, models: [model.code] };
  }
  if (name.endsWith('.ld')) return { reason: 'firmware-like name (.ld) that ProvKit does not recognise: not imported' };
  return { reason: 'not a firmware image (configuration, release notes, sounds...): skipped' };
}

/** Folder (under the firmware folder) for a version: `<version>` or `bootrom-<version>`; unsafe characters replaced. */
export function versionFolder(kind: 'application' | 'bootrom', version: string): string {
  const safe = version.replace(/[^0-9A-Za-z._-]+/g, '_');
  return kind === 'bootrom' ? `bootrom-${safe}` : safe;
}

/** Name phones request for an image: `<part>.sip.ld`, `sip.ld`, `<part>.bootrom.ld`, `bootrom.ld`. */
export function servedName(kind: 'application' | 'bootrom', part?: string): string {
  const base = kind === 'application' ? 'sip.ld' : 'bootrom.ld';
  return part ? `${part}.${base}` : base;
}

/**
 * Read a `sip.ver`/`bootrom.ver` text: the first non-empty line, trimmed.
 * @returns the version, or undefined when the file is empty
 */
export function readVersionFile(text: string): string | undefined {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  return line ? line.replace(/^v(?=\d)/i, '') : undefined;
}
