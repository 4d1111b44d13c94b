/**
 * Test helper: find internal references in text meant for people — source file names of the
 * reference documents, "§" sections, line numbers ("L146-147"), "seed"/"facts" notes, issue numbers.
 * Used by the unit scan of every user-visible string and by the e2e check of rendered pages.
 */
import ts from 'typescript';

/** Patterns of internal references, each with a name for the failure message. */
export const INTERNAL_REF_PATTERNS: ReadonlyArray<{ name: string; re: RegExp }> = [
  { name: 'source file name', re: /\b[\w-]+-(?:guide|bulletin|auto-config|facts)\.(?:txt|md)\b/i },
  { name: 'reference file', re: /\b(?:phone-provisioning-facts|design)\.md\b/i },
  { name: 'section sign (other than an RFC section)', re: /(?<!RFC \d{3,4} )§/ },
  { name: 'line number', re: /(?<![\w/.-])L\d{2,4}(?:[-–]\d{1,4})?\b/ },
  { name: '"seed" note', re: /\bseeds?\b(?! ?=)/i },
  { name: '"facts" note', re: /\bfacts\s*(?:§|\d|item)/i },
  { name: 'issue number', re: /\bissues?\s*#?\d+/i },
];

/**
 * The internal references in one text.
 * @returns one `pattern: match` per hit; empty when clean
 */
export function internalRefs(text: string): string[] {
  const out: string[] = [];
  for (const p of INTERNAL_REF_PATTERNS) {
    const m = p.re.exec(text);
    if (m) out.push(`${p.name}: “${m[0]}”`);
  }
  return out;
}

/** A string a source file holds, with its line. */
export interface SourceString {
  line: number;
  text: string;
}

/**
 * Every string a TypeScript/TSX file could show: string and template literals (the static parts)
 * and JSX text — not comments, not import paths, not property names.
 * @param file file name (for the TSX setting)
 * @param code its content
 */
export function userStrings(file: string, code: string): SourceString[] {
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: SourceString[] = [];
  const add = (node: ts.Node, text: string) => {
    if (text.trim()) out.push({ line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (!(node.parent && (ts.isPropertyAssignment(node.parent) || ts.isPropertySignature(node.parent)) && node.parent.name === node)) add(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      add(node.head, node.head.text);
      for (const s of node.templateSpans) add(s.literal, s.literal.text);
    } else if (ts.isJsxText(node)) add(node, node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
