/**
 * Phones list: "Problems only" and sorting by the boot verdict.
 */
import { describe, expect, it } from 'vitest';
import type { PhoneSummary } from '../../shared/dto';
import { isProblem, sortPhones } from '../../renderer/src/phones/filter-sort';

const phone = (mac: string, extra: Partial<PhoneSummary> = {}): PhoneSummary => ({ mac, requests: 1, errors: 0, inInventory: false, ...extra });

describe('problems only', () => {
  it('keeps failed and incomplete boots and model mismatches; booting, booted and never-seen phones are fine', () => {
    const list = [
      phone('a1', { boot: { verdict: 'booted', reasons: [] } }),
      phone('a2', { boot: { verdict: 'failed', stage: 'configs', reasons: ['x'] } }),
      phone('a3', { boot: { verdict: 'booting', reasons: [] } }),
      phone('a4', { boot: { verdict: 'incomplete', reasons: ['quiet'] } }),
      phone('a5', { boot: { verdict: 'booted', reasons: [] }, modelMismatch: { reported: 'SPIP650', inventory: 'VVX400' } }),
      phone('a6', { boot: { verdict: 'unseen', reasons: ['ProvKit has not seen this phone ask for a file.'] } }),
    ];
    expect(list.filter(isProblem).map((p) => p.mac)).toEqual(['a2', 'a4', 'a5']);
  });
  it('sorts by verdict, worst first', () => {
    const list = [phone('b1', { boot: { verdict: 'booted', reasons: [] } }), phone('b2'), phone('b3', { boot: { verdict: 'failed', reasons: [] } }), phone('b4', { boot: { verdict: 'booting', reasons: [] } }), phone('b5', { boot: { verdict: 'unseen', reasons: [] } })];
    expect(sortPhones(list, { key: 'boot', dir: 'asc' }).map((p) => p.mac)).toEqual(['b3', 'b4', 'b1', 'b5', 'b2']);
  });
});
