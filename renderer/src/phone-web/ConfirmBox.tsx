/**
 * An inline confirmation for a destructive action: names what will happen to which phone(s),
 * optionally asks the technician to type a phrase, and focuses itself so Escape cancels.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * Confirmation box.
 * @param props.title the question, naming the phone(s)
 * @param props.children what will happen, in words
 * @param props.phrase when given, the confirm button stays disabled until this is typed
 * @param props.confirmLabel text of the confirm button
 */
export function ConfirmBox({ title, children, phrase, confirmLabel, onConfirm, onCancel }: { title: string; children?: ReactNode; phrase?: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, []);
  const ok = !phrase || typed.trim().toUpperCase() === phrase.toUpperCase();
  return (
    <div ref={box} className="confirm-box" role="alertdialog" aria-labelledby={`${id}-t`} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <p id={`${id}-t`} className="confirm-title">
        {title}
      </p>
      {children}
      {phrase && (
        <div className="field">
          <label htmlFor={`${id}-p`}>
            Type <code>{phrase}</code> to confirm
          </label>
          <input id={`${id}-p`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-danger" disabled={!ok} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
