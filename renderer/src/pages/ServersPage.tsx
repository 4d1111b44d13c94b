/**
 * The Servers page: one card per provisioning server.
 */
import { useEffect } from 'react';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';
import { SERVER_ORDER } from '../store/servers';
import { lowestPrivilegedPort } from '../../../shared/ports';
import { ServeOnCard } from './ServeOnCard';
import { ProvisioningAccessCard } from './ProvisioningAccessCard';
import { ServerCard } from './ServerCard';

/** The Servers page; loads the interface list when shown. */
export function ServersPage() {
  const stores = useStores();
  const byKind = useApp('servers', (s) => s.byKind);
  const interfaces = useApp('servers', (s) => s.interfaces);
  const busy = useApp('servers', (s) => s.busy);
  const actionErrors = useApp('servers', (s) => s.actionErrors);
  const loaded = useApp('servers', (s) => s.loaded);
  const error = useApp('servers', (s) => s.error);
  const root = useApp('engine', (s) => s.info?.provisioningRoot);
  // pkexec fix only where it can work: the desktop app on Linux (headless shows the command).
  const canAllowPorts = useApp('engine', (s) => s.info?.mode === 'desktop' && s.info.platform === 'linux');
  const portFix = useApp('servers', (s) => s.portFix);
  const engineGone = useApp('connection', (s) => s.state === 'down');

  useEffect(() => {
    void stores.servers.getState().loadInterfaces();
  }, [stores]);

  const api = stores.servers.getState();
  // One fix for every server: allowing the lowest privileged port any server uses covers the others.
  const allowFrom = (port: number) => lowestPrivilegedPort([port, ...SERVER_ORDER.map((k) => byKind[k]?.port ?? 0)]) ?? port;
  return (
    <section className="page" aria-labelledby="servers-title">
      <div className="page-head">
        <h1 id="servers-title">Servers</h1>
      </div>
      <p className="lead">
        The servers phones download their files from{root && (
          <>
            {' '}
            (provisioning root <code>{root}</code>)
          </>
        )}
        . Give a phone the boot server address of a listening server.
      </p>
      {error && <ErrorBox error={error} title="Could not talk to the engine about its servers" />}
      {!loaded && !error && <p className="muted">Loading servers…</p>}
      {loaded && <ServeOnCard />}
      <div className="cards">
        {SERVER_ORDER.map((kind) => {
          const s = byKind[kind];
          if (!s) return null;
          return (
            <ServerCard
              key={kind}
              server={s}
              interfaces={interfaces}
              busy={busy[kind]}
              actionError={actionErrors[kind]}
              portFix={portFix[kind]}
              allowFrom={allowFrom(s.port)}
              engineGone={engineGone}
              actions={{
                ...(canAllowPorts ? { allowPort: () => void api.allowPort(kind, allowFrom(s.port)) } : {}),
                start: () => void api.start(kind),
                stop: () => void api.stop(kind),
                configure: (args) => void api.configure(args),
                usePort: (port) => void api.usePort(kind, port),
              }}
            />
          );
        })}
        <ProvisioningAccessCard />
      </div>
    </section>
  );
}
