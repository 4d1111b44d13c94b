/**
 * Option builders: boot server URL (66/160), Polycom VLAN string, Toshiba option 43 → exact values
 * and ready-to-paste snippets for seven DHCP servers, each with a copy button.
 */
import { useState } from 'react';
import type { RequestArgs } from '../../../../shared/api';
import { CopyButton } from '../../components/CopyButton';
import { ErrorBox } from '../../components/ErrorBox';
import { useApp, useStores } from '../../store/context';

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
  const [server, setServer] = useState('dnsmasq');
  const build = () => {
    const args: RequestArgs<'dhcpBuild'> = {
      ...(url ? { bootUrl: url, bootOptions: opts } : {}),
      ...(vlan ? { vlan: Number(vlan) } : {}),
      ...(toshiba ? { toshiba: { serverIp: toshiba, ...(tVlan ? { vlanEnabled: true, phoneVlan: Number(tVlan) } : {}) } } : {}),
    };
    void stores.dhcp.getState().runBuild(args);
  };
  return (
    <section className="dhcp-section" aria-labelledby="dhcp-build">
      <h2 id="dhcp-build">Build options for your DHCP server</h2>
      <form className="dhcp-grid" onSubmit={(e) => (e.preventDefault(), build())}>
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
          Toshiba IPedge server <input value={toshiba} onChange={(e) => setToshiba(e.target.value)} placeholder="192.168.100.39" size={15} />
        </label>
        <label>
          Toshiba phone VLAN <input value={tVlan} onChange={(e) => setTVlan(e.target.value.replace(/\D/g, ''))} size={6} />
        </label>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!url && !vlan && !toshiba}>
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
          {result.options.map((o) => {
            const snip = o.snippets.find((s) => s.server === server)!;
            return (
              <div key={o.code} className="dhcp-built-option">
                <p>
                  <strong>
                    Option {o.code} ({o.name})
                  </strong>{' '}
                  {o.valueKind === 'hex' ? 'hex ' : ''}
                  <code className="dhcp-value">{o.value}</code> <CopyButton text={o.value} label={`Copy the value of option ${o.code}`} />
                </p>
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
