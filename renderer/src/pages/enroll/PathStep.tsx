/**
 * Wizard step 4 — how to enter the boot server: automatically through the phone's web page, or on
 * the keypad: the Normal path when the phone is at the idle screen, the Boot path when it keeps
 * printing "Unable to contact boot server" and rebooting (MegaPath IP650/IP670 Enrollment Guide,
 * "Enrollment Process (Normal)" and "(Boot)"). Toshiba and Interaction phones get their server from
 * DHCP instead.
 */
import { useId } from 'react';
import type { Enrollment } from '../../../../shared/api-enroll';
import { hrefFor } from '../../routing';
import { useApp } from '../../store/context';
import type { StepProps } from './Wizard';

const DHCP_NOTE: Record<'toshiba' | 'iss' | 'audiocodes', string> = {
  toshiba:
    'An IP5000 at factory defaults finds its IPedge server through DHCP: option 60 vendor class “TOSHIBA IPedge” and option 43 with the server address (Toshiba IPedge IP Telephone Auto Configuration guide, Table 1).',
  iss: 'An Interaction SIP Station gets its provisioning server from DHCP options 160/66 (Genesys CIC Managed IP Phones guide, “DHCP options”).',
  audiocodes: 'An AudioCodes 4xxHD at factory defaults takes its provisioning server from DHCP option 160, then 66/67, then 43; in recovery mode it needs options 66, 67 (its model’s firmware file) and 132 in the native VLAN (Genesys CIC Managed IP Phones guide, “DHCP options”).',
};

/** The path step. */
export function PathStep({ e, update }: StepProps) {
  const id = useId();
  const automatic = useApp('enroll', (s) => s.capabilities?.automatic);
  const seen = useApp('phones', (s) => s.byMac[e.mac]);
  if (e.vendor !== 'polycom') {
    return (
      <div className="wiz-path">
        <p>{DHCP_NOTE[e.vendor]}</p>
        <p>
          Check what your DHCP server offers on the <a href={hrefFor({ area: 'dhcp' })}>DHCP page</a>, then connect the phone.
        </p>
        <button type="button" className="btn btn-primary" onClick={() => update({ seenWorkingAt: Date.now() })} disabled={e.seenWorkingAt !== undefined}>
          {e.seenWorkingAt !== undefined ? 'Noted: you saw it working (not verified by ProvKit)' : 'The phone works — note that I saw it'}
        </button>
      </div>
    );
  }
  const choose = (path: NonNullable<Enrollment['path']>): void => update({ path });
  return (
    <div className="wiz-path">
      <fieldset className="choice-group">
        <legend>The phone is…</legend>
        <label className={`choice${automatic?.available ? '' : ' choice-unavailable'}`}>
          <input type="radio" name={`${id}-path`} checked={e.path === 'automatic'} onChange={() => choose('automatic')} disabled={!automatic?.available} />
          <span>
            <strong>Reachable from this computer — set it automatically</strong>
            <span className="hint">
              {automatic?.available
                ? 'ProvKit logs in to the phone’s web page, sets Boot Server = Static, the server type and address, reads them back and reboots it.'
                : `Not available: ${automatic?.reason ?? 'checking…'}`}
            </span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-path`} checked={e.path === 'normal'} onChange={() => choose('normal')} />
          <span>
            <strong>At the idle screen — Normal path</strong>
            <span className="hint">Enter the server in the phone’s menus (MegaPath guide, “Enrollment Process (Normal)”).</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-path`} checked={e.path === 'boot'} onChange={() => choose('boot')} />
          <span>
            <strong>Rebooting with “Unable to contact boot server” — Boot path</strong>
            <span className="hint">Enter the server in the boot Setup menu (MegaPath guide, “Enrollment Process (Boot)”).</span>
          </span>
        </label>
      </fieldset>
      {e.path === 'automatic' && automatic?.available && (
        <div className="field">
          <label htmlFor={`${id}-host`}>Phone address (its web UI)</label>
          <input
            id={`${id}-host`}
            className="mono"
            value={e.phoneHost ?? ''}
            onChange={(ev) => update(ev.target.value ? { phoneHost: ev.target.value } : { phoneHost: undefined })}
            placeholder={seen?.lastAddress ?? '10.0.0.23'}
          />
          <span className="hint">
            {seen?.lastAddress ? `Empty: ProvKit uses ${seen.lastAddress}, where it last saw this phone.` : 'Menu → Settings → Status → Network → TCP/IP shows it (AltiGen MAXCS Polycom Configuration Guide, Step 1).'}{' '}
            Type https:// first (https://10.0.0.23) when the phone’s web page only opens over HTTPS.
          </span>
        </div>
      )}
    </div>
  );
}
