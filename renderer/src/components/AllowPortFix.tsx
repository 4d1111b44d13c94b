/**
 * Desktop on Linux: the "Allow ports from N" button under a refused privileged port. It asks the
 * OS for the admin password (pkexec) to set `net.ipv4.ip_unprivileged_port_start` until reboot,
 * then starts the server again; the outcome (or the command to run by hand) is shown below it.
 */
import type { AllowPortResult } from '../../../shared/api-desktop';
import { InlineCode } from './InlineCode';

/**
 * @param props.port the refused port
 * @param props.disabled while an action runs
 * @param props.result outcome of the last attempt, if any
 * @param props.onAllow runs the fix
 */
export function AllowPortFix({ port, disabled, result, onAllow }: { port: number; disabled: boolean; result?: AllowPortResult; onAllow(): void }) {
  return (
    <div className="allow-port">
      <button type="button" className="btn" disabled={disabled} onClick={onAllow}>
        Allow ports from {port} until reboot (asks for the admin password)
      </button>
      {result && (
        <p role="status" className={result.ok ? 'ok-text' : 'error-text'}>
          {result.message}
          {result.command && (
            <>
              {' '}
              <InlineCode text={`\`${result.command}\``} />
            </>
          )}
        </p>
      )}
    </div>
  );
}
