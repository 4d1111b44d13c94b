/**
 * Licence order: one Polycom activation file covering many MACs (licensing bulletin, "Activation
 * File and Keys") attached in one step to every inventory phone it names; MACs not in the inventory
 * are listed, and the reboot a new licence needs is said plainly.
 */
import { useState } from 'react';
import type { LicenceOrderResult } from '../../../shared/inventory-types';
import { LICENCE_REBOOT_REMINDER } from '../../../shared/licence-text';
import { formatMac } from '../../../shared/mac';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { ErrorBox } from '../components/ErrorBox';
import { useStores } from '../store/context';
import { Modal } from './Modal';
import { toBase64 } from './PhoneHistoryLicence';

/** The licence order dialog. */
export function LicenceOrderDialog({ onClose }: { onClose: () => void }) {
  const api = useStores().inventory.getState();
  const [result, setResult] = useState<LicenceOrderResult>();
  const [error, setError] = useState<ErrorInfo>();
  const [busy, setBusy] = useState(false);
  const attach = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setError(undefined);
    setResult(undefined);
    setBusy(true);
    try {
      setResult(await api.call('attachLicenceOrder', { contentBase64: toBase64(await file.arrayBuffer()) }));
    } catch (err) {
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="Import a licence order"
      onClose={onClose}
      footer={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      <p>
        Polycom sends one activation file per order, with the keys of every phone in it. ProvKit serves it as <code>&lt;mac&gt;-license.cfg</code> to each inventory
        phone it names.
      </p>
      <label className="btn file-label">
        {busy ? 'Attaching…' : 'Choose the activation file…'}
        <input type="file" className="visually-hidden" accept=".cfg,.xml" disabled={busy} onChange={(e) => void attach(e.target.files?.[0])} />
      </label>
      {error && <ErrorBox error={error} title="The licence order was not attached" />}
      {result && (
        <div className="licence-order-result" data-testid="licence-order-result">
          <p>
            <strong>{result.attached.length ? `Attached to ${result.attached.length} phone(s):` : 'Attached to no phone: none of its MACs is in the inventory.'}</strong>
          </p>
          {result.attached.length > 0 && (
            <ul>
              {result.attached.map((a) => (
                <li key={a.mac}>
                  {formatMac(a.mac)} · <code>{a.path}</code>
                </li>
              ))}
            </ul>
          )}
          {result.notInInventory.length > 0 && (
            <p className="licence-warning">
              Not in the inventory, nothing written: {result.notInInventory.map(formatMac).join(', ')}. Add these phones, then import the order again.
            </p>
          )}
          {result.rebootNeeded && (
            <p className="licence-warning" role="alert">
              {LICENCE_REBOOT_REMINDER}
            </p>
          )}
        </div>
      )}
    </Modal>
  );
}
