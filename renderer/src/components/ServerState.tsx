/**
 * A server's state as a symbol plus words: listening / starting / stopped / error.
 */
import type { ServerStatus } from '../../../shared/dto';

const LABEL: Record<ServerStatus['state'], string> = {
  listening: 'Listening',
  starting: 'Starting…',
  stopped: 'Stopped',
  error: 'Error',
};
const SYMBOL: Record<ServerStatus['state'], string> = { listening: '●', starting: '◐', stopped: '○', error: '✕' };

/**
 * Words for a server state.
 * @param state the ServerStatus state
 * @returns e.g. `Listening`
 */
export function serverStateLabel(state: ServerStatus['state']): string {
  return LABEL[state];
}

/**
 * State pill: symbol and text, coloured by state.
 * @param props.state the server state
 * @param props.compact show only the symbol (the text stays for screen readers and as a tooltip)
 */
export function ServerState({ state, compact = false }: { state: ServerStatus['state']; compact?: boolean }) {
  return (
    <span className={`server-state state-${state}${compact ? ' compact' : ''}`} title={LABEL[state]}>
      <span aria-hidden="true" className="state-symbol">
        {SYMBOL[state]}
      </span>
      <span className={compact ? 'visually-hidden' : 'state-text'}>{LABEL[state]}</span>
    </span>
  );
}

/**
 * The port a server listens on, or the configured one.
 * @param s the server status
 * @returns e.g. `8080`, or `auto` for an ephemeral port not yet bound
 */
export function serverPort(s: ServerStatus): string {
  if (s.boundPort !== undefined) return String(s.boundPort);
  return s.port === 0 ? 'auto' : String(s.port);
}
