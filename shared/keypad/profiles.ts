/**
 * Phone keypads as data: which characters each key gives in each entry mode, the mode soft key's
 * cycle and the label the phone shows in each mode. The planner and the replay both read these
 * tables, so a model's behaviour is changed here and nowhere else. Pure: no Node, no DOM.
 *
 * Sources: MegaPath IP650/IP670 Enrollment Guide (Appendix A steps 8-10: the reset prompt,
 * "1->Aa", "a-1A", f = 3 pressed three times; Normal path steps 12-15: "1/A/a", "1/Ascii",
 * "a/Ascii", dot = `*`, slash = `#` repeatedly; Boot path step 15: letters and numbers by repeated
 * presses, dot = `*`, slash = `#`); Genesys CIC Managed IP Phones guide, "To configure a Polycom
 * phone's boot server" step 3 (dot = `*` once, colon = `#` twice, slash = `#` three times); Polycom
 * knowledge base (mode cycle numeric → upper → lower; pause before pressing the same key again).
 * Letter groups: ITU-T E.161.
 */

/** An entry mode of a phone's text field. `mixed`: one key cycles letters and its digit. */
export type ModeId = 'numeric' | 'upper' | 'lower' | 'mixed';

/** One entry mode: what the screen shows and what each key types. */
export interface ModeSpec {
  /** What the phone shows in this mode (soft key or title), e.g. `a-1A`; undefined when no source names it. */
  label?: string;
  /** Where the label comes from (document and step), or why it is an assumption. */
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
  /**
   * The source gives no press count, only "press it until you see …": the plan says so and the
   * replay trusts the person to stop at the mode named.
   */
  untilSeen?: true;
}

/** Profiles ProvKit knows. */
export type KeypadProfileId = 'polycom-reset-prompt' | 'vvx-reset-prompt' | 'polycom-app-entry' | 'polycom-boot-setup' | 'cic-server-address' | 'altigen-app-entry' | 'altigen-boot-setup';

/** A text field on a phone, as its keypad types into it. */
export interface KeypadProfile {
  id: KeypadProfileId;
  /** Name for people. */
  name: string;
  /** Source of the whole profile, as a person names it (document, section, step). */
  source: string;
  /** true when the field does not show what was typed (the reset prompt): every press must be exact. */
  blind: boolean;
  /** Mode the field starts in. */
  startMode: ModeId;
  /**
   * The mode of the field when it opens is not known (it keeps the last one used): the plan must
   * first switch to the mode its first character needs, as the guide says ("press the button under
   * 1/A/a until you see 1/Ascii"), and the replay refuses a key pressed before that.
   */
  entryUnknown?: true;
  /** The mode soft key; absent when the field has one mode. */
  modeKey?: ModeKey;
  modes: Readonly<Partial<Record<ModeId, ModeSpec>>>;
  /**
   * Pace used by the practice animation, ms: between two presses of one character, and the wait
   * after a character before the same key can be pressed again (guide Appendix A step 7b: "pause … until you see
   * the blinking vertical bar", MegaPath guide Appendix A step 7). No source gives the phone's
   * timeout: these are safe values.
   */
  pace: { pressMs: number; commitMs: number };
  /** Caveats shown with plans for this profile (the reset prompt's typing tips are in ./procedure.ts). */
  notes: readonly string[];
}

/** ITU-T E.161 letter groups (2=abc, 3=def …). */
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
const MEGAPATH = 'MegaPath IP650/IP670 Enrollment Guide';
const APPX_A = `${MEGAPATH}, Appendix A`;
const NORMAL = `${MEGAPATH}, Normal path`;
const BOOT = `${MEGAPATH}, Boot path`;
const CIC = 'Genesys CIC Managed IP Phones guide, “To configure a Polycom phone’s boot server”';
const ALTIGEN = 'AltiGen MAXCS Polycom Configuration Guide';
/** Placeholder for a press no source gives a character for (CIC: `#` once). Never typed. */
export const UNKNOWN_CHAR = '\u2022';

