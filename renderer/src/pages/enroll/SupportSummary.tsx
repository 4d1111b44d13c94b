/**
 * The support summary (MegaPath IP650/IP670 Enrollment Guide, Troubleshooting): the facts read off
 * the phone (LAN port, IP, messages, extension, time/date) and what ProvKit saw, as text to copy
 * or save as a file.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { Enrollment } from '../../../../shared/api-enroll';
import { CopyButton } from '../../components/CopyButton';
import { supportSummary } from '../../enroll/support';
import type { ServerEntryInfo } from '../../enroll/target';
import type { WatchStatus } from '../../enroll/watch';
import { useApp } from '../../store/context';
import { useNow } from '../../use-now';
import type { StepProps } from './Wizard';

type Support = NonNullable<Enrollment['support']>;
type Tri = NonNullable<Support['timeCorrect']>;

/** A yes / no / not checked question. */
function TriSelect({ id, label, value, onChange }: { id: string; label: string; value: Tri | undefined; onChange: (v: Tri) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? 'unknown'} onChange={(ev) => onChange(ev.target.value as Tri)}>
        <option value="unknown">Not checked</option>
        <option value="yes">Yes</option>
        <option value="no">No</option>
      </select>
    </div>
  );
}

/**
 * The form and the summary.
 * @param props.entry the Server Type / Address entered
 * @param props.watch the watch verdict (when ProvKit could watch)
 */
export function SupportSummary({ e, update, entry, watch }: StepProps & { entry: ServerEntryInfo | undefined; watch: WatchStatus | undefined }) {
  const id = useId();
  const phone = useApp('phones', (s) => s.byMac[e.mac]);
  const now = useNow(30_000);
  const s = e.support ?? {};
  const set = (patch: Partial<Support>): void => update({ support: { ...s, ...patch } });
  const text = useMemo(() => supportSummary(e, entry, phone, watch, now), [e, entry, phone, watch, now]);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const u = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [text]);
  return (
    <div className="support">
      <h4 className="wiz-sub">Support summary</h4>
      <p className="hint">Read these off the phone (Menu → Settings → Status → Network), then copy or save the summary for the provider’s support.</p>
      <div className="wiz-grid">
        <div className="field">
          <label htmlFor={`${id}-lan`}>LAN Port (Status → Network → Ethernet)</label>
          <select id={`${id}-lan`} value={s.lanPort ?? 'unknown'} onChange={(ev) => set({ lanPort: ev.target.value as Support['lanPort'] })}>
            <option value="unknown">Not checked</option>
            <option value="active">Active</option>
            <option value="inactive">Not Active</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ip`}>IP (Status → Network → TCP/IP)</label>
          <input id={`${id}-ip`} className="mono" value={s.ip ?? ''} onChange={(ev) => set({ ip: ev.target.value })} placeholder={watch?.address ?? phone?.lastAddress ?? '0.0.0.0'} />
        </div>
        <TriSelect id={`${id}-ext`} label="Shows an extension?" value={s.extensionShown} onChange={(v) => set({ extensionShown: v })} />
        <TriSelect id={`${id}-time`} label="Time and date correct?" value={s.timeCorrect} onChange={(v) => set({ timeCorrect: v })} />
        <div className="field field-wide">
          <label htmlFor={`${id}-msg`}>Messages seen on the screen</label>
          <textarea id={`${id}-msg`} rows={3} value={s.messages ?? ''} onChange={(ev) => set({ messages: ev.target.value })} placeholder="Unable to contact boot server" />
        </div>
      </div>
      <pre className="support-text" aria-label="Support summary text">
        {text}
      </pre>
      <div className="form-actions">
        <CopyButton text={text} label="Copy the support summary" />
        {url && (
          <a className="btn btn-small" href={url} download={`provkit-support-${e.mac}.txt`}>
            Save as a file
          </a>
        )}
      </div>
    </div>
  );
}
