/**
 * A modelled multi-tap keypad: replays a plan press by press and returns the text the phone would
 * hold. Independent of the planner's choices — it only follows the keypad's rules — so tests can
 * check plans against it. Pure.
 * Rules (MegaPath IP650/IP670 Enrollment Guide, Appendix A steps 7-10): presses of one key
 * in a row cycle through its characters; the character is taken when another key (or the mode key)
 * is pressed, when the phone's timeout passes (a `pause`), or at the end (OK). Pressing the same key
 * again without a pause keeps cycling the same character instead of starting a new one. A mode
 * change the source words "press until you see …" (`untilSeen`) lands in the mode it names; a field
 * whose mode on opening is unknown (`entryUnknown`) types nothing until such a switch.
 */
import type { KeypadAction } from './planner';
import { keyCycle, KeypadError, type KeypadProfile, type ModeId } from './profiles';

/** What the replay saw, for tests and the practice view. */
export interface ReplayResult {
  /** Text in the field after OK. */
  text: string;
  /** Mode the field ended in. */
  mode: ModeId;
  /** Single presses carried out (keys and mode key). */
  presses: number;
}

/**
 * Replay actions on a keypad.
 * @param profile the keypad (./profiles.ts)
 * @param actions the plan's actions
 * @returns the typed text, the final mode and the number of presses
 * @throws KeypadError when an action cannot be carried out: a key that types nothing in the current
 *   mode, a mode action that does not land in the mode it names, a mode key on a field without one
 */
export function replay(profile: KeypadProfile, actions: readonly KeypadAction[]): ReplayResult {
  let mode: ModeId | undefined = profile.entryUnknown ? undefined : profile.startMode;
  let text = '';
  let presses = 0;
  let pending: { key: string; count: number; cycle: string } | undefined;
  const commit = (): void => {
    if (!pending) return;
    text += pending.cycle[(pending.count - 1) % pending.cycle.length];
    pending = undefined;
  };
  actions.forEach((a, i) => {
    if (a.type === 'pause') return commit();
    const untilSeen = a.type === 'mode' && a.untilSeen === true;
    if (!Number.isInteger(a.times) || a.times < (untilSeen ? 0 : 1)) throw new KeypadError(`step ${i + 1}: ${a.times} presses`);
    presses += Math.max(a.times, 1);
    if (a.type === 'mode') {
      const cycle = profile.modeKey?.cycle;
      if (!cycle) throw new KeypadError(`step ${i + 1}: the ${profile.name} has no mode key`);
      commit();
      if (untilSeen) {
        if (!cycle.includes(a.to)) throw new KeypadError(`step ${i + 1}: the mode key never reaches ${a.to} mode`);
        mode = a.to;
        return;
      }
      if (mode === undefined) throw new KeypadError(`step ${i + 1}: the field’s mode is not known: press the mode key until the screen shows the mode first`);
      mode = cycle[(cycle.indexOf(mode) + a.times) % cycle.length]!;
      if (mode !== a.to) throw new KeypadError(`step ${i + 1}: ${a.times} mode presses land in ${mode} mode, not ${a.to}`);
      return;
    }
    if (mode === undefined) throw new KeypadError(`step ${i + 1}: key ${a.key} pressed before the field was switched to a known mode`);
    const cycle = keyCycle(profile, mode, a.key);
    if (!cycle) throw new KeypadError(`step ${i + 1}: key ${a.key} types nothing in ${mode} mode`);
    if (pending && pending.key === a.key) pending.count += a.times;
    else {
      commit();
      pending = { key: a.key, count: a.times, cycle };
    }
  });
  commit();
  return { text, mode: mode ?? profile.startMode, presses };
}

/**
 * Replay and return only the text.
 * @see replay
 */
export function replayText(profile: KeypadProfile, actions: readonly KeypadAction[]): string {
  return replay(profile, actions).text;
}
