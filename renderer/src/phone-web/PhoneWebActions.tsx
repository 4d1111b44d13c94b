/**
 * The phone page's web-UI section: where the phone's web UI is, what it says about itself, and the
 * actions — read info, set boot server, reboot, restart, check-sync, factory reset (with a
 * confirmation naming the phone) — each followed until verified, with the outcome and its fix.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { PhoneActionProgress } from '../../../shared/api-phones';
import { formatMac } from '../../../shared/mac';
import { DIALECT_LABELS, endpointLabel, type PhoneEndpoint } from '../../../shared/phone-web';
import { ErrorBox } from '../components/ErrorBox';
import { useApp, useStores } from '../store/context';
import { ACTION_LABEL, ActionBadge, ActionDetail } from './ActionState';
import { BootServerForm } from './BootServerForm';
import { ConfirmBox } from './ConfirmBox';
import './phone-web.css';

type Panel = 'none' | 'bootServer' | 'reset';

/** Parse what the technician typed as the phone's address (`10.0.0.5`, `10.0.0.5:8080`, `https://10.0.0.5`). */
export function parseAddress(text: string): PhoneEndpoint | undefined {
  const m = /^\s*(https?:\/\/)?([^\s/:]+|\[[^\]]+\])(?::(\d{1,5}))?\/?\s*$/i.exec(text);
  if (!m) return undefined;
  const https = m[1]?.toLowerCase() === 'https://';
  return { host: m[2]!.replace(/^\[|\]$/g, ''), ...(m[3] ? { port: Number(m[3]) } : {}), ...(m[1] ? { https } : {}) };
}

/**
 * The section.
 * @param props.mac the phone (12 lowercase hex digits)
 */
