/**
 * Keypad planner: hand-checked vectors (the seed's `0004f2…` walk-through, Appendix A L191-195;
 * runs of repeated characters; the seed's server address, L80-87 and L129-133), MAC validation,
 * reset keys per model (facts §4), and the replay catching broken plans.
 */
import { describe, expect, it } from 'vitest';
import { MacError } from '../../shared/mac';
import { compactKeys, planSteps, practiceFrames, timesWord } from '../../shared/keypad/describe';
import { parsePhoneMac } from '../../shared/keypad/mac-input';
import { parseKeyCombination, planMacEntry, planText, ResetKeysChoiceError, type KeypadAction } from '../../shared/keypad/planner';
import { KEYPAD_PROFILES, KeypadError } from '../../shared/keypad/profiles';
import { findResetModel, RESET_MODELS } from '../../shared/keypad/reset-models';
import { replay, replayText } from '../../shared/keypad/replay';

const PROMPT = KEYPAD_PROFILES['polycom-reset-prompt'];
const key = (k: string, times: number, produces: string): KeypadAction => ({ type: 'key', key: k, times, produces });
const PAUSE: KeypadAction = { type: 'pause' };
const TO_LOWER: KeypadAction = { type: 'mode', times: 2, to: 'lower', label: 'a-1A' };
const TO_NUMERIC: KeypadAction = { type: 'mode', times: 1, to: 'numeric', label: '1->Aa' };

describe('the seed walk-through (Appendix A L191-195)', () => {
  it('types 0004f2 as: 0 0 0 4, mode twice to a-1A, 3 three times, back to numbers, 2', () => {
    const { plan } = planMacEntry({ mac: '0004f2abcdef' });
    expect(plan.actions.slice(0, 10)).toEqual([key('0', 1, '0'), PAUSE, key('0', 1, '0'), PAUSE, key('0', 1, '0'), key('4', 1, '4'), TO_LOWER, key('3', 3, 'f'), TO_NUMERIC, key('2', 1, '2')]);
  });

  it('serialises to exactly the CLI JSON shape', () => {
    const { plan } = planMacEntry({ mac: '00:04:f2:ab:cd:ef' });
    expect(JSON.stringify(plan)).toBe(
      '{"mac":"0004f2abcdef","model":"SPIP650","case":"lower","resetKeys":["4","6","8","*"],"actions":[' +
        '{"type":"key","key":"0","times":1,"produces":"0"},{"type":"pause"},{"type":"key","key":"0","times":1,"produces":"0"},{"type":"pause"},' +
        '{"type":"key","key":"0","times":1,"produces":"0"},{"type":"key","key":"4","times":1,"produces":"4"},' +
        '{"type":"mode","times":2,"to":"lower","label":"a-1A"},{"type":"key","key":"3","times":3,"produces":"f"},' +
        '{"type":"mode","times":1,"to":"numeric","label":"1->Aa"},{"type":"key","key":"2","times":1,"produces":"2"},' +
        '{"type":"mode","times":2,"to":"lower","label":"a-1A"},{"type":"key","key":"2","times":1,"produces":"a"},{"type":"pause"},' +
        '{"type":"key","key":"2","times":2,"produces":"b"},{"type":"pause"},{"type":"key","key":"2","times":3,"produces":"c"},' +
        '{"type":"key","key":"3","times":1,"produces":"d"},{"type":"pause"},{"type":"key","key":"3","times":2,"produces":"e"},{"type":"pause"},' +
        '{"type":"key","key":"3","times":3,"produces":"f"}]}',
    );
  });

  it('reads every common notation the same way', () => {
    const want = planMacEntry({ mac: '0004f2abcdef' }).plan;
    for (const n of ['00:04:f2:ab:cd:ef', '00-04-F2-AB-CD-EF', '0004.f2ab.cdef', ' 0004F2ABCDEF ']) expect(planMacEntry({ mac: n }).plan).toEqual(want);
  });

  it('words the steps like the seed', () => {
    const { plan, profile } = planMacEntry({ mac: '0004f2abcdef' });
    const text = planSteps(profile, plan.actions).map((s) => s.text);
    expect(text[1]).toBe('Wait for the blinking bar, then press 0 once → 0');
    expect(text[4]).toBe('Press the mode soft key twice, until it says a-1A — you are now in lower-case letters mode.');
    expect(text[5]).toBe('Press 3 three times → f');
    expect(timesWord(1)).toBe('once');
    expect(timesWord(12)).toBe('12 times');
  });
});

