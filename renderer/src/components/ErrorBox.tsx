/**
 * A prominent error: what happened, its code, and the fix in one sentence.
 */
import type { ReactNode } from 'react';
import type { ErrorInfo } from '../api/errors';
import { InlineCode } from './InlineCode';

/**
 * Show an error with its fix.
 * @param props.error message, code and optional fix
 * @param props.title optional heading above the message
 * @param props.children actions (buttons) shown under the fix
 */
export function ErrorBox({ error, title, children }: { error: ErrorInfo; title?: string; children?: ReactNode }) {
  return (
    <div className="error-box" role="alert">
      {title && <p className="error-title">{title}</p>}
      <p className="error-message">
        <InlineCode text={error.message} /> {error.code && error.code !== 'ERROR' && <code className="error-code">{error.code}</code>}
      </p>
      {error.fix && (
        <p className="error-fix">
          <strong>Fix: </strong>
          <InlineCode text={error.fix} />
        </p>
      )}
      {error.issues && error.issues.length > 0 && (
        <ul className="error-issues">
          {error.issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
      {children && <div className="error-actions">{children}</div>}
    </div>
  );
}