/** SoundPoint/SoundStation BootROM prompt "Enter password to Reset Settings" (MegaPath guide, Appendix A). */
const POLYCOM_RESET_PROMPT: KeypadProfile = {
  id: 'polycom-reset-prompt',
  name: 'Password prompt at boot (“Enter password to Reset Settings”)',
  source: `${APPX_A}, steps 1-14`,
  blind: true,
  startMode: 'numeric',
  modeKey: {
    name: 'the soft key labelled 1->Aa',
    cycle: NUMERIC_UPPER_LOWER,
    cycleSource: `${APPX_A}, steps 8-9 (press it twice to reach lower case: numbers → upper → lower)`,
  },
  modes: {
    numeric: { label: '1->Aa', labelSource: `${APPX_A}, step 8`, keys: DIGITS },
    upper: { labelSource: 'not named by any source: after one press the prompt is in upper case', keys: UPPER },
    lower: { label: 'a-1A', labelSource: `${APPX_A}, step 9`, keys: LOWER },
  },
  pace: { pressMs: 350, commitMs: 1500 },
  notes: [],
};

/** VVX Updater prompt: same idea; the mode key's labels and order are not in ProvKit's sources. */
const VVX_RESET_PROMPT: KeypadProfile = {
  ...POLYCOM_RESET_PROMPT,
  id: 'vvx-reset-prompt',
  source: 'Polycom knowledge base (key combination, MAC as password); mode cycle assumed like the SoundPoint prompt',
  modeKey: {
    name: 'the mode soft key',
    cycle: NUMERIC_UPPER_LOWER,
    cycleSource: 'assumed like SoundPoint (numbers → upper → lower); no source documents the VVX prompt',
  },
  modes: {
    numeric: { labelSource: 'not documented for VVX', keys: DIGITS },
    upper: { labelSource: 'not documented for VVX', keys: UPPER },
    lower: { labelSource: 'not documented for VVX', keys: LOWER },
  },
  notes: ['The MegaPath guide documents the IP 650/670 prompt only. On a VVX, watch the mode indicator after each mode press: it must show the mode named in the step.'],
};

/** Server Address field in the application's menus (MegaPath guide, Normal path steps 10-16). */
const POLYCOM_APP_ENTRY: KeypadProfile = {
  id: 'polycom-app-entry',
  name: 'Server Address field (phone menus, Normal path)',
  source: `${NORMAL}, steps 10-16`,
  blind: false,
  startMode: 'numeric',
  entryUnknown: true,
  modeKey: {
    name: 'the button under 1/A/a',
    cycle: NUMERIC_UPPER_LOWER,
    cycleSource: `assumed from the soft key label 1/A/a; the guide says press it “until you see” the mode (${NORMAL}, steps 12 and 14)`,
    untilSeen: true,
  },
  modes: {
    numeric: { label: '1/Ascii', labelSource: `${NORMAL}, step 12`, keys: { ...DIGITS, '*': '.' } },
    upper: { label: 'A/Ascii', labelSource: 'assumed by analogy with 1/Ascii and a/Ascii', keys: { ...UPPER, '#': '/:-_@' }, untilSeen: '/:-_@' },
    lower: { label: 'a/Ascii', labelSource: `${NORMAL}, step 14`, keys: { ...LOWER, '#': '/:-_@' }, untilSeen: '/:-_@' },
  },
  pace: { pressMs: 350, commitMs: 1500 },
  notes: [
    `Press the mode button until the top of the screen shows the mode named in the step (${NORMAL}, steps 12 and 14).`,
    `Slash: press # repeatedly until / shows (${NORMAL}, step 15). Mistakes: X erases (step 16).`,
  ],
};

/** Server Address field in the BootROM Setup menu (MegaPath guide, Boot path step 15). */
const POLYCOM_BOOT_SETUP: KeypadProfile = {
  id: 'polycom-boot-setup',
  name: 'Server Address field (boot Setup menu, Boot path)',
  source: `${BOOT}, step 15`,
  blind: false,
  startMode: 'mixed',
  modes: {
    mixed: {
      label: undefined,
      labelSource: `the Setup menu has no mode key in the guide: each key cycles its letters and number (${BOOT}, step 15a)`,
      keys: {
        ...Object.fromEntries(Object.entries(DIGITS).map(([k, d]) => [k, `${d}${LETTER_GROUPS[k] ?? ''}${(LETTER_GROUPS[k] ?? '').toUpperCase()}`])),
        '*': '.',
        '#': '/:-_@',
      },
      untilSeen: `0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:-_@`,
    },
  },
  pace: { pressMs: 350, commitMs: 1500 },
  notes: [`Letters and numbers: press the key repeatedly until the character shows. Dot: *. Slash: #. Mistakes: X erases (${BOOT}, step 15).`],
};