describe('runs of repeated characters', () => {
  it.each([
    // digits: a pause between each repeat (seed L189 says "letter or number")
    ['0004f2000000', '0 ‖ 0 ‖ 0 4 [mode×2 a-1A] 333 [mode×1 1->Aa] 2 0 ‖ 0 ‖ 0 ‖ 0 ‖ 0 ‖ 0'],
    // the same letter six times
    ['0004f2eeeeee', '0 ‖ 0 ‖ 0 4 [mode×2 a-1A] 333 [mode×1 1->Aa] 2 [mode×2 a-1A] 33 ‖ 33 ‖ 33 ‖ 33 ‖ 33 ‖ 33'],
    // different letters on one key still need the pause; a digit on the same key after a mode change does not
    ['0004f2abc222', '0 ‖ 0 ‖ 0 4 [mode×2 a-1A] 333 [mode×1 1->Aa] 2 [mode×2 a-1A] 2 ‖ 22 ‖ 222 [mode×1 1->Aa] 2 ‖ 2 ‖ 2'],
    // f then d then f: all key 3 in one mode
    ['64167ffdf3d3', '6 4 1 6 7 [mode×2 a-1A] 333 ‖ 333 ‖ 3 ‖ 333 [mode×1 1->Aa] 3 [mode×2 a-1A] 3 [mode×1 1->Aa] 3'],
  ])('%s', (mac, keys) => {
    const { plan, profile } = planMacEntry({ mac });
    expect(compactKeys(plan.actions)).toBe(keys);
    expect(replayText(profile, plan.actions)).toBe(mac);
  });

  it('without its pauses a plan types something else (the replay is not fooled)', () => {
    const { plan, profile } = planMacEntry({ mac: '0004f2eeeeee' });
    const noPauses = plan.actions.filter((a) => a.type !== 'pause');
    expect(replayText(profile, noPauses)).not.toBe('0004f2eeeeee');
    // 0 0 0 merge into one 0; the six "3 3" presses of e merge into one run of 12 presses = f
    expect(replayText(profile, noPauses)).toBe('04f2f');
  });

  it('rejects a mode action that lands elsewhere and a key with nothing in the mode', () => {
    expect(() => replay(PROMPT, [{ type: 'mode', times: 1, to: 'lower' }])).toThrow(/land in upper mode, not lower/);
    expect(() => replay(PROMPT, [key('*', 1, '.')])).toThrow(KeypadError);
  });
});

describe('letter case', () => {
  it('upper case goes one press to upper (its label is not in any source, so none is claimed)', () => {
    const { plan, profile } = planMacEntry({ mac: '0004f2abcdef', case: 'upper' });
    expect(plan.case).toBe('upper');
    expect(plan.actions[6]).toEqual({ type: 'mode', times: 1, to: 'upper' });
    expect(plan.actions[8]).toEqual({ type: 'mode', times: 2, to: 'numeric', label: '1->Aa' });
    expect(replayText(profile, plan.actions)).toBe('0004F2ABCDEF');
  });
});

describe('MAC input', () => {
  it.each([
    ['0004f2abcde', /11 hex digits/],
    ['0004f2abcdeg', /not hex digits/],
    ['0104f2abcdef', /multicast bit/],
    ['ff:ff:ff:ff:ff:ff', /multicast bit/],
    ['00:00:00:00:00:00', /default configuration/],
  ])('rejects %s with the reason', (mac, reason) => {
    expect(() => planMacEntry({ mac })).toThrow(MacError);
    expect(() => planMacEntry({ mac })).toThrow(reason);
  });

  it('warns for a non-Polycom prefix but still plans it', () => {
    expect(parsePhoneMac('64:16:7f:00:00:01').warnings).toEqual([]);
    expect(parsePhoneMac('48-25-67-00-00-01').warnings).toEqual([]);
    const r = planMacEntry({ mac: '00:15:65:4a:a9:37' });
    expect(r.warnings[0]).toMatch(/001565 is not a Polycom prefix/);
    expect(replayText(r.profile, r.plan.actions)).toBe('0015654aa937');
  });
});

