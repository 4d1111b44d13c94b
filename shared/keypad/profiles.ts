/**
 * Phone keypads as data: which characters each key gives in each entry mode, the mode soft key's
 * cycle and the label the phone shows in each mode. The planner and the replay both read these
 * tables, so a model's behaviour is changed here and nowhere else. Pure: no Node, no DOM.
 *
 * Sources: seed `polycom-ip650-670-enrollment-guide.txt` (Appendix A L180-197: the reset prompt,
 * "1->Aa", "a-1A", f = 3 pressed three times; Normal path L80-87: "1/A/a", "1/Ascii", "a/Ascii",
 * dot = `*`, slash = `#` repeatedly; Boot path L129-133: letters and numbers by repeated presses,
 * dot = `*`, slash = `#`); facts §4 item 4 (multi-tap 2=abc, 3=def; mode cycle numeric → upper →
 * lower; pause before pressing the same key again). Letter groups: ITU-T E.161.
 */

/** An entry mode of a phone's text field. `mixed`: one key cycles letters and its digit. */
export type ModeId = 'numeric' | 'upper' | 'lower' | 'mixed';

/** One entry mode: what the screen shows and what each key types. */
export interface ModeSpec {
  /** What the phone shows in this mode (soft key or title), e.g. `a-1A`; undefined when no source names it. */
  label?: string;
  /** Where the label comes from (seed line), or why it is an assumption. */
  labelSource: string;
  /** Key → the characters it gives on 1, 2, 3 … presses (then it wraps around). */
  keys: Readonly<Record<string, string>>;
  /**
   * Characters of this mode whose press count is ProvKit's assumption (no source gives it): the plan
   * tells the technician to press until the character shows, which only works on a visible field.
   */
  untilSeen?: string;
}

/** The soft key that changes the entry mode. */
export interface ModeKey {
  /** How to find it, for people: `the soft key labelled 1->Aa`. */
  name: string;
  /** Modes in the order one press moves through them (wraps around). */
  cycle: readonly ModeId[];
  /** Where the order comes from, or why it is assumed. */
  cycleSource: string;
}

/** Profiles ProvKit knows. */
export type KeypadProfileId = 'polycom-reset-prompt' | 'vvx-reset-prompt' | 'polycom-app-entry' | 'polycom-boot-setup';

/** A text field on a phone, as its keypad types into it. */
export interface KeypadProfile {
  id: KeypadProfileId;
  /** Name for people. */
  name: string;
  /** Source of the whole profile (seed lines, facts §). */
  source: string;
  /** true when the field does not show what was typed (the reset prompt): every press must be exact. */
  blind: boolean;
  /** Mode the field starts in. */
  startMode: ModeId;
  /** The mode soft key; absent when the field has one mode. */
  modeKey?: ModeKey;
  modes: Readonly<Partial<Record<ModeId, ModeSpec>>>;
  /**
   * Pace used by the practice animation, ms: between two presses of one character, and the wait
   * after a character before the same key can be pressed again (seed L189: "pause … until you see
   * the blinking vertical bar"). No source gives the phone's timeout: these are safe values.
   */
  pace: { pressMs: number; commitMs: number };
  /** Caveats shown with plans for this profile (the reset prompt's typing tips are in ./procedure.ts). */
  notes: readonly string[];
}

/** ITU-T E.161 letter groups (facts §4 item 4: 2=abc, 3=def …). */
export const LETTER_GROUPS: Readonly<Record<string, string>> = {
  '2': 'abc',
  '3': 'def',
  '4': 'ghi',
  '5': 'jkl',
  '6': 'mno',
  '7': 'pqrs',
  '8': 'tuv',
  '9': 'wxyz',
};

/** The twelve keys of a phone keypad in reading order. */
export const KEYPAD_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

const DIGITS: Record<string, string> = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i), String(i)]));
const LOWER: Record<string, string> = { ...LETTER_GROUPS };
const UPPER: Record<string, string> = Object.fromEntries(Object.entries(LETTER_GROUPS).map(([k, v]) => [k, v.toUpperCase()]));
const NUMERIC_UPPER_LOWER: readonly ModeId[] = ['numeric', 'upper', 'lower'];
const SEED = 'seed polycom-ip650-670-enrollment-guide.txt';

/** SoundPoint/SoundStation BootROM prompt "Enter password to Reset Settings" (seed Appendix A). */
const POLYCOM_RESET_PROMPT: KeypadProfile = {
  id: 'polycom-reset-prompt',
  name: 'Password prompt at boot (“Enter password to Reset Settings”)',
  source: `${SEED} L180-197 (Appendix A); facts §4`,
  blind: true,
  startMode: 'numeric',
  modeKey: {
    name: 'the soft key labelled 1->Aa',
    cycle: NUMERIC_UPPER_LOWER,
    cycleSource: `${SEED} L191-192 (press it twice to reach lower case); facts §4 item 4 (numeric → upper → lower)`,
  },
  modes: {
    numeric: { label: '1->Aa', labelSource: `${SEED} L191`, keys: DIGITS },
    upper: { labelSource: 'not named by any source: after one press the prompt is in upper case', keys: UPPER },
    lower: { label: 'a-1A', labelSource: `${SEED} L192`, keys: LOWER },
  },
  pace: { pressMs: 350, commitMs: 1500 },
  notes: [],
};

