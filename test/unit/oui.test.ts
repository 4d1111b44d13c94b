import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OuiTable } from '../../electron/engine/provisioning/oui';

const real = OuiTable.load(join(import.meta.dirname, '../../resources/oui.tsv'));

function tableOf(text: string): OuiTable {
  const dir = mkdtempSync(join(tmpdir(), 'oui-'));
  writeFileSync(join(dir, 'oui.tsv'), text);
  return OuiTable.load(join(dir, 'oui.tsv'));
}

describe('OuiTable', () => {
  it('names the vendors of the shipped IEEE registry, short names for phone makers', () => {
    expect(real.size).toBeGreaterThan(30_000);
    expect(real.lookup('0004f2aabbcc')).toBe('Polycom');
    expect(real.lookup('0004F2AABBCC')).toBe('Polycom');
    expect(real.lookup('00908f123456')).toBe('AudioCodes');
    expect(real.lookup('000000123456')).toBe('XEROX CORPORATION');
    expect(real.lookup('805ec0123456')).toBe('Yealink');
  });

  it('finds the first and last prefixes, misses between them and outside', () => {
    const t = tableOf('# comment\n000001\tFirst Ltd\n7FFFFF\tMiddle Ltd\nFFFFFE\tLast Ltd\n');
    expect(t.size).toBe(3);
    expect(t.lookup('000001000000')).toBe('First Ltd');
    expect(t.lookup('7fffff000000')).toBe('Middle Ltd');
    expect(t.lookup('fffffe000000')).toBe('Last Ltd');
    expect(t.lookup('000000000000')).toBeUndefined();
    expect(t.lookup('800000000000')).toBeUndefined();
    expect(t.lookup('ffffff000000')).toBeUndefined();
  });

  it('never reads a prefix that is not six hex digits (no partial number)', () => {
    const t = tableOf('00004F\tFour F Inc\n');
    expect(t.lookup('00004fabcdef')).toBe('Four F Inc');
    // parseInt('00004g', 16) would be 4: the lookup must not find "000004" or anything else.
    expect(tableOf('000004\tFour Inc\n').lookup('00004gabcdef')).toBeUndefined();
    expect(t.lookup('')).toBeUndefined();
    expect(t.lookup('0004')).toBeUndefined();
  });

  it('skips malformed lines, keeps the last name of a prefix listed twice', () => {
    const t = tableOf('ZZZZZZ\tBad\n12345\tShort\n123456\tOld Name\n123456\tNew Name\n654321\tNew Name\n\n');
    expect(t.size).toBe(2);
    expect(t.lookup('123456000000')).toBe('New Name');
    expect(t.lookup('654321000000')).toBe('New Name');
  });

  it('an empty table knows nothing', () => {
    expect(OuiTable.empty().size).toBe(0);
    expect(OuiTable.empty().lookup('0004f2aabbcc')).toBeUndefined();
  });
});