/** CIC's `#` table: twice = colon, three times = slash; once is not given. */
const CIC_HASH = `${UNKNOWN_CHAR}:/`;

/**
 * ServerAddr field as the Genesys CIC guide describes it (Network Configuration › ServerMenu):
 * an Alphanumeric toggle between letters and numbers, dot = `*` once, colon = `#` twice, slash =
 * `#` three times, letters by pressing the number key several times.
 */
const CIC_SERVER_ADDRESS: KeypadProfile = {
  id: 'cic-server-address',
  name: 'ServerAddr field (Genesys CIC procedure)',
  source: `${CIC}, step 3`,
  blind: false,
  startMode: 'numeric',
  entryUnknown: true,
  modeKey: {
    name: 'the Alphanumeric toggle button',
    cycle: ['numeric', 'lower'],
    cycleSource: `${CIC}, step 3a (“toggle from letters to numbers”)`,
    untilSeen: true,
  },
  modes: {
    numeric: { labelSource: `${CIC}, step 3a: the guide names no label`, keys: { ...DIGITS, '*': '.', '#': CIC_HASH } },
    lower: { labelSource: `${CIC}, step 3 note: the guide names no label`, keys: { ...LOWER, '*': '.', '#': CIC_HASH } },
  },
  pace: { pressMs: 350, commitMs: 1500 },
  notes: [`Period: * once. Colon: # twice. Slash: # three times. Letters: press the number key several times (${CIC}, step 3).`, 'If these keys do not work on your phone, the guide sends you to the Polycom documentation for your phone.'],
};

/** What the AltiGen guide says about the keypad: nothing (it sets the server in the web page, Step 9). */
const ALTIGEN_NOTE = `The ${ALTIGEN} sets the Server Address through the phone’s web page (Step 9) and gives no keys: press each key until the character shows.`;

/** Normal path field under the AltiGen procedure: MegaPath's keypad, no press counts from the guide. */
const ALTIGEN_APP_ENTRY: KeypadProfile = {
  ...POLYCOM_APP_ENTRY,
  id: 'altigen-app-entry',
  name: 'Server Address field (phone menus, AltiGen procedure)',
  source: `${ALTIGEN}, Step 9 (no keypad steps)`,
  modes: Object.fromEntries(
    Object.entries(POLYCOM_APP_ENTRY.modes).map(([m, spec]) => [m, { ...spec, untilSeen: Object.values(spec!.keys).join('').replace(/[0-9]/g, '') }]),
  ) as KeypadProfile['modes'],
  notes: [ALTIGEN_NOTE],
};

/** Boot path field under the AltiGen procedure. */
const ALTIGEN_BOOT_SETUP: KeypadProfile = {
  ...POLYCOM_BOOT_SETUP,
  id: 'altigen-boot-setup',
  name: 'Server Address field (boot Setup menu, AltiGen procedure)',
  source: `${ALTIGEN}, Step 9 (no keypad steps)`,
  modes: { mixed: { ...POLYCOM_BOOT_SETUP.modes.mixed!, untilSeen: `${POLYCOM_BOOT_SETUP.modes.mixed!.untilSeen}./` } },
  notes: [ALTIGEN_NOTE],
};

/** Every profile by id. */
export const KEYPAD_PROFILES: Readonly<Record<KeypadProfileId, KeypadProfile>> = {
  'polycom-reset-prompt': POLYCOM_RESET_PROMPT,
  'vvx-reset-prompt': VVX_RESET_PROMPT,
  'polycom-app-entry': POLYCOM_APP_ENTRY,
  'polycom-boot-setup': POLYCOM_BOOT_SETUP,
  'cic-server-address': CIC_SERVER_ADDRESS,
  'altigen-app-entry': ALTIGEN_APP_ENTRY,
  'altigen-boot-setup': ALTIGEN_BOOT_SETUP,
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
