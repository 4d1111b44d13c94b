/**
 * Keypad planner: the exact presses that type a text on a phone's multi-tap keypad — the MAC as the
 * reset password (MegaPath IP650/IP670 Enrollment Guide, Appendix A) or a server address (Normal
 * path steps 10-16, Boot path step 15; other procedures in ./address-procedures.ts). Pure. The keypad's behaviour is data
 * (./profiles.ts); ./replay.ts types a plan back to check it.
 */
import { parsePhoneMac } from './mac-input';
import { KeypadError, modePresses, type KeypadProfile, type KeypadProfileId, type ModeId, KEYPAD_PROFILES } from './profiles';
import { DEFAULT_RESET_MODEL, describeKeys, findResetModel, type ResetModel } from './reset-models';

/**
 * One step of a plan.
 * - `key`: press `key` `times` times quickly; the field then holds `produces`. With `untilSeen`, no
 *   source gives the count: press until `produces` shows (`times` is ProvKit's model of the keypad).
 * - `mode`: press the mode soft key `times` times; the field is then in mode `to`, showing `label`
 *   (omitted when no source names it). With `untilSeen`, the source says "press it until you see"
 *   the mode: press until the label shows (`times` is ProvKit's model, 0 when the field's mode on
 *   opening is unknown — the first switch the guide asks for).
 * - `pause`: wait until the cursor (blinking bar) shows again before the next press (guide Appendix A step 7b).
 */
export type KeypadAction =
  | { type: 'key'; key: string; times: number; produces: string; untilSeen?: true }
  | { type: 'mode'; times: number; to: ModeId; label?: string; untilSeen?: true }
  | { type: 'pause' };

/** Letter case of the MAC typed as the reset password (guide Appendix A step 7: lower; other sources differ). */
export type LetterCase = 'lower' | 'upper';

/** The plan to reset a lost password; serialises to exactly the CLI's `--json` shape. */
export interface MacPlan {
  /** 12 lowercase hex digits. */
  mac: string;
  /** Model code, e.g. `SPIP650`. */
  model: string;
  case: LetterCase;
  /** Keys to hold together during the boot countdown. */
  resetKeys: string[];
  actions: KeypadAction[];
}

/** A MAC plan with what the UI needs around it. */
export interface MacPlanResult {
  plan: MacPlan;
  model: ResetModel;
  profile: KeypadProfile;
  /** Things to check first (non-Polycom prefix). */
  warnings: string[];
}

/** Thrown for SoundPoint IP 560 and any model whose sources disagree, until the technician picks. */
export class ResetKeysChoiceError extends KeypadError {
  constructor(
    readonly model: ResetModel,
    readonly choices: ReadonlyArray<readonly string[]>,
  ) {
    super(
      `${model.displayName}: the sources disagree on the keys to hold (${choices.map((c) => describeKeys(c)).join(' or ')}). ` +
        'Pick one; if the phone boots normally instead of asking for a password, restart it and use the other.',
    );
    this.name = 'ResetKeysChoiceError';
  }
}

interface Candidate {
  mode: ModeId;
  key: string;
  presses: number;
  untilSeen: boolean;
}

/**
 * Cost weights, in presses: a pause costs about two presses of time; each mode change costs three
 * more than its presses (a change is where people slip, and the guide changes mode only when it must:
 * Appendix A steps 8-11, Normal path steps 12-14); an undocumented press count is avoided whenever a documented one exists.
 */
const PAUSE_COST = 2;
const MODE_CHANGE_COST = 3;
const UNTIL_SEEN_COST = 100;

function candidatesFor(profile: KeypadProfile, ch: string): Candidate[] {
  const out: Candidate[] = [];
  for (const [mode, spec] of Object.entries(profile.modes) as Array<[ModeId, NonNullable<KeypadProfile['modes'][ModeId]>]>) {
    if (mode !== profile.startMode && !profile.modeKey?.cycle.includes(mode)) continue;
    let best: Candidate | undefined;
    for (const [key, chars] of Object.entries(spec.keys)) {
      const i = chars.indexOf(ch);
      if (i >= 0 && (!best || i + 1 < best.presses)) best = { mode, key, presses: i + 1, untilSeen: Boolean(spec.untilSeen?.includes(ch)) };
    }
    if (best) out.push(best);
  }
  return out;
}

/**
 * Plan the presses that type `text` into a field, starting in the profile's start mode. Chooses the
 * fewest presses overall (dynamic programming over the mode after each character), preferring
 * documented press counts, and puts a pause between two characters on the same key.
 * @param profile the keypad (./profiles.ts)
 * @param text what to type, e.g. `0004f2abcdef` or `72.245.184.168/mpv`
 * @returns the actions, in order
 * @throws KeypadError naming the first character this keypad cannot type
 */
