/**
 * Option builders: boot server URL (66/160), Polycom VLAN string, the Genesys CIC guide's records
 * (2, 4/42, 6, 15, recovery 66/67/132), Toshiba option 43 → exact values and ready-to-paste
 * snippets for seven DHCP servers, each with a copy button, and the sources' warnings.
 */
import { useState } from 'react';
import type { RequestArgs } from '../../../../shared/api';
import { readTimeOffset } from '../../../../shared/dhcp-time-offset';
import { CopyButton } from '../../components/CopyButton';
import { ErrorBox } from '../../components/ErrorBox';
import { useApp, useStores } from '../../store/context';

type Family = NonNullable<RequestArgs<'dhcpBuild'>['family']>;

/** Models with a recovery firmware file in the Genesys CIC guide (option 67). */
const RECOVERY_MODELS = ['SIP100', 'SIP200', '405', '405HD', '420HD', '430HD', '440HD'];

/** The builder section. */
export function BuilderPanel() {
  const stores = useStores();
  const result = useApp('dhcp', (s) => s.build);
  const error = useApp('dhcp', (s) => s.errors.build);
  const [url, setUrl] = useState('');
  const [opts, setOpts] = useState<Array<66 | 160>>([160, 66]);
  const [vlan, setVlan] = useState('');
  const [toshiba, setToshiba] = useState('');
  const [tVlan, setTVlan] = useState('');
  const [tNul, setTNul] = useState<'without-nul' | 'with-nul'>('without-nul');
  const [family, setFamily] = useState<Family | ''>('');
  const [cic, setCic] = useState(false);
  const [offset, setOffset] = useState('');
  const [offsetError, setOffsetError] = useState('');
  const [ntp, setNtp] = useState('');
  const [dns, setDns] = useState('');
  const [domain, setDomain] = useState('');
  const [tftp, setTftp] = useState('');
  const [recVlan, setRecVlan] = useState('');
  const [models, setModels] = useState<string[]>([]);
  const [server, setServer] = useState('dnsmasq');
  const list = (v: string) => v.split(/[\s,]+/).filter(Boolean);
  const build = () => {
    const seconds = offset.trim() === '' ? undefined : readTimeOffset(offset);
    if (offset.trim() !== '' && seconds === undefined) return setOffsetError(`"${offset}" is neither seconds (-18000) nor the hexadecimal form (FFFF.B9B0)`);
    setOffsetError('');
    const args: RequestArgs<'dhcpBuild'> = {
      ...(family ? { family } : {}),
      ...(cic ? { procedure: 'cic' as const } : {}),
      ...(url ? { bootUrl: url, bootOptions: opts } : {}),
      ...(vlan ? { vlan: Number(vlan) } : {}),
      ...(recVlan ? { recoveryVlan: Number(recVlan) } : {}),
      ...(seconds !== undefined ? { timeOffset: seconds } : {}),
      ...(ntp ? { ntpServers: list(ntp) } : {}),
      ...(dns ? { dnsServers: list(dns) } : {}),
      ...(domain ? { domainName: domain } : {}),
      ...(tftp ? { tftpServer: tftp } : {}),
      ...(models.length ? { recoveryModels: models } : {}),
      ...(toshiba ? { toshiba: { serverIp: toshiba, vendorClass: tNul, ...(tVlan ? { vlanEnabled: true, phoneVlan: Number(tVlan) } : {}) } } : {}),
    };
    void stores.dhcp.getState().runBuild(args);
  };
  const anything = url || vlan || recVlan || offset || ntp || dns || domain || tftp || models.length || toshiba;
  return (
    <section className="dhcp-section" aria-labelledby="dhcp-build">
      <h2 id="dhcp-build">Build options for your DHCP server</h2>
      <form className="dhcp-grid" onSubmit={(e) => (e.preventDefault(), build())}>
        <label>
          Phones{' '}
          <select
            value={family}
            onChange={(e) => {
              const f = e.target.value as Family | '';
              setFamily(f);
              // A family reads option 160 by default (Polycom: the CIC guide advises against 66).
              setOpts(f ? [160] : [160, 66]);
            }}
          >
            <option value="">any (options 160 and 66)</option>
            <option value="polycom">Polycom (option 160 only)</option>
            <option value="audiocodes">AudioCodes 4xxHD</option>
            <option value="genesys">Genesys 4xxHD</option>
            <option value="iss">Interaction SIP Station I/II</option>
            <option value="sip-soft-phone">SIP Soft Phone</option>
            <option value="toshiba">Toshiba IP5000</option>
          </select>
        </label>
        <label className="field-check">
          <input type="checkbox" checked={cic} onChange={(e) => setCic(e.target.checked)} /> Genesys CIC site (apply the CIC guide's advice)
        </label>
        <label>
          Boot server URL <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="http://10.0.0.5/polycom/" size={32} />
        </label>
        <fieldset>
          <legend>Options</legend>
          {([160, 66] as const).map((c) => (
            <label key={c} className="field-check">
              <input type="checkbox" checked={opts.includes(c)} onChange={(e) => setOpts(e.target.checked ? [...opts, c] : opts.filter((x) => x !== c))} /> {c}
            </label>
          ))}
        </fieldset>
        <label>
          Polycom VLAN id <input value={vlan} onChange={(e) => setVlan(e.target.value.replace(/\D/g, ''))} placeholder="e.g. 100" size={6} />
        </label>
        <label>
          Time offset (option 2) <input value={offset} onChange={(e) => setOffset(e.target.value)} placeholder="-18000 or FFFF.B9B0" size={14} aria-invalid={Boolean(offsetError)} />
          {offsetError && <span className="field-error">{offsetError}</span>}
        </label>
        <label>
          NTP servers (option 42) <input value={ntp} onChange={(e) => setNtp(e.target.value)} placeholder="10.0.0.2, 10.0.0.3" size={22} />
        </label>
        <label>
          DNS servers (option 6) <input value={dns} onChange={(e) => setDns(e.target.value)} placeholder="10.250.1.5, 10.250.0.2" size={22} />
        </label>
        <label>
          DNS domain (option 15) <input value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="lab.voip" size={16} />
        </label>
        <label>
          Recovery TFTP server (option 66) <input value={tftp} onChange={(e) => setTftp(e.target.value)} placeholder="10.0.0.11" size={15} />
        </label>
        <label>
          Recovery VLAN id (option 132) <input value={recVlan} onChange={(e) => setRecVlan(e.target.value.replace(/\D/g, ''))} size={6} />
        </label>
        <fieldset>
          <legend>Recovery firmware (option 67, per vendor class)</legend>
          {RECOVERY_MODELS.map((m) => (
            <label key={m} className="field-check">
              <input type="checkbox" checked={models.includes(m)} onChange={(e) => setModels(e.target.checked ? [...models, m] : models.filter((x) => x !== m))} /> {m}
            </label>
          ))}
        </fieldset>
        <label>
          Toshiba IPedge server <input value={toshiba} onChange={(e) => setToshiba(e.target.value)} placeholder="192.168.100.39" size={15} />
        </label>
        <label>
          Toshiba phone VLAN <input value={tVlan} onChange={(e) => setTVlan(e.target.value.replace(/\D/g, ''))} size={6} />
        </label>
        <label>
          Toshiba vendor class sub-option{' '}
          <select value={tNul} onChange={(e) => setTNul(e.target.value as 'without-nul' | 'with-nul')}>
            <option value="without-nul">without NUL (length 0x0e)</option>
            <option value="with-nul">with NUL (length 0x0f, some DHCP servers need it)</option>
          </select>
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!anything}>
            Build
          </button>
        </div>
      </form>
      {error && <ErrorBox error={error} title="Cannot build these options" />}
      {result && result.options.length > 0 && (
        <div className="dhcp-built">
          <label>
            Show snippets for{' '}
            <select value={server} onChange={(e) => setServer(e.target.value)}>
              {result.options[0]!.snippets.map((s) => (
                <option key={s.server} value={s.server}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
          {(result.warnings ?? []).map((w) => (
            <p key={w} className="dhcp-warning" role="alert">
              {w}
            </p>
          ))}
          {result.options.map((o) => {
            const snip = o.snippets.find((s) => s.server === server)!;
            return (
              <div key={`${o.code}-${o.vendorClass ?? ''}`} className="dhcp-built-option">
                <p>
                  <strong>
                    Option {o.code} ({o.name}){o.vendorClass ? ` for vendor class “${o.vendorClass}”` : ''}
                  </strong>{' '}
                  {o.valueKind === 'hex' ? 'hex ' : ''}
                  <code className="dhcp-value">{o.value}</code> <CopyButton text={o.value} label={`Copy the value of option ${o.code}`} />
                </p>
                {o.vendorClass && !snip.scopedTo && <p className="dhcp-note">This server cannot limit an option to a vendor class: this snippet sets it for every client.</p>}
                <pre className="dhcp-snippet">{snip.text}</pre>
                <CopyButton text={snip.text} label={`Copy the ${snip.title} snippet for option ${o.code}`} />
              </div>
            );
          })}
          <ul className="dhcp-notes">
            {result.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
