/**
 * A modal dialog: overlay, title, Escape or the close button to leave, focus moved into it and back.
 */
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Modal dialog.
 * @param props.title heading (also the accessible name)
 * @param props.onClose called on Escape, the × button or a click on the overlay
 * @param props.wide use most of the window (previews, reports)
 * @param props.footer buttons under the body
 */
export function Modal({ title, onClose, wide, children, footer }: { title: string; onClose: () => void; wide?: boolean; children: ReactNode; footer?: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.modal-close)')?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, []);
  return (
    <div className="modal-overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={box} className={`modal${wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title}>
        <div className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="btn btn-small modal-close" onClick={onClose} aria-label="Close dialog">
            ×
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-foot">{footer}</div>}
      </div>
    </div>
  );
}
