/**
 * Code and its comments cite sources that ship with the code (docs/sources.md, docs/design.md) or
 * public ones (RFCs, vendor guides by title) — never issue numbers, notes outside the repository
 * ("facts §N", the reference folder beside the checkout) or line numbers of documents that do not
 * ship. Scans every tracked source file; test fixtures (captures of other programs' pages) and the
 * tests that hold these patterns on purpose are left out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const PATTERNS: Array<[string, RegExp]> = [
  ['issue number', /\bissues? #\d+/i],
  // A bare "#7)" closing a comment's clause; PKCS#12, &#10;, CSS colours and "phone #2 of" are not.
  ['bare issue number', /^\s*(?:\*|\/\/|\/\*).*[\s,(]#\d{1,3}[).,;:]/],
  ['markdown or bench issue number', /\(issue #?\d+\)/i],
  ['facts note', /\bfacts §/],
  ['reference file', /\bseed [a-z0-9-]+\.txt|shared\/reference\//],
  ['line numbers of a document', /\(seed L\d|\bL\d{2,4}\s*[-–]\s*L?\d{2,4}\b/],
];
const SKIP = [/^test\/fixtures\//, /^test\/helpers\/internal-refs\.ts$/, /^test\/unit\/no-internal-refs/, /^test\/e2e\/no-internal-refs/];

describe('no internal references in code or comments', () => {
  it('every tracked source file cites shipped or public sources only', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.mjs', '*.js', '*.cjs', '*.css'], { cwd: repo, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !SKIP.some((re) => re.test(f)));
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const f of files) {
      readFileSync(join(repo, f), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [what, re] of PATTERNS) if (re.test(line)) found.push(`${f}:${i + 1} (${what}): ${line.trim().slice(0, 120)}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('leaves PKCS#12, character references and colours alone', () => {
    for (const line of [' * a PKCS#12 file (.p12/.pfx)', ' * XML character references (`&#10;`)', '  color: #123;', '  color: #1a2b3c;', '// The boot is in the #2 timeline']) {
      expect(PATTERNS.filter(([, re]) => re.test(line)).map(([w]) => w), line).toEqual([]);
    }
  });

  it('recognises each kind of reference', () => {
    for (const [line, what] of [
      [' * The bench DHCP server (issue #3 §4)', 'issue number'],
      [' * was a main-thread cost under load, #7).', 'bare issue number'],
      [' * Default allow-list (facts §5).', 'facts note'],
      [' * (seed toshiba-ipedge-ipt-auto-config.txt, Table 1)', 'reference file'],
      [' * CIC guide L1460-1530', 'line numbers of a document'],
    ] as const) {
      expect(PATTERNS.filter(([, re]) => re.test(line)).map(([w]) => w)).toContain(what);
    }
  });
});