export function planText(profile: KeypadProfile, text: string): KeypadAction[] {
  const chars = [...text];
  const options = chars.map((ch, i) => {
    const c = candidatesFor(profile, ch);
    if (c.length === 0) throw new KeypadError(`"${ch}" (character ${i + 1} of "${text}") cannot be typed in the ${profile.name}`);
    return c;
  });
  // best[i][j]: cheapest way to type chars[0..i] ending with options[i][j]; prev for the path back.
  const best: number[][] = [];
  const prev: number[][] = [];
  options.forEach((opts, i) => {
    best.push([]);
    prev.push([]);
    opts.forEach((c, j) => {
      const own = c.presses + (c.untilSeen ? UNTIL_SEEN_COST : 0);
      if (i === 0) {
        best[0]![j] = (profile.entryUnknown ? MODE_CHANGE_COST : changeCost(profile, profile.startMode, c.mode)) + own;
        prev[0]![j] = -1;
        return;
      }
      let min = Infinity;
      let arg = -1;
      options[i - 1]!.forEach((p, k) => {
        const switchCost = changeCost(profile, p.mode, c.mode);
        const pause = switchCost === 0 && p.key === c.key ? PAUSE_COST : 0;
        const cost = best[i - 1]![k]! + switchCost + pause + own;
        if (cost < min) [min, arg] = [cost, k];
      });
      best[i]![j] = min;
      prev[i]![j] = arg;
    });
  });
  const path: Candidate[] = [];
  const last = best[best.length - 1];
  if (!last) return [];
  let j = last.indexOf(Math.min(...last));
  for (let i = chars.length - 1; i >= 0; i--) {
    path.unshift(options[i]![j]!);
    j = prev[i]![j]!;
  }
  return toActions(profile, path, chars);
}

function changeCost(profile: KeypadProfile, from: ModeId, to: ModeId): number {
  const n = modePresses(profile, from, to);
  return n === 0 ? 0 : n + MODE_CHANGE_COST;
}

function toActions(profile: KeypadProfile, path: Candidate[], chars: string[]): KeypadAction[] {
  const actions: KeypadAction[] = [];
  let mode = profile.startMode;
  let lastKey: string | undefined;
  path.forEach((c, i) => {
    const entry = i === 0 && profile.entryUnknown === true;
    const times = entry ? 0 : modePresses(profile, mode, c.mode);
    if (times > 0 || entry) {
      const label = profile.modes[c.mode]?.label;
      const until = entry || profile.modeKey?.untilSeen ? { untilSeen: true as const } : {};
      actions.push(label === undefined ? { type: 'mode', times, to: c.mode, ...until } : { type: 'mode', times, to: c.mode, label, ...until });
      mode = c.mode;
      lastKey = undefined;
    }
    if (lastKey === c.key) actions.push({ type: 'pause' });
    actions.push(c.untilSeen ? { type: 'key', key: c.key, times: c.presses, produces: chars[i]!, untilSeen: true } : { type: 'key', key: c.key, times: c.presses, produces: chars[i]! });
    lastKey = c.key;
  });
  return actions;
}

/**
 * Plan typing a phone's MAC as the reset password at the boot prompt (guide Appendix A).
 * @param opts.mac the MAC in any notation
 * @param opts.model model code or name (default `SPIP650`, the guide's phone)
 * @param opts.case letter case (default `lower`, guide Appendix A step 7)
 * @param opts.resetKeys the key combination picked when the sources disagree (SoundPoint IP 560)
 * @returns the plan (exact CLI JSON shape), the model, the keypad profile and warnings
 * @throws MacError (invalid MAC, with the reason), KeypadError (unknown model, a resetKeys choice that
 *   is not one of the model's), ResetKeysChoiceError (the model needs a choice)
 */
export function planMacEntry(opts: { mac: string; model?: string; case?: LetterCase; resetKeys?: readonly string[] }): MacPlanResult {
  const { mac, warnings } = parsePhoneMac(opts.mac);
  const modelName = opts.model ?? DEFAULT_RESET_MODEL;
  const model = findResetModel(modelName);
  if (!model) throw new KeypadError(`no reset key combination is known for "${modelName}" (ProvKit knows the VVX, SoundPoint IP and SoundStation IP models)`);
  const letterCase = opts.case ?? 'lower';
  const resetKeys = chooseResetKeys(model, opts.resetKeys);
  const profile = KEYPAD_PROFILES[model.profile];
  const text = letterCase === 'upper' ? mac.toUpperCase() : mac;
  const plan: MacPlan = { mac, model: model.code, case: letterCase, resetKeys: [...resetKeys], actions: planText(profile, text) };
  return { plan, model, profile, warnings };
}

function chooseResetKeys(model: ResetModel, picked: readonly string[] | undefined): readonly string[] {
  const choices = model.resetKeyChoices;
  if (!picked) {
    if (choices.length === 1) return choices[0]!;
    throw new ResetKeysChoiceError(model, choices);
  }
  const same = (a: readonly string[]) => a.length === picked.length && [...a].sort().join() === [...picked].sort().join();
  const match = choices.find(same);
  if (!match) throw new KeypadError(`${model.displayName}: hold ${choices.map((c) => describeKeys(c)).join(' or ')}, not ${describeKeys(picked)}`);
  return match;
}

/**
 * Parse a key combination as typed on the command line or in a form: `468*`, `4,6,8,*`, `4 6 8 *`.
 * @returns the keys, in the order given
 * @throws KeypadError for anything but keypad keys
 */
export function parseKeyCombination(input: string): string[] {
  const keys = [...input.replace(/[\s,+]/g, '')];
  if (keys.length === 0 || keys.some((k) => !/^[0-9*#]$/.test(k))) throw new KeypadError(`"${input}" is not a key combination (keys 0-9, * and #, e.g. 468*)`);
  return keys;
}

/** A profile by id (re-exported for callers that only import the planner). */
export function keypadProfile(id: KeypadProfileId): KeypadProfile {
  return KEYPAD_PROFILES[id];
}
