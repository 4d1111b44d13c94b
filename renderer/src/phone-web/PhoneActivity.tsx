/**
 * The phone page's activity besides its file requests: web-UI actions done on it (with their
 * outcome) and the syslog lines it sent (joined by source address → MAC).
 */
import { useEffect, useMemo } from 'react';
import { useApp, useStores } from '../store/context';
import { ActionTable } from './ActionState';
import { SyslogTable } from './SyslogPanel';

/**
 * The section.
 * @param props.mac the phone
 */
export function PhoneActivity({ mac }: { mac: string }) {
  const stores = useStores();
  const rows = useApp('phoneWeb', (s) => s.rows);
  const lines = useApp('phoneAdmin', (s) => s.lines);
  const status = useApp('phoneAdmin', (s) => s.syslog);
  useEffect(() => {
    if (!status) void stores.phoneAdmin.getState().loadSyslog();
  }, [status, stores]);
  const actions = useMemo(() => Object.values(rows).filter((r) => r.mac === mac).sort((a, b) => b.startedAt - a.startedAt).slice(0, 20), [rows, mac]);
  const mine = useMemo(() => lines.filter((l) => l.mac === mac), [lines, mac]);
  return (
    <section className="phone-activity" aria-label="Web-UI actions and syslog">
      {actions.length > 0 && (
        <>
          <h2 className="section-title">Web-UI actions</h2>
          <ActionTable rows={actions} first="action" caption="Web-UI actions on this phone, newest first" />
        </>
      )}
      <h2 className="section-title">
        Syslog <span className="muted">({mine.length})</span>
      </h2>
      {status && !status.enabled && mine.length === 0 ? <p className="muted">The syslog receiver is off (turn it on under Phones › Syslog receiver).</p> : <SyslogTable lines={mine} showPhone={false} />}
    </section>
  );
}
