/**
 * Plans in words and in time: the step list a technician follows (CLI and UI), and the frames of the
 * practice animation at the phone's pace. Pure. Wording follows the MegaPath IP650/IP670 Enrollment
 * Guide, Appendix A steps 7-10 ("press the 3 key three times", "press the 1->Aa button twice, until
 * it says a-1A", pause "until you see the blinking vertical bar") and Normal path steps 12-14
 * ("press the button under 1/A/a until you see 1/Ascii").
 */
import type { KeypadAction } from './planner';
import { keyCycle, type KeypadProfile, type ModeId } from './profiles';

const WORDS = ['zero', 'once', 'twice', 'three times', 'four times', 'five times', 'six times', 'seven times', 'eight times', 'nine times'];

/**
 * A press count in words: 1 → "once", 2 → "twice", 3 → "three times", 12 → "12 times".
 * @param n presses (≥ 1)
 */
export function timesWord(n: number): string {
  return WORDS[n] ?? `${n} times`;
}

/** Mode names for people. */
export const MODE_WORDS: Readonly<Record<ModeId, string>> = {
  numeric: 'numbers',
  upper: 'upper-case letters',
  lower: 'lower-case letters',
  mixed: 'letters and numbers',
};

/** One step as shown to the technician: a mode change, or one character (with a pause first when needed). */
export type PlanStep =
  | { kind: 'mode'; times: number; to: ModeId; label?: string; untilSeen: boolean; text: string }
  | { kind: 'key'; key: string; times: number; produces: string; untilSeen: boolean; pauseFirst: boolean; mode: ModeId; text: string };

/**
 * Words for a mode change.
 * @param profile the keypad (names its mode key)
 */
function modeText(profile: KeypadProfile, a: Extract<KeypadAction, { type: 'mode' }>): string {
  const key = profile.blind || !profile.modeKey ? 'the mode soft key' : profile.modeKey.name;
  if (a.untilSeen) {
    const until = a.label ? `until you see “${a.label}” at the top of the screen` : `until the keys type ${MODE_WORDS[a.to]}`;
    return `Press ${key} ${until} — you are now in ${MODE_WORDS[a.to]} mode.`;
  }
  const shows = a.label
    ? profile.blind
      ? `, until it says ${a.label}`
      : `, until the screen shows ${a.label}`
    : ` (${MODE_WORDS[a.to]}; no source names what the key shows then)`;
  return `Press ${key} ${timesWord(a.times)}${shows} — you are now in ${MODE_WORDS[a.to]} mode.`;
}

/**
 * Words for one character.
 */
function keyText(a: Extract<KeypadAction, { type: 'key' }>, pauseFirst: boolean): string {
  const wait = pauseFirst ? 'Wait for the blinking bar, then press' : 'Press';
  if (a.untilSeen) return `${wait} ${a.key} repeatedly until you see ${a.produces}.`;
  return `${wait} ${a.key} ${timesWord(a.times)} → ${a.produces}`;
}

/**
 * Turn a plan's actions into the steps shown to a technician: pauses fold into the next key step.
 * @param profile the keypad the plan is for
 * @param actions the plan
 * @returns one step per mode change and per character, in order
 */
export function planSteps(profile: KeypadProfile, actions: readonly KeypadAction[]): PlanStep[] {
  const steps: PlanStep[] = [];
  let mode = profile.startMode;
  let pause = false;
  for (const a of actions) {
    if (a.type === 'pause') pause = true;
    else if (a.type === 'mode') {
      mode = a.to;
      steps.push({ kind: 'mode', times: a.times, to: a.to, ...(a.label !== undefined ? { label: a.label } : {}), untilSeen: a.untilSeen === true, text: modeText(profile, a) });
    } else {
      steps.push({ kind: 'key', key: a.key, times: a.times, produces: a.produces, untilSeen: Boolean(a.untilSeen), pauseFirst: pause, mode, text: keyText(a, pause) });
      pause = false;
    }
  }
  return steps;
}

/**
 * The keys of a plan in one compact line, e.g. `0 ‖ 0 ‖ 0 4 [mode×2 a-1A] 333 [mode×1 1->Aa] 2`,
 * where `‖` is a pause.
 * @param actions the plan
 */
export function compactKeys(actions: readonly KeypadAction[]): string {
  return actions
    .map((a) => (a.type === 'pause' ? '‖' : a.type === 'mode' ? (a.untilSeen ? `[mode→${a.label ?? a.to}]` : `[mode×${a.times}${a.label ? ` ${a.label}` : ''}]`) : a.key.repeat(a.times)))
    .join(' ');
}

/** One moment of the practice animation. */
export interface PracticeFrame {
  /** ms from the start. */
  at: number;
  /** Index into {@link planSteps}'s result. */
  step: number;
  /** Key pressed now (`mode` = the mode soft key); undefined while waiting. */
  key?: string;
  /** Which press of this step (1-based) and of how many. */
  press: number;
  of: number;
  /** Character the key shows after this press (multi-tap preview). */
  showing?: string;
  /** Waiting for the blinking bar before the next press. */
  waiting: boolean;
  /** Characters the phone holds so far (taken ones only). */
  typed: string;
}

/**
 * The practice animation: a frame per press and per pause, at the profile's pace.
 * @param profile the keypad (pace: `pressMs`, `commitMs`)
 * @param actions the plan
 * @returns frames in time order and the total duration, ms
 */
export function practiceFrames(profile: KeypadProfile, actions: readonly KeypadAction[]): { frames: PracticeFrame[]; totalMs: number } {
  const { pressMs, commitMs } = profile.pace;
  const frames: PracticeFrame[] = [];
  let at = 0;
  let step = -1;
  let typed = '';
  let mode = profile.startMode;
  for (const a of actions) {
    if (a.type === 'pause') {
      frames.push({ at, step: step + 1, press: 0, of: 0, waiting: true, typed });
      at += commitMs;
      continue;
    }
    step++;
    const cycle = a.type === 'key' ? keyCycle(profile, mode, a.key) : '';
    const count = Math.max(1, a.times);
    for (let p = 1; p <= count; p++) {
      frames.push({
        at,
        step,
        key: a.type === 'key' ? a.key : 'mode',
        press: p,
        of: count,
        ...(a.type === 'key' && cycle ? { showing: cycle[(p - 1) % cycle.length] } : {}),
        waiting: false,
        typed,
      });
      at += pressMs;
    }
    if (a.type === 'key') typed += a.produces;
    else mode = a.to;
    at += pressMs;
  }
  frames.push({ at, step: step + 1, press: 0, of: 0, waiting: false, typed });
  return { frames, totalMs: at };
}
