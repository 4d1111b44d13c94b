/**
 * Keypad plans per procedure: the MegaPath guide's own Normal-path walk-through replayed key by key
 * (switch to "1/Ascii" before the first digit, * for dots, "a/Ascii", # until / shows, m p v), the
 * Genesys CIC guide's table (dot = * once, colon = # twice, slash = # three times), the AltiGen
 * guide (no counts), and the disagreement between them shown for the address at hand.
 * The expected presses are written out from the guides' text, not computed from ProvKit's tables.
 */
import { describe, expect, it } from 'vitest';
import { planAddress, procedureDisagreements } from '../../shared/keypad/address-procedures';
import { compactKeys, planSteps } from '../../shared/keypad/describe';
import type { KeypadAction } from '../../shared/keypad/planner';
import { KeypadError } from '../../shared/keypad/profiles';
import { replay, replayText } from '../../shared/keypad/replay';

const keys = (actions: KeypadAction[]) => actions.filter((a) => a.type !== 'pause').map((a) => (a.type === 'mode' ? `mode→${a.label ?? a.to}` : `${a.key}×${a.untilSeen ? '…' : a.times}`));

describe('MegaPath guide, Normal path: its own walk-through, key by key', () => {
  it('72.245.184.168/mpv: step 12 "1/Ascii", step 13 digits with * for dots, step 14 "a/Ascii", step 15 # then m p v', () => {
    const plan = planAddress('72.245.184.168/mpv', 'megapath', 'normal');
    // Step 12: "Press the button under 1/A/a until you see “1/Ascii” at the top of the screen."
    expect(plan.actions[0]).toEqual({ type: 'mode', times: 0, to: 'numeric', label: '1/Ascii', untilSeen: true });
    // Step 13: 72.245.184.168, "To enter a dot, press *".
    const step13 = ['7×1', '2×1', '*×1', '2×1', '4×1', '5×1', '*×1', '1×1', '8×1', '4×1', '*×1', '1×1', '6×1', '8×1'];
    // Step 14: "a/Ascii"; step 15: "/mpv", "To enter a slash, press # repeatedly", letters by the key until seen.
    const step15 = ['#×…', '6×1', '7×1', '8×3'];
    expect(keys(plan.actions)).toEqual(['mode→1/Ascii', ...step13, 'mode→a/Ascii', ...step15]);
    expect(replayText(plan.profile, plan.actions)).toBe('72.245.184.168/mpv');
    const words = planSteps(plan.profile, plan.actions).map((s) => s.text);
    expect(words[0]).toBe('Press the button under 1/A/a until you see “1/Ascii” at the top of the screen — you are now in numbers mode.');
    expect(words).toContain('Press # repeatedly until you see /.');
  });

  it('the replay refuses a plan that types before switching the field to a known mode', () => {
    const plan = planAddress('72.245.184.168/mpv', 'megapath', 'normal');
    expect(() => replay(plan.profile, plan.actions.slice(1))).toThrow(KeypadError);
    expect(() => replay(plan.profile, plan.actions.slice(1))).toThrow(/before the field was switched/);
  });

  it('Boot path: no mode key, * once for a dot, # once for a slash (step 15)', () => {
    const plan = planAddress('72.245.184.168/mpv', 'megapath', 'boot');
    expect(plan.actions.some((a) => a.type === 'mode')).toBe(false);
    expect(plan.actions.find((a) => a.type === 'key' && a.produces === '/')).toEqual({ type: 'key', key: '#', times: 1, produces: '/' });
    expect(replayText(plan.profile, plan.actions)).toBe('72.245.184.168/mpv');
  });
});

describe('Genesys CIC guide: "." = * once, ":" = # twice, "/" = # three times', () => {
  it('10.20.0.157:8088 (the guide’s own example)', () => {
    const plan = planAddress('10.20.0.157:8088', 'cic');
    expect(plan.actions[0]).toMatchObject({ type: 'mode', to: 'numeric', untilSeen: true });
    expect(keys(plan.actions)).toEqual(['mode→numeric', '1×1', '0×1', '*×1', '2×1', '0×1', '*×1', '0×1', '*×1', '1×1', '5×1', '7×1', '#×2', '8×1', '0×1', '8×1', '8×1']);
    expect(compactKeys(plan.actions)).toBe('[mode→numeric] 1 0 * 2 0 * 0 * 1 5 7 ## 8 0 8 ‖ 8');
    expect(replayText(plan.profile, plan.actions)).toBe('10.20.0.157:8088');
    expect(planSteps(plan.profile, plan.actions).find((s) => s.kind === 'key' && s.produces === ':')?.text).toBe('Press # twice → :');
  });

  it('a slash is # three times; letters by the number key', () => {
    const plan = planAddress('cic1.example/x', 'cic');
    expect(plan.actions.find((a) => a.type === 'key' && a.produces === '/')).toEqual({ type: 'key', key: '#', times: 3, produces: '/' });
    expect(replayText(plan.profile, plan.actions)).toBe('cic1.example/x');
  });
});

describe('the procedures disagree: the plan says so', () => {
  it('10.20.0.157:8088 under MegaPath: the CIC guide gives # twice for the colon', () => {
    const d = procedureDisagreements('10.20.0.157:8088', 'megapath');
    expect(d.map((x) => x.procedure.id)).toContain('cic');
    expect(d.find((x) => x.procedure.id === 'cic')!.chars).toEqual([{ char: ':', chosen: '# until : shows', other: '# twice' }]);
  });

  it('72.245.184.168/mpv under CIC: MegaPath says # until / shows, CIC # three times', () => {
    const d = procedureDisagreements('72.245.184.168/mpv', 'cic');
    expect(d.find((x) => x.procedure.id === 'megapath')!.chars).toEqual([{ char: '/', chosen: '# 3 times', other: '# until / shows' }]);
  });

  it('an address of digits and dots: MegaPath and CIC agree', () => {
    expect(procedureDisagreements('10.0.0.5', 'megapath').map((x) => x.procedure.id)).not.toContain('cic');
  });

  it('AltiGen gives no counts: every punctuation is "until it shows"', () => {
    const plan = planAddress('10.0.0.5:8080', 'altigen');
    expect(plan.actions.filter((a) => a.type === 'key' && !/\d/.test(a.produces)).every((a) => a.type === 'key' && a.untilSeen)).toBe(true);
    expect(replayText(plan.profile, plan.actions)).toBe('10.0.0.5:8080');
  });

  it('warns when the model is not the one the guide was written for', () => {
    expect(planAddress('10.0.0.5', 'megapath', 'normal', 'VVX400').modelWarning).toMatch(/written for the IP 650 and IP 670/);
    expect(planAddress('10.0.0.5', 'megapath', 'normal', 'SPIP650').modelWarning).toBeUndefined();
  });
});
