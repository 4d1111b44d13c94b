/**
 * Practice mode: the plan played on the drawn keypad at the phone's pace (a press every 350 ms, a
 * wait for the blinking bar before repeating a key; shared/keypad/profiles.ts `pace`), so the
 * technician can rehearse before typing blind. Start, pause and restart by keyboard or mouse.
 */
import { useEffect, useMemo, useState } from 'react';
import { practiceFrames, type PlanStep } from '../../../../shared/keypad/describe';
import type { KeypadAction } from '../../../../shared/keypad/planner';
import type { KeypadProfile } from '../../../../shared/keypad/profiles';
import { Keypad } from '../../components/Keypad';
import { softKeyLabel } from './PlanWalker';

/**
 * The practice player.
 * @param props.profile the keypad
 * @param props.actions the plan
 * @param props.steps the plan's steps (for the caption)
 */
export function Practice({ profile, actions, steps }: { profile: KeypadProfile; actions: KeypadAction[]; steps: PlanStep[] }) {
  const { frames, totalMs } = useMemo(() => practiceFrames(profile, actions), [profile, actions]);
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    setFrame(0);
    setPlaying(false);
  }, [frames]);
  useEffect(() => {
    if (!playing) return;
    if (frame >= frames.length - 1) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setFrame((f) => f + 1), frames[frame + 1]!.at - frames[frame]!.at);
    return () => clearTimeout(t);
  }, [playing, frame, frames]);
  const f = frames[Math.min(frame, frames.length - 1)]!;
  const step = steps[f.step];
  let mode = profile.startMode;
  for (let j = 0; j < f.step && j < steps.length; j++) if (steps[j]!.kind === 'mode') mode = (steps[j] as Extract<PlanStep, { kind: 'mode' }>).to;
  const soft = softKeyLabel(profile, mode);
  const finished = frame >= frames.length - 1;
  const caption = f.waiting
    ? 'Waiting for the blinking bar before pressing the same key again…'
    : finished
      ? 'Done: now press OK.'
      : f.key === 'mode'
        ? `Mode soft key: press ${f.press} of ${f.of}`
        : `Key ${f.key}: press ${f.press} of ${f.of}${f.showing ? ` — shows ${f.showing}` : ''}`;
  return (
    <section className="lp-practice" aria-labelledby="lp-practice-title">
      <h2 id="lp-practice-title" className="section-title">
        1. Practice first <span className="muted">(optional) — the whole plan at the phone’s pace, {Math.round(totalMs / 1000)} s</span>
      </h2>
      <div className="lp-practice-body">
        <Keypad active={f.waiting || finished ? undefined : f.key} times={f.of} press={f.press} modeLabel={soft.text} modeLabelKnown={soft.known} label={caption} size="small" />
        <div>
          <p className="lp-practice-caption" aria-live="polite">
            {caption}
          </p>
          <p className="muted">{step ? step.text : ''}</p>
          <p>
            <span className="muted">The phone now holds (you would not see it): </span>
            <span className="mono lp-practice-typed">{f.typed || '—'}</span>
          </p>
          <div className="lp-nav">
            <button type="button" className="btn btn-primary" onClick={() => (finished ? (setFrame(0), setPlaying(true)) : setPlaying(!playing))}>
              {playing ? 'Pause' : finished ? 'Play again' : frame > 0 ? 'Resume' : 'Play'}
            </button>
            <button type="button" className="btn" onClick={() => (setFrame(0), setPlaying(false))} disabled={frame === 0}>
              Restart
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
