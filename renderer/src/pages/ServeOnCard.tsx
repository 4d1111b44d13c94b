/**
 * First run in one step: "Serve on this network card". Lists this computer's network cards
 * (refreshable), uses the standard ports (HTTP 80, FTP 21, TFTP 69), checks before starting
 * whether this computer lets ProvKit use them, and where it does not, shows ONE command covering
 * every one of them (the lowest port; shared/ports.ts) — or the high ports instead, saying plainly
 * which phones cannot follow TFTP to another port.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ServerKind } from '../../../shared/dto';
import { STANDARD_PORTS, lowestPrivilegedPort, sysctlCommandFor, TFTP_PORT_69_NOTE } from '../../../shared/ports';
import { CopyButton } from '../components/CopyButton';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';
import { SERVER_ORDER } from '../store/servers';
import { isLoopback } from './ServerCard';

/** High ports that need no admin rights (8000 + the standard port). */
const HIGH_PORTS: Record<ServerKind, number> = { http: 8000 + STANDARD_PORTS.http, ftp: 8000 + STANDARD_PORTS.ftp, tftp: 8000 + STANDARD_PORTS.tftp };
const STANDARD: Record<ServerKind, number> = { ...STANDARD_PORTS };

/** The first-run card at the top of the Servers page. */
export function ServeOnCard() {
  const stores = useStores();
  const api = stores.servers.getState();
  const interfaces = useApp('servers', (s) => s.interfaces);
  const byKind = useApp('servers', (s) => s.byKind);
  const access = useApp('servers', (s) => s.access);
  const serving = useApp('servers', (s) => s.serving);
  const serveError = useApp('servers', (s) => s.serveError);
  const allowResult = useApp('servers', (s) => s.allowResult);
  const canAllow = useApp('engine', (s) => s.info?.mode === 'desktop' && s.info.platform === 'linux');
  const cards = useMemo(() => interfaces.filter((i) => i.family === 'IPv4' && !i.internal), [interfaces]);
  const [chosen, setChosen] = useState('');
  // Default: the card the servers already use, else the first one.
  const current = byKind.http?.bind;
  const address = cards.some((c) => c.address === chosen) ? chosen : cards.some((c) => c.address === current) ? current! : (cards[0]?.address ?? '');
  const standardPorts = SERVER_ORDER.map((k) => STANDARD[k]);

  useEffect(() => {
    // Re-checked when the address changes (and after "Allow ports", by the store).
    if (address) void api.checkPorts(address, standardPorts);
  }, [address]);

  const refused = access?.bind === address ? access.ports.filter((p) => p.status === 'needs-admin') : [];
  const command = sysctlCommandFor(refused.map((p) => p.port));
  const lowest = lowestPrivilegedPort(refused.map((p) => p.port));
  const engineGone = useApp('connection', (c) => c.state === 'down');
  const servingHere = !engineGone && SERVER_ORDER.every((k) => byKind[k]?.bind === address && byKind[k]?.state === 'listening');
  const onLoopbackOnly = SERVER_ORDER.every((k) => !byKind[k] || isLoopback(byKind[k]!.bind));
  const serve = (ports: Record<ServerKind, number>) => void api.serveOn(address, ports);

  return (
    <article className={`card serve-on-card${onLoopbackOnly ? ' first-run' : ''}`} aria-labelledby="serve-on-title">
      <div className="card-head">
        <h2 id="serve-on-title">Serve on this network card</h2>
      </div>
      {onLoopbackOnly && <p className="hint">The servers only answer this computer for now. Pick the network card the phones are on.</p>}
      <div className="serve-on-row">
        <label>
          Network card{' '}
          <select value={address} onChange={(e) => setChosen(e.target.value)} disabled={!cards.length}>
            {cards.map((c) => (
              <option key={`${c.name}-${c.address}`} value={c.address}>
                {c.name} — {c.address}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void api.loadInterfaces().then(() => (address ? api.checkPorts(address, standardPorts) : undefined))}
          title="Read the network cards again and check the ports again"
        >
          Refresh
        </button>
        {!cards.length && <span className="muted">No network card with an IPv4 address: plug in the cable or join the network, then refresh.</span>}
      </div>
      <p className="serve-on-ports">
        Standard ports: HTTP {STANDARD.http}, FTP {STANDARD.ftp}, TFTP {STANDARD.tftp}.
      </p>
      {command && (
        <div className="serve-on-admin" role="note">
          <p>
            This computer lets only admin programs use ports below 1024, so ports {refused.map((p) => p.port).join(', ')} are refused. One command allows
            all of them until the next reboot (every port from {lowest} up):
          </p>
          <p className="boot-url-value">
            <code>{command}</code> <CopyButton text={command} label="Copy the command" />
          </p>
          {canAllow && lowest !== undefined && (
            <button type="button" className="btn" onClick={() => void api.allowFrom(lowest, address, standardPorts)}>
              Allow ports from {lowest} until reboot (asks for the admin password)
            </button>
          )}
          {allowResult && <p className={allowResult.ok ? 'ok-text' : 'error-text'}>{allowResult.message}</p>}
        </div>
      )}
      <p className="hint tftp-69-note" role="note">
        {TFTP_PORT_69_NOTE}
      </p>
      <div className="serve-on-actions">
        <button type="button" className={servingHere ? 'btn' : 'btn btn-primary'} disabled={!address || serving || engineGone} onClick={() => serve(STANDARD)}>
          {serving ? 'Starting…' : `Serve on ${address || '…'} (ports ${STANDARD.http}, ${STANDARD.ftp}, ${STANDARD.tftp})`}
        </button>
        {command && (
          <button type="button" className="btn" disabled={!address || serving || engineGone} onClick={() => serve(HIGH_PORTS)}>
            Use ports {HIGH_PORTS.http}, {HIGH_PORTS.ftp}, {HIGH_PORTS.tftp} instead (no admin rights; not for the phones above)
          </button>
        )}
        {servingHere && <span className="ok-text">Serving on {address}: give phones the addresses below.</span>}
      </div>
      {serveError && <ErrorBox error={serveError} title="Could not set the servers up" />}
    </article>
  );
}
