/**
 * "Add to firmware queue" on a phone's page (add phones from the Phones list):
 * queues the phone with the model, version and address ProvKit saw, or says why it cannot.
 */
import { useState } from 'react';
import { hrefFor } from '../../routing';
import { useApp, useStores } from '../../store/context';

/** The action for one phone (MAC as 12 lowercase hex digits). */
export function AddToFirmwareQueue({ mac }: { mac: string }) {
  const stores = useStores();
  const state = useApp('firmware', (s) => s.queue?.phones.find((p) => p.mac === mac)?.state);
  const [msg, setMsg] = useState<{ ok: boolean; text: string }>();
  const add = async () => {
    const n = await stores.firmware.getState().addSeen([mac]);
    const st = stores.firmware.getState();
    const why = st.refused.find((r) => r.mac === mac)?.reason ?? st.error?.message;
    setMsg(n ? { ok: true, text: 'Added to the firmware queue.' } : { ok: false, text: why ?? 'Not added.' });
  };
  const waiting = state !== undefined && state !== 'done' && state !== 'failed';
  return (
    <div className="fw-actions">
      <button type="button" className="btn btn-small" disabled={waiting} onClick={() => void add()}>
        {waiting ? `In the firmware queue (${state})` : 'Add to firmware queue'}
      </button>
      {msg && <span role="status" className={msg.ok ? 'fw-ok' : 'fw-error'}>{msg.text} {msg.ok && <a href={hrefFor({ area: 'firmware' })}>Open the queue</a>}</span>}
    </div>
  );
}
