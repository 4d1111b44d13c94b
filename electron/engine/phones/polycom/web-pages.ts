/**
 * Reading the Polycom web UI's pages (both web dialects) with an HTML parser (parse5, the WHATWG
 * parsing algorithm): the home page's info cells, the provisioning page's form fields and their
 * options, the anti-CSRF meta tag, the page title.
 * Source: docs/sources.md "Phone web UI" — `home.htm` `<span textId=...>` cells (292 model, 293
 * part number, 294 MAC, 97 IP, 1023 UC software version, 297 Updater version); `provConf.htm`
 * inputs and selects carrying `paramName="device.prov.serverName"` whose `name` is what
 * `/form-submit` takes; `<meta name="csrf-token" content=...>` in `/index.htm`.
 */
import { parse, type DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** textId of each home-page cell ProvKit reads. */
export const HOME_TEXT_IDS = { model: '292', partNumber: '293', mac: '294', ip: '97', appVersion: '1023', updaterVersion: '297' } as const;

/** One option of a select: what is posted and what the page shows. */
export interface FieldChoice {
  value: string;
  label: string;
}

/** One form field of a settings page. */
export interface FormField {
  /** What `/form-submit` takes (a number that differs between firmware versions). */
  name: string;
  paramName: string;
  kind: 'input' | 'select';
  /** Current value (for a select: the selected option's value). */
  value: string;
  /** A select's option values, in page order. */
  options?: string[];
  /** A select's options with their labels, in page order. */
  choices?: FieldChoice[];
  /** A select's selected option label. */
  label?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Decode HTML character references in a plain string (not a page: pages go through the parser).
 * @param s text with `&amp;`, `&#58;`, `&#x3a;` ...
 * @returns the decoded text; unknown references stay as they are
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

/** Every element of a parsed page, in document order. */
function elements(html: string): Element[] {
  const out: Element[] = [];
  const visit = (n: Node) => {
    if ('tagName' in n) out.push(n);
    if ('childNodes' in n) for (const c of n.childNodes) visit(c);
    if ('content' in n && n.content) visit(n.content as Node);
  };
  visit(parse(html));
  return out;
}

/** An attribute of an element (names are lowercase after parsing: `paramName` = `paramname`). */
function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** The text of an element, whitespace collapsed. */
function textOf(n: Node): string {
  const parts: string[] = [];
  const visit = (x: Node) => {
    if (x.nodeName === '#text') parts.push((x as DefaultTreeAdapterTypes.TextNode).value);
    else if ('childNodes' in x) for (const c of x.childNodes) visit(c);
  };
  visit(n);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function ancestor(el: Element, tag: string): Element | undefined {
  for (let p = el.parentNode; p; p = (p as Element).parentNode) if ((p as Element).tagName === tag) return p as Element;
  return undefined;
}

/**
 * Read the home page's info cells: for each `<span textId="N">label</span>`, the text of the
 * table cell that follows the label's cell.
 * @returns textId → value text (only cells that were found)
 */
export function parseHomeCells(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of elements(html)) {
    const id = el.tagName === 'span' ? attr(el, 'textid') : undefined;
    if (!id || out[id] !== undefined) continue;
    const td = ancestor(el, 'td');
    const row = td?.parentNode;
    if (!td || !row) continue;
    const cells = row.childNodes.filter((c): c is Element => (c as Element).tagName === 'td');
    const next = cells[cells.indexOf(td) + 1];
    const value = next ? textOf(next) : '';
    if (value) out[id] = value;
  }
  return out;
}

/**
 * Read every `<input>` and `<select>` that carries a `paramName` (`provConf.htm`).
 * @returns paramName → field (name, value, and for a select its options with their labels)
 */
export function parseParamFields(html: string): Map<string, FormField> {
  const out = new Map<string, FormField>();
  for (const el of elements(html)) {
    if (el.tagName !== 'input' && el.tagName !== 'select') continue;
    const paramName = attr(el, 'paramname');
    const name = attr(el, 'name');
    if (!paramName || name === undefined) continue;
    if (el.tagName === 'input') {
      out.set(paramName, { name, paramName, kind: 'input', value: attr(el, 'value') ?? '' });
      continue;
    }
    const choices: FieldChoice[] = [];
    let selected: FieldChoice | undefined;
    const visit = (n: Node) => {
      if ((n as Element).tagName === 'option') {
        const o = n as Element;
        const label = textOf(o);
        const c = { value: attr(o, 'value') ?? label, label };
        choices.push(c);
        if (attr(o, 'selected') !== undefined) selected = c;
      } else if ('childNodes' in n) for (const k of n.childNodes) visit(k);
    };
    visit(el);
    // No option selected: the first one is what a browser would send.
    const current = selected ?? choices[0];
    out.set(paramName, { name, paramName, kind: 'select', value: current?.value ?? '', options: choices.map((c) => c.value), choices, ...(current ? { label: current.label } : {}) });
  }
  return out;
}

/**
 * The anti-CSRF token a page offers (`<meta name="csrf-token" content="...">`).
 * @returns the token, or undefined when the page has none
 */
export function findCsrfToken(html: string): string | undefined {
  for (const el of elements(html)) {
    if (el.tagName === 'meta' && attr(el, 'name')?.toLowerCase() === 'csrf-token') {
      const v = attr(el, 'content');
      if (v) return v;
    }
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
  if (!/<title/i.test(body)) return false;
  const title = elements(body).find((e) => e.tagName === 'title');
  return title ? /polycom|\bpoly\b/i.test(textOf(title)) : false;
}
