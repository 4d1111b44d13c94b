import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute } from '../../renderer/src/routing';
import { matchesFilter, sortPhones } from '../../renderer/src/phones/filter-sort';
import { phone } from './renderer-fake-client';

describe('hash routes', () => {
  it('parses areas and phone pages', () => {
    expect(parseRoute('')).toEqual({ area: 'phones' });
    expect(parseRoute('#/servers')).toEqual({ area: 'servers' });
    expect(parseRoute('#/lost-password')).toEqual({ area: 'lost-password' });
    expect(parseRoute('#/phones/0004f2aabbcc')).toEqual({ area: 'phones', mac: '0004f2aabbcc' });
    expect(parseRoute('#/phones/00:04:F2:AA:BB:CC')).toEqual({ area: 'phones', mac: '0004f2aabbcc' });
    expect(parseRoute('#/phones/not-a-mac')).toEqual({ area: 'phones' });
    expect(parseRoute('#/nowhere')).toEqual({ area: 'phones' });
  });

  it('builds hashes that parse back', () => {
    for (const r of [{ area: 'firmware' as const }, { area: 'phones' as const, mac: '0004f2aabbcc' }]) {
      expect(parseRoute(hrefFor(r))).toEqual(r);
    }
  });
});

describe('phones filter and sort', () => {
  const a = phone('0004f2aabbcc', { model: 'VVX400', label: 'Reception', lastSeen: 3000 });
  const b = phone('64167f112233', { model: 'VVX250', lastSeen: 1000 });
  const c = phone('0004f2000001', { lastSeen: undefined, requests: 0 });

  it('matches MAC in any notation, model and label', () => {
    expect(matchesFilter(a, '')).toBe(true);
    expect(matchesFilter(a, 'aa:bb:cc')).toBe(true);
    expect(matchesFilter(a, 'AABBCC')).toBe(true);
    expect(matchesFilter(a, 'vvx4')).toBe(true);
    expect(matchesFilter(a, 'recep')).toBe(true);
    expect(matchesFilter(b, 'recep')).toBe(false);
    expect(matchesFilter(b, 'aa:bb')).toBe(false);
  });

  it('sorts by last seen, never-seen phones last in both directions', () => {
    expect(sortPhones([b, c, a], { key: 'lastSeen', dir: 'desc' }).map((p) => p.mac)).toEqual([a.mac, b.mac, c.mac]);
    expect(sortPhones([a, c, b], { key: 'lastSeen', dir: 'asc' }).map((p) => p.mac)).toEqual([b.mac, a.mac, c.mac]);
  });

  it('sorts by MAC', () => {
    expect(sortPhones([b, a, c], { key: 'mac', dir: 'asc' }).map((p) => p.mac)).toEqual([c.mac, a.mac, b.mac]);
  });
});
