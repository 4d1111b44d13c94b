/**
 * The template language of `resources/templates/` (documented in resources/templates/README.md):
 * a small subset of Mustache, so the files stay readable and editable in Notepad.
 * - `{{name}}`, `{{line.extension}}`: a value, escaped for the file's format;
 * - `{{name|filter}}`: a value through a filter (`upper`, `lower`, `hoursToSeconds`, `macUpper`);
 * - `{{#name}}…{{/name}}`: the block when the value is set (a non-empty text, a number, an on switch);
 *   a switch (boolean) writes `1`/`0`; for a list,
 *   once per item with the item's fields in scope (`{{#lines}}reg.{{index}}…{{/lines}}`);
 * - `{{^name}}…{{/name}}`: the block when the value is not set;
 * - `{{! comment }}`: dropped. A line holding only a section tag or a comment leaves no blank line.
 */

/** A value a template can read. */
export type TemplateValue = string | number | boolean | undefined | TemplateScope | TemplateScope[];
/** A scope: names to values. */
export interface TemplateScope {
  [name: string]: TemplateValue;
}

/** Thrown for a template that cannot be parsed or names an unknown filter; says where. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file} line ${line}: ${message}`);
    this.name = 'TemplateSyntaxError';
  }
}

type Node =
  | { t: 'text'; s: string }
  | { t: 'var'; name: string; filter?: string; line: number }
  | { t: 'section'; name: string; inverted: boolean; children: Node[]; line: number };

const FILTERS: Record<string, (v: string) => string> = {
  upper: (v) => v.toUpperCase(),
  lower: (v) => v.toLowerCase(),
  /** Hours (may be fractional, `-5`, `5.5`) to whole seconds (Polycom `tcpIpApp.sntp.gmtOffset`). */
  hoursToSeconds: (v) => String(Math.round(Number(v) * 3600)),
  /** `0004f2aabbcc` → `0004F2AABBCC` (AudioCodes file names). */
  macUpper: (v) => v.toUpperCase(),
};

const TAG = /\{\{\s*([#^/!]?)\s*([^}]*?)\s*\}\}/g;

/**
 * Parse a template.
 * @param source template text
 * @param file name used in error messages
 * @throws TemplateSyntaxError for an unclosed or mismatched section or an unknown filter
 */
export function parseTemplate(source: string, file: string): Node[] {
  const text = stripStandaloneTags(source);
  const root: Node[] = [];
  const stack: Array<{ node: Extract<Node, { t: 'section' }>; out: Node[] }> = [];
  let out = root;
  let last = 0;
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  for (const m of text.matchAll(TAG)) {
    if (m.index! > last) out.push({ t: 'text', s: text.slice(last, m.index) });
    last = m.index! + m[0].length;
    const [, sigil, body] = m as unknown as [string, string, string];
    const line = lineAt(m.index!);
    if (sigil === '!') continue;
    if (sigil === '#' || sigil === '^') {
      const node: Extract<Node, { t: 'section' }> = { t: 'section', name: body, inverted: sigil === '^', children: [], line };
      out.push(node);
      stack.push({ node, out });
      out = node.children;
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open || open.node.name !== body) throw new TemplateSyntaxError(file, line, `{{/${body}}} closes ${open ? `{{#${open.node.name}}} opened on line ${open.node.line}` : 'nothing'}`);
      out = open.out;
    } else {
      const [name, filter] = body.split('|').map((s) => s.trim()) as [string, string | undefined];
      if (filter !== undefined && !FILTERS[filter]) throw new TemplateSyntaxError(file, line, `unknown filter "${filter}" (known: ${Object.keys(FILTERS).join(', ')})`);
      out.push({ t: 'var', name, line, ...(filter ? { filter } : {}) });
    }
  }
  if (stack.length) {
    const open = stack.at(-1)!.node;
    throw new TemplateSyntaxError(file, open.line, `{{${open.inverted ? '^' : '#'}${open.name}}} is never closed`);
  }
  if (last < text.length) out.push({ t: 'text', s: text.slice(last) });
  return root;
}

/** Remove the line break after lines that hold only section tags or comments. */
function stripStandaloneTags(source: string): string {
  return source.replace(/^[ \t]*(\{\{\s*[#^/!][^}]*\}\}[ \t]*)+\r?\n/gm, (m) => m.replace(/^[ \t]+/, '').replace(/[ \t]*\r?\n$/, ''));
}

function lookup(scopes: TemplateScope[], name: string): TemplateValue {
  if (name === '.') return scopes.at(-1)?.['.'];
  const [head, ...rest] = name.split('.');
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (Object.prototype.hasOwnProperty.call(scopes[i], head!)) {
      let v: TemplateValue = scopes[i]![head!];
      for (const part of rest) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as TemplateScope)[part] : undefined;
      return v;
    }
  }
  return undefined;
}

/** A section shows for: a non-empty string (`"0"` included: a UTC offset of 0 is a value), a number, `true`, a non-empty list, an object. */
function isSet(v: TemplateValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'string') return v !== '';
  if (typeof v === 'number') return true;
  return Boolean(v);
}

/**
 * Render parsed nodes.
 * @param escape applied to every `{{value}}` (XML attribute escaping for Polycom, a newline check for
 *   key=value files); may throw to refuse a value
 * @returns the text
 */
export function renderNodes(nodes: Node[], scope: TemplateScope, escape: (value: string, name: string) => string): string {
  const walk = (list: Node[], scopes: TemplateScope[]): string => {
    let s = '';
    for (const n of list) {
      if (n.t === 'text') s += n.s;
      else if (n.t === 'var') {
        const v = lookup(scopes, n.name);
        if (v === undefined || typeof v === 'object') continue;
        const text = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
        s += escape(n.filter ? FILTERS[n.filter]!(text) : text, n.name);
      } else {
        const v = lookup(scopes, n.name);
        if (n.inverted) {
          if (!isSet(v)) s += walk(n.children, scopes);
        } else if (Array.isArray(v)) {
          for (const item of v) s += walk(n.children, [...scopes, item]);
        } else if (isSet(v)) {
          s += walk(n.children, typeof v === 'object' ? [...scopes, v] : scopes);
        }
      }
    }
    return s;
  };
  return walk(nodes, [scope]);
}

/** Parsed template nodes. */
export type TemplateNodes = Node[];