export function PhoneWebActions({ mac }: { mac: string }) {
  const id = useId();
  const stores = useStores();
  const web = useApp('phoneWeb', (s) => s.phones);
  const loaded = useApp('phoneWeb', (s) => s.loaded);
  const rows = useApp('phoneWeb', (s) => s.rows);
  const busy = useApp('phoneWeb', (s) => s.busy[mac]);
  const info = useApp('phoneWeb', (s) => s.info[mac]);
  const infoError = useApp('phoneWeb', (s) => s.infoError[mac]);
  const summary = useApp('phones', (s) => s.byMac[mac]);
  const [panel, setPanel] = useState<Panel>('none');
  const [typed, setTyped] = useState('');

  useEffect(() => {
    if (!loaded) void stores.phoneWeb.getState().load();
  }, [loaded, stores]);

  const known = useMemo(() => Object.values(web).find((p) => p.mac === mac), [web, mac]);
  const typedEndpoint = typed ? parseAddress(typed) : undefined;
  const target = typedEndpoint ? { ...typedEndpoint, mac } : known ? { host: known.host, port: known.port, https: known.https, mac } : summary?.lastAddress ? { mac } : undefined;
  const where = typedEndpoint ? endpointLabel(typedEndpoint) : known ? endpointLabel(known) : summary?.lastAddress;
  const last = useMemo(() => Object.values(rows).filter((r) => r.mac === mac).sort((a, b) => b.startedAt - a.startedAt)[0], [rows, mac]);
  const model = info?.model ?? known?.info?.model ?? summary?.model;
  const phoneName = `${model ? `${model} ` : ''}${formatMac(mac)}${where ? ` at ${where}` : ''}`;
  const api = stores.phoneWeb.getState();
  const run = (name: 'phoneReboot' | 'phoneRestart' | 'phoneCheckSync') => {
    if (!target) return;
    void api.act(name, { target } as never, mac);
  };
  const shown = info ?? known?.info;

  return (
    <section className="phone-web" aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`} className="section-title">
          Web UI
        </h2>
        {where && (
          <span className="muted">
            {where}
            {(shown?.dialect ?? known?.dialect) && ` — ${DIALECT_LABELS[(shown?.dialect ?? known?.dialect)!]}`}
          </span>
        )}
      </div>
      <div className="phone-web-address">
        <label htmlFor={`${id}-addr`}>{target ? 'Another address' : 'Phone address'}</label>
        <input id={`${id}-addr`} value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={where ?? '10.0.0.5 or https://10.0.0.5'} aria-invalid={typed !== '' && !typedEndpoint} />
        {!target && <span className="hint">ProvKit does not know this phone’s address yet: type it (Menu › Settings › Status › Network › TCP/IP Parameters).</span>}
      </div>
      <div className="phone-web-buttons" role="group" aria-label="Phone actions">
        <button type="button" className="btn" disabled={!target || !!busy} onClick={() => target && void api.readInfo({ target }, mac)}>
          {busy === 'info' ? 'Reading…' : 'Read info'}
        </button>
        <button type="button" className="btn" disabled={!target || !!busy} aria-expanded={panel === 'bootServer'} onClick={() => setPanel(panel === 'bootServer' ? 'none' : 'bootServer')}>
          Set boot server…
        </button>
        <button type="button" className="btn" disabled={!target || !!busy} onClick={() => run('phoneReboot')}>
          {busy === 'reboot' ? 'Rebooting…' : 'Reboot'}
        </button>
        <button type="button" className="btn" disabled={!target || !!busy} onClick={() => run('phoneRestart')}>
          {busy === 'restart' ? 'Restarting…' : 'Restart'}
        </button>
        <button type="button" className="btn" disabled={!target || !!busy} onClick={() => run('phoneCheckSync')} title="SIP NOTIFY check-sync: the phone re-reads its configuration">
          {busy === 'checkSync' ? 'Sending…' : 'Check-sync'}
        </button>
        <button type="button" className="btn btn-danger-outline" disabled={!target || !!busy} onClick={() => setPanel('reset')}>
          Factory reset…
        </button>
      </div>
      {infoError && <ErrorBox error={infoError} title="Could not read the phone" />}
      {shown && (
        <dl className="facts phone-web-facts">
          <div>
            <dt>Model</dt>
            <dd>
              {shown.model ?? '—'} {shown.partNumber && <span className="muted">({shown.partNumber})</span>}
            </dd>
          </div>
          <div>
            <dt>UC software</dt>
            <dd>{shown.appVersion ?? '—'}</dd>
          </div>
          <div>
            <dt>Updater / BootROM</dt>
            <dd>{shown.updaterVersion ?? '—'}</dd>
          </div>
          <div>
            <dt>IP (as the phone says)</dt>
            <dd className="mono">{shown.ip ?? '—'}</dd>
          </div>
        </dl>
      )}
      {panel === 'bootServer' && target && (
        <BootServerForm
          busy={busy === 'setBootServer'}
          onSubmit={async ({ settings, reboot }) => {
            setPanel('none');
            await api.act('phoneSetBootServer', { target, settings, reboot }, mac);
          }}
        />
      )}
      {panel === 'reset' && target && (
        <ConfirmBox
          title={`Reset ${phoneName} to factory settings?`}
          confirmLabel={`Reset ${formatMac(mac)}`}
          onCancel={() => setPanel('none')}
          onConfirm={() => {
            setPanel('none');
            void api.act('phoneFactoryReset', { target, confirm: mac }, mac);
          }}
        >
          <p>
            Every setting made on this phone is lost: its provisioning server, lines and admin password (back to 456). This is the AltiGen MAXCS Polycom Configuration Guide’s Step 1 (Utilities › Phone Backup &amp; Restore › Restore). ProvKit only sends the reset if
            the phone at that address really is {formatMac(mac)}.
          </p>
        </ConfirmBox>
      )}
      {last && <LastAction row={last} />}
    </section>
  );
}

function LastAction({ row }: { row: PhoneActionProgress }) {
  return (
    <div className={`last-action state-${row.state}`} aria-live="polite">
      <div className="last-action-head">
        <strong>{ACTION_LABEL[row.action]}</strong> <ActionBadge state={row.state} />
      </div>
      <ActionDetail row={row} full />
    </div>
  );
}
