/**
 * Top bar: product name, engine mode and provisioning root, and each server's state at a glance.
 */
import type { ServerStatus } from '../../../shared/dto';
import { SERVER_ORDER } from '../store/servers';
import { useApp } from '../store/context';
import { hrefFor } from '../routing';
import { ServerState, serverPort, serverStateLabel } from './ServerState';

function ServerChip({ s }: { s: ServerStatus }) {
  const name = s.kind.toUpperCase();
  return (
    <a className={`server-chip state-${s.state}`} href={hrefFor({ area: 'servers' })} title={`${name} server: ${serverStateLabel(s.state)}`}>
      <span>
        {name} :{serverPort(s)}
      </span>{' '}
      <ServerState state={s.state} compact />
    </a>
  );
}

/** The header bar; reads the engine and servers stores. */
export function AppHeader() {
  const info = useApp('engine', (s) => s.info);
  const engineError = useApp('engine', (s) => s.error);
  const byKind = useApp('servers', (s) => s.byKind);
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
      <div className="server-chips" aria-label="Servers">
        {servers.map((s) => (
          <ServerChip key={s.kind} s={s} />
        ))}
      </div>
    </header>
  );
}
