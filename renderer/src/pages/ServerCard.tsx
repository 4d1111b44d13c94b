/**
 * One server's card: state, address, boot server URL, start/stop, settings and errors.
 */
import type { RequestArgs } from '../../../shared/api';
import type { AllowPortResult } from '../../../shared/api-desktop';
import type { InterfaceAddress, ServerStatus } from '../../../shared/dto';
import { TFTP_PORT_69_NOTE } from '../../../shared/ports';
import type { ErrorInfo } from '../api/errors';
import { CopyButton } from '../components/CopyButton';
import { AllowPortFix } from '../components/AllowPortFix';
import { ErrorBox } from '../components/ErrorBox';
import { ServerState, serverPort } from '../components/ServerState';
import { TransferActivity } from '../components/TransferActivity';
import type { ServerAction } from '../store/servers';
import { ServerSettingsForm } from './ServerSettingsForm';

const OPTION_LABEL: Record<string, string> = {
  pathPrefix: 'Path prefix',
  factoryAccount: 'Factory account',
  basicAuth: 'Password required',
  passivePorts: 'Passive ports',
  maxTransfers: 'Transfers at once (max)',
  maxWindowsize: 'Largest window (blocks)',
};

/**
 * A server option for people.
 * @param key option name from `ServerStatus.options`
 * @param value its value
 * @returns `[label, text]`, e.g. `['Factory account', 'accepted']`
 */
export function optionText(key: string, value: string | number | boolean): [string, string] {
  const label = OPTION_LABEL[key] ?? key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
  if (key === 'factoryAccount') return [label, value ? 'PlcmSpIp accepted' : 'refused'];
  if (typeof value === 'boolean') return [label, value ? 'yes' : 'no'];
  if (value === '') return [label, 'none'];
  return [label, String(value)];
}

const NAME: Record<ServerStatus['kind'], string> = { http: 'HTTP server', ftp: 'FTP server', tftp: 'TFTP server' };
const BUSY_LABEL: Record<ServerAction, string> = { starting: 'Starting…', stopping: 'Stopping…', saving: 'Saving…' };

function UsePortButton({ port, disabled, onUse }: { port: number; disabled: boolean; onUse: (port: number) => void }) {
  return (
    <button type="button" className="btn btn-primary" disabled={disabled} onClick={() => onUse(port)}>
      Use port {port} instead
    </button>
  );
}

/** What the card can ask the store to do. */
export interface ServerCardActions {
  start(): void;
  stop(): void;
  configure(args: RequestArgs<'configureServer'>): void;
  usePort(port: number): void;
  /** Desktop on Linux only: allow privileged ports via pkexec, then start (AllowPortFix). */
  allowPort?(): void;
}

/**
 * A server card.
 * @param props.server status from the engine
 * @param props.interfaces addresses to bind to
 * @param props.busy action in progress, if any
 * @param props.actionError last failed action on this server
 * @param props.actions callbacks into the servers store
 */
export function ServerCard({
  server: s,
  interfaces,
  busy,
  actionError,
  actions,
  portFix,
  allowFrom,
  engineGone = false,
}: {
  server: ServerStatus;
  interfaces: InterfaceAddress[];
  busy?: ServerAction;
  actionError?: ErrorInfo;
  actions: ServerCardActions;
  /** Outcome of the last "Allow ports" attempt. */
  portFix?: AllowPortResult;
  /** The port "Allow ports from N" opens from: the lowest privileged port of all servers. */
  allowFrom?: number;
  /** The engine is not connected: the state shown is unknown (grey), not the last one received. */
  engineGone?: boolean;
}) {
  const running = s.state === 'listening' || s.state === 'starting';
  const titleId = `server-${s.kind}-title`;
  const formKey = JSON.stringify([s.bind, s.port, s.options]);
  const errors: Array<ErrorInfo & { alternativePort?: number }> = [];
  if (s.error) errors.push(s.error);
  if (actionError && actionError.message !== s.error?.message) errors.push(actionError);
  return (
    <article className={`card server-card state-${s.state}`} aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>{NAME[s.kind]}</h2>
        <ServerState state={engineGone ? 'unknown' : s.state} />
        <div className="spacer" />
        <button
          type="button"
          className={running ? 'btn' : 'btn btn-primary'}
          disabled={busy !== undefined || engineGone}
          onClick={running ? actions.stop : actions.start}
        >
          {busy ? BUSY_LABEL[busy] : running ? 'Stop' : 'Start'}
        </button>
      </div>

      {errors.map((e, i) => (
        <ErrorBox key={i} error={e} title={i === 0 && s.state === 'error' ? `The ${s.kind.toUpperCase()} server could not start` : undefined}>
          {e.alternativePort !== undefined && (
            <UsePortButton port={e.alternativePort} disabled={busy !== undefined} onUse={actions.usePort} />
          )}
          {e.alternativePort !== undefined && s.kind === 'tftp' && (
            <p className="hint tftp-69-note" role="note">
              {TFTP_PORT_69_NOTE}
            </p>
          )}
          {actions.allowPort && (e.code === 'EACCES' || e.code === 'EPERM') && s.port > 0 && s.port < 1024 && (
            <AllowPortFix port={allowFrom ?? s.port} disabled={busy !== undefined} result={portFix} onAllow={actions.allowPort} />
          )}
        </ErrorBox>
      ))}

      <dl className="facts">
        <div>
          <dt>Address</dt>
          <dd className="mono">
            {s.bind}:{serverPort(s)}
          </dd>
        </div>
        <div>
          <dt>Transfers now</dt>
          <dd>{s.activeTransfers}</dd>
        </div>
        {Object.entries(s.options).map(([k, v]) => {
          const [label, text] = optionText(k, v);
          return (
            <div key={k}>
              <dt>{label}</dt>
              <dd>{text}</dd>
            </div>
          );
        })}
      </dl>
      <TransferActivity server={s} />
      <div className="boot-url">
        <span className="boot-url-label">Boot server for phones</span>
        {s.url && s.state === 'listening' && !engineGone ? (
          <span className="boot-url-value">
            <code>{s.url}</code> <CopyButton text={s.url} label={`Copy the ${s.kind.toUpperCase()} boot server address`} />
          </span>
        ) : (
          <span className="muted">{engineGone ? 'Not known while the engine is not connected.' : 'Start the server to get the address to give phones.'}</span>
        )}
        {isLoopback(s.bind) && (
          <p className="hint loopback-hint" role="note">
            Bound to {s.bind}: only this computer can reach it. Open <strong>Settings</strong> and pick the network
            interface the phones are on.
          </p>
        )}
      </div>
      <details className="settings">
        <summary>Settings</summary>
        <ServerSettingsForm key={formKey} server={s} interfaces={interfaces} busy={busy !== undefined} onApply={actions.configure} />
      </details>
    </article>
  );
}

/**
 * Is this bind address reachable only from this computer (127.0.0.0/8, ::1, localhost)?
 * @param bind the server's bind address
 */
export function isLoopback(bind: string): boolean {
  return bind === 'localhost' || bind === '::1' || /^127\./.test(bind);
}
