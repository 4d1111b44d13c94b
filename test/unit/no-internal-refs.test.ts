/**
 * User-facing text speaks to users: no string that a screen or a CLI message can show names an
 * internal reference (source file names, "§", line numbers, "seed"/"facts" notes, issue numbers).
 * Scans every string and JSX text (not comments) of renderer/src, shared/ and the CLI; the e2e test
 * test/e2e/no-internal-refs.test.ts checks the rendered pages too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { internalRefs, userStrings } from '../helpers/internal-refs';

const ROOT = join(import.meta.dirname, '..', '..');
const DIRS = ['renderer/src', 'shared', 'electron/cli', 'electron/engine', 'electron/main'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(n) && !/\.d\.ts$/.test(n) ? [p] : [];
  });
}

describe('internal references', () => {
  it('the patterns catch the references seen on screens and let ordinary text through', () => {
    for (const bad of ['seed polycom-ip650-670-enrollment-guide.txt L146-147', '(seed L41-48)', 'facts §4 item 2', 'see issue #4', 'Table 1 (L103-105)'])
      expect(internalRefs(bad), bad).not.toEqual([]);
    for (const good of ['MegaPath IP650/IP670 Enrollment Guide, step 12', 'Save as provkit-support-0004f2000001.txt', 'VVX 410 (SIP) L2 switch', 'press # twice', 'HTTP 72.245.184.168/mpv'])
      expect(internalRefs(good), good).toEqual([]);
  });

  it('no user-visible string in renderer/src, shared/ or the CLI names one', () => {
    const hits: string[] = [];
    for (const dir of DIRS) {
      for (const f of files(join(ROOT, dir))) {
        for (const s of userStrings(f, readFileSync(f, 'utf8'))) {
          const refs = internalRefs(s.text);
          if (refs.length) hits.push(`${relative(ROOT, f)}:${s.line}: ${refs.join(', ')} in “${s.text.trim().slice(0, 120)}”`);
        }
      }
    }
    expect(hits, hits.join('\n')).toEqual([]);
  });
});
