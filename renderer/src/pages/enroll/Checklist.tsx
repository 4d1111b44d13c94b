/**
 * A procedure as a checklist: each step with a tick box and its source (document and step). Ticks are
 * part of the wizard state (saved), so a technician can put the phone down and come back.
 */
import type { ReactNode } from 'react';
import type { SourcedStep } from '../../../../shared/keypad/procedure';
import '../../styles/checklist.css';

/** A step with an id (and optionally a kind, see shared/enroll/seed-steps.ts). */
export type ChecklistStep = SourcedStep & { id: string; kind?: 'address' | 'warning' };

/**
 * The checklist.
 * @param props.steps steps in order
 * @param props.ticked ids ticked
 * @param props.onToggle tick or untick one
 * @param props.label accessible name of the list
 * @param props.render extra content under a step (the key plan of the address step)
 */
export function Checklist({
  steps,
  ticked,
  onToggle,
  label,
  render,
}: {
  steps: readonly ChecklistStep[];
  ticked: readonly string[];
  onToggle: (id: string, on: boolean) => void;
  label: string;
  render?: (step: ChecklistStep) => ReactNode;
}) {
  return (
    <ol className="checklist" aria-label={label}>
      {steps.map((s) => {
        const on = ticked.includes(s.id);
        return (
          <li key={s.id} className={`checklist-item${on ? ' checklist-done' : ''}${s.kind === 'warning' ? ' checklist-warning' : ''}`}>
            <label className="checklist-label">
              <input type="checkbox" checked={on} onChange={(e) => onToggle(s.id, e.target.checked)} />
              <span>
                {s.text} <span className="source">{s.source}</span>
              </span>
            </label>
            {render?.(s)}
          </li>
        );
      })}
    </ol>
  );
}
