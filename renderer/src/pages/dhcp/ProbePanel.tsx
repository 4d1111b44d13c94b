/**
 * Probe as a phone: pick the phone, send one DISCOVER (never a REQUEST), read the verdict in one
 * sentence, the warnings, and the offers side by side (differences marked).
 */
import { useState } from 'react';
import type { ProbeProfileId } from '../../../../shared/dhcp-dto';
import { ErrorBox } from '../../components/ErrorBox';
import { useApp, useStores } from '../../store/context';

const PROFILES: Array<[ProbeProfileId, string]> = [
  ['vvx400', 'Polycom VVX 400'],
  ['spip650', 'Polycom SoundPoint IP 650'],
  ['audiocodes-420hd', 'AudioCodes 420HD'],
  ['toshiba-ip5000', 'Toshiba IP5000'],
  ['custom', 'Other client'],
];

/** The probe section. */
export function ProbePanel() {
  const stores = useStores();
  const result = useApp('dhcp', (s) => s.probe);
  const busy = useApp('dhcp', (s) => s.busy.probe);
  const error = useApp('dhcp', (s) => s.errors.probe);
  const settings = useApp('dhcp', (s) => s.status?.settings);
  const [profile, setProfile] = useState<ProbeProfileId>('vvx400');
  const [mac, setMac] = useState('');
  const [inform, setInform] = useState(false);
  const [flagOff, setFlagOff] = useState(false);
  const run = () => void stores.dhcp.getState().runProbe({ profile, ...(mac ? { mac } : {}), ...(inform ? { inform } : {}), ...(flagOff ? { broadcastFlag: false } : {}) });
  return (
    <section className="dhcp-section" aria-labelledby="dhcp-probe">
      <h2 id="dhcp-probe">Probe as a phone</h2>
      <form className="dhcp-row" onSubmit={(e) => (e.preventDefault(), run())}>
        <label>
          Phone{' '}
          <select value={profile} onChange={(e) => setProfile(e.target.value as ProbeProfileId)}>
            {PROFILES.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          MAC <input value={mac} onChange={(e) => setMac(e.target.value)} placeholder="vendor prefix + random" size={17} />
        </label>
        <label className="field-check">
          <input type="checkbox" checked={inform} onChange={(e) => setInform(e.target.checked)} /> DHCPINFORM from this computer
        </label>
        <label className="field-check">
          <input type="checkbox" checked={flagOff} onChange={(e) => setFlagOff(e.target.checked)} /> Broadcast flag off
        </label>
        <label>
          Next-server (siaddr/file){' '}
          <select value={settings?.nextServer ?? 'auto'} onChange={(e) => void stores.dhcp.getState().configure({ nextServer: e.target.value as 'auto' })} aria-label="Whether the verdict uses next-server">
            <option value="auto">used by generic clients only</option>
            <option value="use">phones use it</option>
            <option value="ignore">ignored</option>
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !settings?.iface}>
          {busy ? 'Listening for offers…' : 'Probe'}
        </button>
        {!settings?.iface && <span className="dhcp-muted">Pick an interface first.</span>}
      </form>
      <p className="dhcp-note">
        Sends one DISCOVER like that phone (its vendor class and requested options) and collects every answer for 4 s. It never takes a lease. Polycom verdicts assume boot server mode “{settings?.polycomMode ?? 'custom+66'}” with custom option {settings?.polycomCustomOption ?? 160}.
      </p>
      {error && <ErrorBox error={error} title="The probe could not run" />}
      {result && (
        <div className="dhcp-probe-result">
          <p className={`dhcp-verdict ${result.offers.length === 1 && result.offers[0]!.bootServer ? 'ok' : 'warn'}`} role="status" data-testid="dhcp-verdict">
            {result.verdict}
          </p>
          {result.warnings.length > 0 && (
            <ul className="dhcp-warnings">
              {result.warnings.map((w) => (
                <li key={w}>⚠ {w}</li>
              ))}
            </ul>
          )}
          {result.offers.length > 0 && (
            <div className="table-wrap">
              <table className="data-table dhcp-diff">
                <thead>
                  <tr>
                    <th>Option</th>
                    {result.offers.map((o) => (
                      <th key={`${o.server}-${o.from}`}>
                        {o.server} <span className="dhcp-muted">{o.messageType}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.diff.map((d) => (
                    <tr key={`${d.code}-${d.name}`} className={d.same || result.offers.length < 2 ? undefined : 'dhcp-differs'}>
                      <th scope="row">
                        {d.code ? `${d.code} ` : ''}
                        {d.name}
                        {!d.same && result.offers.length > 1 && <span className="badge badge-warn">differs</span>}
                      </th>
                      {d.values.map((v, i) => (
                        <td key={i} className="mono dhcp-value">
                          {v ?? '—'}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="dhcp-muted">
            {result.inform ? 'DHCPINFORM' : 'DISCOVER'} {result.xid} from {result.mac} to {result.sentTo}
          </p>
        </div>
      )}
    </section>
  );
}
