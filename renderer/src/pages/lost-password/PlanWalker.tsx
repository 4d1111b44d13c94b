/**
 * The MAC plan one big step at a time: the key to press on a drawn keypad, how many times, the mode
 * label to expect, and "wait for the blinking bar" first when the key repeats (seed
 * MegaPath IP650/IP670 Enrollment Guide). Previous/next buttons and the full list.
 */
import { useEffect } from 'react';
import { MODE_WORDS, timesWord, type PlanStep } from '../../../../shared/keypad/describe';
import type { KeypadProfile, ModeId } from '../../../../shared/keypad/profiles';
import { Keypad } from '../../components/Keypad';

/** Label the mode soft key shows in a mode, and whether a source names it. */
export function softKeyLabel(profile: KeypadProfile, mode: ModeId): { text: string; known: boolean } {
  const label = profile.modes[mode]?.label;
  return label ? { text: label, known: true } : { text: `(${MODE_WORDS[mode]})`, known: false };
}

/** Mode the field is in before step `i`. */
function modeBefore(profile: KeypadProfile, steps: PlanStep[], i: number): ModeId {
  for (let j = i - 1; j >= 0; j--) {
    const s = steps[j]!;
    if (s.kind === 'mode') return s.to;
  }
  return profile.startMode;
}

/** The text typed so far, highlighted up to the current character. */
function Progress({ text, done }: { text: string; done: number }) {
  return (
    <p className="lp-progress mono" aria-label={`${done} of ${text.length} characters typed`}>
      {[...text].map((c, i) => (
        <span key={i} className={i < done ? 'lp-char-done' : i === done ? 'lp-char-now' : 'lp-char-todo'}>
          {c}
        </span>
      ))}
    </p>
  );
}

/**
 * Step-by-step view of a plan.
 * @param props.profile the keypad the plan is for
 * @param props.steps the plan's steps (planSteps)
 * @param props.text the text being typed (the MAC in its case)
 * @param props.step index of the step shown
 * @param props.onStep go to another step
 */
export function PlanWalker({ profile, steps, text, step, onStep }: { profile: KeypadProfile; steps: PlanStep[]; text: string; step: number; onStep: (i: number) => void }) {
  const i = Math.min(step, steps.length);
  useEffect(() => {
    if (step > steps.length) onStep(steps.length);
  }, [step, steps.length, onStep]);
  const s = steps[i];
  const typed = steps.slice(0, i).filter((x) => x.kind === 'key').length;
  const mode = modeBefore(profile, steps, i);
  const soft = s?.kind === 'mode' ? softKeyLabel(profile, s.to) : softKeyLabel(profile, mode);
  return (
    <section className="lp-walker" aria-labelledby="lp-walker-title">
      <h2 id="lp-walker-title" className="section-title">
        3. Type the MAC <span className="muted">— step {Math.min(i + 1, steps.length)} of {steps.length}</span>
      </h2>
      <Progress text={text} done={typed} />
      <div className="lp-step-card" aria-live="polite">
        {s ? (
          <div className="lp-step-text">
            {s.kind === 'key' && s.pauseFirst && <p className="lp-pause">⏸ First wait for the blinking bar</p>}
            {s.kind === 'key' ? (
              <p className="lp-big">
                Press <kbd className="lp-kbd">{s.key}</kbd> {timesWord(s.times)} <span className="lp-arrow">→</span> <span className="mono lp-produces">{s.produces}</span>
              </p>
            ) : (
              <p className="lp-big">
                Press the mode soft key {timesWord(s.times)}
              </p>
            )}
            <p className="lp-sub">
              {s.kind === 'mode'
                ? s.label
                  ? `until it says ${s.label} — ${MODE_WORDS[s.to]} mode`
                  : `${MODE_WORDS[s.to]} mode (no source names what the key shows then)`
                : `in ${MODE_WORDS[s.mode]} mode${profile.modes[s.mode]?.label ? ` (the soft key says ${profile.modes[s.mode]!.label})` : ''}`}
            </p>
          </div>
        ) : (
          <div className="lp-step-text">
            <p className="lp-big">Press OK</p>
            <p className="lp-sub">The phone says it is resetting. Its admin password is then 456.</p>
          </div>
        )}
        <Keypad
          active={s ? (s.kind === 'mode' ? 'mode' : s.key) : undefined}
          {...(s ? { times: s.times } : {})}
          modeLabel={soft.text}
          modeLabelKnown={soft.known}
          label={s ? s.text : 'Press OK'}
        />
      </div>
      <div className="lp-nav">
        <button type="button" className="btn" onClick={() => onStep(i - 1)} disabled={i === 0}>
          ← Previous
        </button>
        <button type="button" className="btn btn-primary" onClick={() => onStep(i + 1)} disabled={i >= steps.length}>
          {i >= steps.length - 1 ? 'Done typing →' : 'Next →'}
        </button>
        <button type="button" className="btn" onClick={() => onStep(0)} disabled={i === 0}>
          Start over
        </button>
      </div>
      <details className="lp-all-steps">
        <summary>All {steps.length} steps</summary>
        <ol>
          {steps.map((x, j) => (
            <li key={j} className={j === i ? 'lp-step-now' : undefined}>
              <button type="button" className="linklike" onClick={() => onStep(j)} aria-current={j === i ? 'step' : undefined}>
                {x.text}
              </button>
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
