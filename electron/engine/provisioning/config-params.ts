/**
 * Reading parameters back out of configuration files, and deciding which file's value a phone keeps.
 * - Polycom: parameters are XML attributes on any element, in document order; text between
 *   elements is ignored (CIC guide: `reg.1.address="blahblahblah"` written as text is not
 *   a parameter). Across CONFIG_FILES the first value received wins (docs/sources.md §1 step 6); settings the
 *   phone uploaded (`<mac>-phone.cfg`, `<mac>-web.cfg`, local/web UI changes) win over every
 *   CONFIG_FILES value (Polycom's order: local UI and web UI, then the provisioning server).
 * - key=value files (AudioCodes, Yealink): `name=value` or `name = value` lines; `#` comments.
 *   Later files (the MAC file after the common file) and later lines win.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PreviewParameter } from '../../../shared/inventory-types';

/** Parameters of one file, in order, or why they could not be read. */
export interface ParsedParams {
  params: Array<[string, string]>;
  error?: string;
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, trimValues: true });

type Ordered = Array<Record<string, unknown>>;

function decodeCharRefs(s: string): string {
  return s.replace(/&#(x[0-9a-fA-F]+|\d+);/g, (_, n: string) => String.fromCodePoint(n[0] === 'x' ? parseInt(n.slice(1), 16) : Number(n)));
}

/**
 * Read the parameters of a Polycom XML configuration file.
 * @returns attributes of every element except the `<?xml?>` declaration, in document order; an
 *   `error` (with line) when the text is not well-formed XML
 */
export function parsePolycomParams(xml: string): ParsedParams {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { params: [], error: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` };
  const params: Array<[string, string]> = [];
  const walk = (nodes: Ordered): void => {
    for (const node of nodes) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ':@' || key === '#text' || key === '?xml') continue;
        const attrs = node[':@'] as Record<string, string> | undefined;
        if (attrs) for (const [k, v] of Object.entries(attrs)) params.push([k, decodeCharRefs(String(v))]);
        if (Array.isArray(value)) walk(value as Ordered);
      }
    }
  };
  walk(parser.parse(xml) as Ordered);
  return { params };
}

/**
 * Read the parameters of a key=value file (AudioCodes `<MAC>.cfg`, Yealink `.cfg`).
 * @returns `[name, value]` per line with `=`; comments (`#`, `;`) and blank lines skipped
 */
export function parseKeyValueParams(text: string): ParsedParams {
  const params: Array<[string, string]> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    params.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return { params };
}

/** One file's parameters with its place in the precedence. */
export interface ParamSource {
  file: string;
  /** Phone uploads (`-phone.cfg`, `-web.cfg`) beat every configuration file (Polycom). */
  override: boolean;
  /** Rendered by ProvKit (a masked value is one ProvKit serves). */
  provkit: boolean;
  params: Array<[string, string]>;
}

/**
 * Which value of each parameter the phone keeps.
 * @param sources files in request order
 * @param mode `first-wins` (Polycom) or `last-wins` (AudioCodes, Yealink)
 * @returns one entry per parameter name, sorted by name
 */
export function resolvePrecedence(sources: ParamSource[], mode: 'first-wins' | 'last-wins'): PreviewParameter[] {
  // Overrides first (they win), then configuration files in the order that makes the winner come first.
  const configs = sources.filter((s) => !s.override);
  const ordered = [...sources.filter((s) => s.override), ...(mode === 'first-wins' ? configs : [...configs].reverse())];
  const byName = new Map<string, PreviewParameter & { winnerOverride: boolean }>();
  for (const src of ordered) {
    const params = mode === 'first-wins' || src.override ? src.params : [...src.params].reverse();
    for (const [name, value] of params) {
      const seen = byName.get(name);
      if (!seen) byName.set(name, { name, value, file: src.file, ignored: [], winnerOverride: src.override });
      else {
        seen.ignored.push({ file: src.file, value });
        if (seen.winnerOverride && src.provkit && value !== seen.value) seen.masksProvKit = true;
      }
    }
  }
  return [...byName.values()]
    .map(({ winnerOverride: _w, ...p }) => p)
    .sort((a, b) => a.name.localeCompare(b.name));
}
