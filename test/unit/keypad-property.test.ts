/**
 * Property tests of the keypad planner (acceptance): for 10,000 random valid MACs in both
 * letter cases, the plan replayed on the modelled multi-tap keypad types exactly the MAC; pauses
 * appear exactly where one key is pressed for two characters in a row; mode actions name the mode
 * they land in. Fixed-seed PRNG, so a failure names a reproducible MAC.
 */
import { describe, expect, it } from 'vitest';
import { planMacEntry, planText, type KeypadAction } from '../../shared/keypad/planner';
import { KEYPAD_PROFILES } from '../../shared/keypad/profiles';
import { RESET_MODELS } from '../../shared/keypad/reset-models';
import { replay } from '../../shared/keypad/replay';
import { prng } from '../helpers/prng';

const HEX = '0123456789abcdef';
const NOTATIONS: Array<(m: string) => string> = [
  (m) => m,
  (m) => m.toUpperCase(),
  (m) => m.match(/../g)!.join(':'),
  (m) => m.match(/../g)!.join('-').toUpperCase(),
  (m) => m.match(/..../g)!.join('.'),
];

/** A random unicast, non-zero MAC; one in three drawn from a 3-letter alphabet to get long runs. */
function randomMac(rand: () => number): string {
  for (;;) {
    const alphabet = rand() < 0.33 ? [...HEX].sort(() => rand() - 0.5).slice(0, 3).join('') : HEX;
    let mac = Array.from({ length: 12 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const first = parseInt(mac.slice(0, 2), 16) & 0xfe; // clear the multicast bit
    mac = first.toString(16).padStart(2, '0') + mac.slice(2);
    if (mac !== '000000000000') return mac;
  }
}

/**
 * Invariants every plan must hold, whatever the text.
 * @returns what is wrong, or undefined
 */
function shapeProblem(actions: KeypadAction[]): string | undefined {
  let lastKey: string | undefined;
  let sawPause = false;
  for (const [i, a] of actions.entries()) {
    if (a.type === 'pause') {
      if (sawPause) return `action ${i}: two pauses in a row`;
      sawPause = true;
    } else if (a.type === 'mode') {
      if (sawPause) return `action ${i}: a pause before a mode change is useless`;
      lastKey = undefined;
    } else {
      if (sawPause !== (lastKey === a.key)) return `action ${i}: pause before key ${a.key} must be there iff the previous character used the same key`;
      sawPause = false;
      lastKey = a.key;
    }
  }
  return sawPause ? 'plan ends with a pause' : undefined;
}

describe('10,000 random MACs × both cases', () => {
  it('replaying each plan types exactly the MAC', () => {
    const rand = prng(0x5eed0005);
    const models = RESET_MODELS.filter((m) => m.resetKeyChoices.length === 1);
    let presses = 0;
    for (let i = 0; i < 10_000; i++) {
      const mac = randomMac(rand);
      const written = NOTATIONS[i % NOTATIONS.length]!(mac);
      const model = models[i % models.length]!;
      for (const letterCase of ['lower', 'upper'] as const) {
        const { plan, profile } = planMacEntry({ mac: written, model: model.code, case: letterCase });
        const want = letterCase === 'upper' ? mac.toUpperCase() : mac;
        const got = replay(profile, plan.actions);
        if (got.text !== want) expect.fail(`${written} (${model.code}, ${letterCase}): typed ${got.text}`);
        if (plan.mac !== mac) expect.fail(`${written}: normalised to ${plan.mac}`);
        const problem = shapeProblem(plan.actions);
        if (problem) expect.fail(`${written} (${letterCase}): ${problem}`);
        presses += got.presses;
      }
    }
    // 12 characters, at most 4 presses each plus mode changes: a loose bound that still catches loops.
    expect(presses / 20_000).toBeLessThan(30);
  });
});

describe('random server addresses', () => {
  it('replay types the address on the menu field and the boot Setup field', () => {
    const rand = prng(42);
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./:-_@';
    for (const id of ['polycom-app-entry', 'polycom-boot-setup'] as const) {
      const profile = KEYPAD_PROFILES[id];
      for (let i = 0; i < 2_000; i++) {
        const n = 1 + Math.floor(rand() * 30);
        const text = Array.from({ length: n }, () => chars[Math.floor(rand() * chars.length)]).join('');
        const actions = planText(profile, text);
        const got = replay(profile, actions).text;
        if (got !== text) expect.fail(`${id}: "${text}" typed "${got}"`);
        const problem = shapeProblem(actions);
        if (problem) expect.fail(`${id}: "${text}": ${problem}`);
      }
    }
  });
});
