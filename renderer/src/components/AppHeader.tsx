/**
 * Top bar: product name, engine mode and provisioning root, and each server's state at a glance.
 */
import type { ServerStatus } from '../../../shared/dto';
import { SERVER_ORDER } from '../store/servers';
import { useApp } from '../store/context';
import { hrefFor } from '../routing';
import { ServerState, serverPort, serverStateLabel } from './ServerState';

/**
 * One server's pill. While the engine is not connected its last known state is not shown as if
 * it were current (a green "Listening" of a dead engine): the pill turns grey with a `?`.
 */
function ServerChip({ s, connected }: { s: ServerStatus; connected: boolean }) {
  const name = s.kind.toUpperCase();
  const state = connected ? s.state : 'unknown';
  return (
    <a className={`server-chip state-${state}`} href={hrefFor({ area: 'servers' })} title={connected ? `${name} server: ${serverStateLabel(state)}` : `${name} server: unknown, the engine is not connected`}>
      <span>
        {name} :{serverPort(s)}
      </span>{' '}
      <ServerState state={state} compact />
    </a>
  );
}

/** The header bar; reads the engine and servers stores. */
export function AppHeader() {
  const info = useApp('engine', (s) => s.info);
  const engineError = useApp('engine', (s) => s.error);
  const byKind = useApp('servers', (s) => s.byKind);
  const connected = useApp('connection', (s) => s.state !== 'down');
  const servers = SERVER_ORDER.map((k) => byKind[k]).filter((s): s is ServerStatus => s !== undefined);
  return (
    <header className="app-header">
      <div className="brand">
        ProvKit{info && <span className="brand-version">v{info.version}</span>}
      </div>
      <div className="engine-info">
        {info ? (
          <>
            <span className="engine-mode">{info.mode === 'desktop' ? 'Desktop' : 'Headless'}</span>
            <span className="engine-root" title={`Provisioning root: ${info.provisioningRoot}`}>
              Root: <code>{info.provisioningRoot}</code>
            </span>
          </>
        ) : engineError ? (
          <span className="engine-error">Engine: {engineError.message}</span>
        ) : (
          <span className="muted">Connecting to engine…</span>
        )}
      </div>
      <div className={`server-chips${connected ? '' : ' engine-gone'}`} aria-label="Servers">
        {!connected && servers.length > 0 && <span className="muted engine-gone-text">engine not connected</span>}
        {servers.map((s) => (
          <ServerChip key={s.kind} s={s} connected={connected} />
        ))}
      </div>
    </header>
  );
}