describe('reset keys per model (facts §4)', () => {
  it.each([
    ['SPIP650', ['4', '6', '8', '*']],
    ['SoundPoint IP 670', ['4', '6', '8', '*']],
    ['VVX1500', ['4', '6', '8', '*']],
    ['VVX_400', ['1', '3', '5']],
    ['SPIP335', ['1', '3', '5', '7']],
    ['SSIP7000', ['1', '3', '5', '7']],
    ['SSIP6000', ['6', '8', '*']],
  ])('%s holds %j', (model, keys) => {
    expect(planMacEntry({ mac: '0004f2000001', model }).plan.resetKeys).toEqual(keys);
  });

  it('SoundPoint IP 560 is a choice, never a guess', () => {
    let err: unknown;
    try {
      planMacEntry({ mac: '0004f2000001', model: 'SPIP560' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResetKeysChoiceError);
    expect((err as ResetKeysChoiceError).choices).toEqual([
      ['1', '3', '5', '7'],
      ['4', '6', '8', '*'],
    ]);
    expect(planMacEntry({ mac: '0004f2000001', model: 'SPIP560', resetKeys: parseKeyCombination('468*') }).plan.resetKeys).toEqual(['4', '6', '8', '*']);
    expect(planMacEntry({ mac: '0004f2000001', model: 'SPIP560', resetKeys: ['7', '5', '3', '1'] }).plan.resetKeys).toEqual(['1', '3', '5', '7']);
    expect(() => planMacEntry({ mac: '0004f2000001', model: 'SPIP560', resetKeys: ['1', '3', '5'] })).toThrow(/not 1, 3 and 5/);
  });

  it('refuses a model without a known combination, and odd key text', () => {
    expect(() => planMacEntry({ mac: '0004f2000001', model: 'VVX450' })).toThrow(/no reset key combination is known for "VVX450"/);
    expect(() => parseKeyCombination('4a8')).toThrow(KeypadError);
    expect(parseKeyCombination('4, 6, 8, *')).toEqual(['4', '6', '8', '*']);
  });

  it('every model has one combination except where the sources disagree', () => {
    expect(RESET_MODELS.filter((m) => m.resetKeyChoices.length > 1).map((m) => m.code)).toEqual(['SPIP560']);
    expect(findResetModel('spip650')?.inSeed).toBe(true);
    expect(findResetModel('VVX400')?.profile).toBe('vvx-reset-prompt');
  });
});

describe('server addresses (MegaPath guide Normal path steps 12-16, Boot path step 15)', () => {
  it('menu field: switch to 1/Ascii first, digits and * for dots, then a/Ascii, # until / shows, then m p v', () => {
    const p = KEYPAD_PROFILES['polycom-app-entry'];
    const actions = planText(p, '72.245.184.168/mpv');
    expect(compactKeys(actions)).toBe('[mode→1/Ascii] 7 2 * 2 4 5 * 1 8 4 * 1 6 8 [mode→a/Ascii] # 6 7 888');
    expect(actions.find((a) => a.type === 'key' && a.produces === '/')).toMatchObject({ key: '#', untilSeen: true });
    expect(replayText(p, actions)).toBe('72.245.184.168/mpv');
    expect(planSteps(p, actions).find((s) => s.kind === 'key' && s.produces === '/')?.text).toBe('Press # repeatedly until you see /.');
  });

  it('boot Setup field: * is a dot and # a slash (one press each); letters and numbers until seen', () => {
    const p = KEYPAD_PROFILES['polycom-boot-setup'];
    const actions = planText(p, '72.245.184.168/mpv');
    expect(actions.filter((a) => a.type === 'mode')).toEqual([]);
    expect(actions.find((a) => a.type === 'key' && a.produces === '/')).toEqual(key('#', 1, '/'));
    expect(actions.find((a) => a.type === 'key' && a.produces === '.')).toEqual(key('*', 1, '.'));
    expect(replayText(p, actions)).toBe('72.245.184.168/mpv');
  });

  it('host names and ports: letters, dots and a colon on the menu field', () => {
    const p = KEYPAD_PROFILES['polycom-app-entry'];
    for (const text of ['prov.example.com:8080/polycom', '10.0.0.5:8080', 'PROV-01.LAN']) expect(replayText(p, planText(p, text))).toBe(text);
  });

  it('names a character the keypad cannot type', () => {
    expect(() => planText(KEYPAD_PROFILES['polycom-app-entry'], 'a b')).toThrow(/" " \(character 2 of "a b"\) cannot be typed/);
  });
});

describe('practice animation', () => {
  it('has a frame per press and per pause, in time order, ending with the whole MAC', () => {
    const { plan, profile } = planMacEntry({ mac: '0004f2abcdef' });
    const { frames, totalMs } = practiceFrames(profile, plan.actions);
    const presses = plan.actions.reduce((n, a) => n + (a.type === 'pause' ? 0 : a.times), 0);
    const pauses = plan.actions.filter((a) => a.type === 'pause').length;
    expect(frames).toHaveLength(presses + pauses + 1);
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.at).toBeGreaterThan(frames[i - 1]!.at);
    expect(frames.at(-1)!.typed).toBe('0004f2abcdef');
    expect(totalMs).toBe(frames.at(-1)!.at);
    // the third press of key 3 in lower-case mode shows f
    expect(frames.find((f) => f.key === '3' && f.press === 3)?.showing).toBe('f');
    expect(frames.filter((f) => f.waiting)).toHaveLength(pauses);
  });
});
