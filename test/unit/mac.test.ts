import { describe, expect, it } from 'vitest';
import { formatMac, MacError, normalizeMac, tryNormalizeMac } from '../../shared/mac';

describe('normalizeMac', () => {
  it.each([
    ['00:04:f2:ab:cd:ef', '0004f2abcdef'],
    ['00-04-F2-AB-CD-EF', '0004f2abcdef'],
    ['0004.f2ab.cdef', '0004f2abcdef'],
    ['0004F2ABCDEF', '0004f2abcdef'],
    ['  0004f2abcdef ', '0004f2abcdef'],
  ])('reads %s', (input, want) => expect(normalizeMac(input)).toBe(want));

  it('rejects 11 digits (the CIC guide sample rows) with the reason', () => {
    expect(() => normalizeMac('0004f204f6a')).toThrow(/11 hex digits, a MAC has 12/);
  });
  it('rejects non-hex characters', () => {
    expect(() => normalizeMac('0004f2abcdeg')).toThrow(MacError);
  });
  it('rejects mixed separators', () => {
    expect(() => normalizeMac('00:04-f2:ab:cd:ef')).toThrow(MacError);
  });
  it('tryNormalizeMac returns undefined instead of throwing', () => {
    expect(tryNormalizeMac('nope')).toBeUndefined();
    expect(tryNormalizeMac('00:04:F2:00:00:01')).toBe('0004f2000001');
  });
  it('formats with colons', () => expect(formatMac('0004F2ABCDEF')).toBe('00:04:f2:ab:cd:ef'));
});