/** VVX Updater prompt: same idea; the mode key's labels and order are not in ProvKit's sources. */
const VVX_RESET_PROMPT: KeypadProfile = {
  ...POLYCOM_RESET_PROMPT,
  id: 'vvx-reset-prompt',
  source: 'facts §4 (key combination, MAC as password); mode cycle assumed like the SoundPoint prompt',
  modeKey: {
    name: 'the mode soft key',
    cycle: NUMERIC_UPPER_LOWER,
    cycleSource: 'assumed like SoundPoint (facts §4 item 4); no source documents the VVX prompt',
  },
  modes: {
    numeric: { labelSource: 'not documented for VVX', keys: DIGITS },
    upper: { labelSource: 'not documented for VVX', keys: UPPER },
    lower: { labelSource: 'not documented for VVX', keys: LOWER },
  },
  notes: ['The seed documents the IP 650/670 prompt only. On a VVX, watch the mode indicator after each mode press: it must show the mode named in the step.'],
};

/** Server Address field in the application's menus (seed Normal path, steps 12-16). */
const POLYCOM_APP_ENTRY: KeypadProfile = {
  id: 'polycom-app-entry',
  name: 'Server Address field (phone menus, Normal path)',
  source: `${SEED} L78-88 (Normal path steps 10-16)`,
  blind: false,
  startMode: 'numeric',
  modeKey: {
    name: 'the button under 1/A/a',
    cycle: NUMERIC_UPPER_LOWER,
    cycleSource: 'assumed from the soft key label 1/A/a; the seed says press it "until you see" the mode (L80, L84)',
  },
  modes: {
    numeric: { label: '1/Ascii', labelSource: `${SEED} L80`, keys: { ...DIGITS, '*': '.' } },
    upper: { label: 'A/Ascii', labelSource: 'assumed by analogy with 1/Ascii and a/Ascii (seed L80, L84)', keys: { ...UPPER, '#': '/:-_@' }, untilSeen: '/:-_@' },
    lower: { label: 'a/Ascii', labelSource: `${SEED} L84`, keys: { ...LOWER, '#': '/:-_@' }, untilSeen: '/:-_@' },
  },
  pace: { pressMs: 350, commitMs: 1500 },
  notes: [
    'Press the mode button until the top of the screen shows the mode named in the step (seed L80, L84).',
    'Slash: press # repeatedly until / shows (seed L86). Mistakes: X erases (seed L88).',
  ],
};

/** Server Address field in the BootROM Setup menu (seed Boot path, step 15). */
const POLYCOM_BOOT_SETUP: KeypadProfile = {
  id: 'polycom-boot-setup',
  name: 'Server Address field (boot Setup menu, Boot path)',
  source: `${SEED} L129-133 (Boot path step 15)`,
  blind: false,
  startMode: 'mixed',
  modes: {
    mixed: {
      label: undefined,
      labelSource: 'the Setup menu has no mode key in the seed: each key cycles its letters and number (L130)',
      keys: {
        ...Object.fromEntries(Object.entries(DIGITS).map(([k, d]) => [k, `${d}${LETTER_GROUPS[k] ?? ''}${(LETTER_GROUPS[k] ?? '').toUpperCase()}`])),
        '*': '.',
        '#': '/:-_@',
      },
      untilSeen: `0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:-_@`,
    },
  },
  pace: { pressMs: 350, commitMs: 1500 },
  notes: ['Letters and numbers: press the key repeatedly until the character shows (seed L130). Dot: * (L131). Slash: # (L132). Mistakes: X erases (L133).'],
};

/** Every profile by id. */
export const KEYPAD_PROFILES: Readonly<Record<KeypadProfileId, KeypadProfile>> = {
  'polycom-reset-prompt': POLYCOM_RESET_PROMPT,
  'vvx-reset-prompt': VVX_RESET_PROMPT,
  'polycom-app-entry': POLYCOM_APP_ENTRY,
  'polycom-boot-setup': POLYCOM_BOOT_SETUP,
};

/**
 * The characters a key gives in a mode.
 * @param profile the keypad
 * @param mode the entry mode
 * @param key a keypad key (`0`-`9`, `*`, `#`)
 * @returns the cycle (1 press = first character), or `''` when the key types nothing in that mode
 */
export function keyCycle(profile: KeypadProfile, mode: ModeId, key: string): string {
  return profile.modes[mode]?.keys[key] ?? '';
}

/**
 * How many presses of the mode key move from one mode to another.
 * @returns 0 when `from === to`
 * @throws KeypadError when the profile has no mode key or `to` is not in its cycle
 */
export function modePresses(profile: KeypadProfile, from: ModeId, to: ModeId): number {
  if (from === to) return 0;
  const cycle = profile.modeKey?.cycle;
  const i = cycle?.indexOf(from) ?? -1;
  const j = cycle?.indexOf(to) ?? -1;
  if (!cycle || i < 0 || j < 0) throw new KeypadError(`${profile.name}: cannot change from ${from} to ${to} mode`);
  return (j - i + cycle.length) % cycle.length;
}

/** A plan or replay that this keypad cannot carry out; `message` says why. */
export class KeypadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeypadError';
  }
}
