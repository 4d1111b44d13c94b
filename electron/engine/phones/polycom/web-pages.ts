/**
 * Reading the Polycom web UI's pages (both web dialects): the home page's info cells, the
 * provisioning page's form fields, the CSRF meta tag. Tolerant, regex-based parsing of the
 * phone's own HTML (no DOM in the engine).
 * Source: facts §3 — `home.htm` `<span textId=...>` cells (292 model, 293 part number, 294 MAC,
 * 97 IP, 1023 UC software version, 297 Updater version); `provConf.htm` inputs carrying
 * `paramName="device.prov.serverName"` whose `name` is what `/form-submit` takes;
 * `<meta name="csrf-token" content=...>` in `/index.htm`.
 */

/** textId of each home-page cell ProvKit reads (facts §3). */
export const HOME_TEXT_IDS = { model: '292', partNumber: '293', mac: '294', ip: '97', appVersion: '1023', updaterVersion: '297' } as const;

/** One form field of a settings page. */
export interface FormField {
  /** What `/form-submit` takes (a number that differs between firmware versions). */
  name: string;
  paramName: string;
  kind: 'input' | 'select';
  /** Current value (for a select: the selected option's value). */
  value: string;
  /** A select's option values. */
  options?: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Decode HTML character references.
 * @param s text with `&amp;`, `&#58;`, `&#x3a;` ...
 */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Attributes of one start tag, names lowercased (HTML is case-insensitive: `paramName` = `paramname`).
 * @param tag the text of the tag, `<input name="1" ...>`
 */
export function tagAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = tag.replace(/^<\s*[\w-]+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function text(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/**
 * Read the home page's info cells: for each `<span textId="N">label</span>`, the text of the
 * table cell that follows the label's cell.
 * @returns textId → value text (only cells that were found)
 */
export function parseHomeCells(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /<span\b[^>]*\btextid\s*=\s*["']?(\d+)["']?[^>]*>[\s\S]*?<\/span>([\s\S]*?)(?=<span\b[^>]*\btextid|<\/table>|$)/gi;
  for (const m of html.matchAll(re)) {
    const rest = m[2]!;
    const cell = /<td\b[^>]*>([\s\S]*?)<\/td>/i.exec(rest);
    if (!cell) continue;
    const value = text(cell[1]!);
    if (value && out[m[1]!] === undefined) out[m[1]!] = value;
  }
  return out;
}

/**
 * Read every `<input>` and `<select>` that carries a `paramName` (facts §3, `provConf.htm`).
 * @returns paramName → field
 */
export function parseParamFields(html: string): Map<string, FormField> {
  const out = new Map<string, FormField>();
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const a = tagAttributes(m[0]);
    if (!a.paramname || a.name === undefined) continue;
    out.set(a.paramname, { name: a.name, paramName: a.paramname, kind: 'input', value: a.value ?? '' });
  }
  for (const m of html.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/gi)) {
    const a = tagAttributes(m[1]!);
    if (!a.paramname || a.name === undefined) continue;
    const options: string[] = [];
    let selected: string | undefined;
    for (const o of m[2]!.matchAll(/<option\b[^>]*>/gi)) {
      const oa = tagAttributes(o[0]);
      const v = oa.value ?? '';
      options.push(v);
      if ('selected' in oa) selected = v;
    }
    out.set(a.paramname, { name: a.name, paramName: a.paramname, kind: 'select', value: selected ?? options[0] ?? '', options });
  }
  return out;
}

/**
 * The UC 6 anti-CSRF token from `/index.htm` (`<meta name="csrf-token" content="...">`).
 * @returns the token, or undefined when the page has none
 */
export function findCsrfToken(html: string): string | undefined {
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const a = tagAttributes(m[0]);
    if (a.name?.toLowerCase() === 'csrf-token' && a.content) return a.content;
  }
  return undefined;
}

/**
 * Does an HTTP answer look like a Polycom phone's web server? Polycom phones send
 * `Server: Polycom SoundPoint IP Telephone HTTPd` (VVX too) and name Polycom/Poly in the page title.
 * @param server the `Server` header
 * @param body the page
 */
export function looksLikePolycom(server: string | undefined, body: string): boolean {
  if (server && /polycom/i.test(server)) return true;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? '';
  return /polycom|\bpoly\b/i.test(title);
}
