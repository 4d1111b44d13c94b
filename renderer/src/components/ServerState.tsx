/**
 * A server's state as a symbol plus words: listening / starting / stopped / error.
 */
import type { ServerStatus } from '../../../shared/dto';

/** A server state as shown: the engine's, or `unknown` while the engine is not connected. */
export type ShownState = ServerStatus['state'] | 'unknown';

const LABEL: Record<ShownState, string> = {
  listening: 'Listening',
  starting: 'Starting…',
  stopped: 'Stopped',
  error: 'Error',
  unknown: 'Unknown',
};
const SYMBOL: Record<ShownState, string> = { listening: '●', starting: '◐', stopped: '○', error: '✕', unknown: '?' };

/**
 * Words for a server state.
 * @param state the ServerStatus state
 * @returns e.g. `Listening`
 */
export function serverStateLabel(state: ShownState): string {
  return LABEL[state];
}

/**
 * State pill: symbol and text, coloured by state.
 * @param props.state the server state (`unknown` while the engine is not connected: grey)
 * @param props.compact show only the symbol (the text stays for screen readers and as a tooltip)
 */
export function ServerState({ state, compact = false }: { state: ShownState; compact?: boolean }) {
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
