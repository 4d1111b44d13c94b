/**
 * Export: the inventory (or the selected phones) as CSV in any import format, and the Polycom batch
 * activation list (`<licence number><TAB><mac>` per line, licensing bulletin) for the selection.
 */
import { useState } from 'react';
import type { CsvFormat } from '../../../shared/inventory-types';
import { formatMac } from '../../../shared/mac';
import { toErrorInfo, type ErrorInfo } from '../api/errors';
import { ErrorBox } from '../components/ErrorBox';
import { useStores } from '../store/context';
import { downloadText } from './inventory-filter';
import { Modal } from './Modal';

/**
 * The export dialog.
 * @param props.selected MACs selected in the table (empty = none)
 */
export function ExportDialog({ selected, onClose }: { selected: string[]; onClose: () => void }) {
  const api = useStores().inventory.getState();
  const [format, setFormat] = useState<CsvFormat>('provkit');
  const [onlySelected, setOnlySelected] = useState(selected.length > 0);
  const [withSecrets, setWithSecrets] = useState(false);
  const [error, setError] = useState<ErrorInfo>();
  const [note, setNote] = useState<string>();

  const exportCsv = async (): Promise<void> => {
    try {
      const r = await api.call('exportInventory', { format, withSecrets, ...(onlySelected ? { macs: selected } : {}) });
      downloadText(r.filename, r.text);
      setNote(`${r.count} phone(s) exported to ${r.filename}.`);
    } catch (err) {
      setError(toErrorInfo(err));
    }
  };
  const activation = async (): Promise<void> => {
    try {
      const r = await api.call('exportActivationList', { macs: selected });
      if (r.text) downloadText('activation-list.txt', r.text, 'text/plain');
      setNote(
        `${selected.length - r.missing.length} line(s) written to activation-list.txt.` +
          (r.missing.length ? ` Left out (no licence number): ${r.missing.slice(0, 10).map(formatMac).join(', ')}${r.missing.length > 10 ? ', …' : ''}.` : ''),
      );
    } catch (err) {
      setError(toErrorInfo(err));
    }
  };
  return (
    <Modal
      title="Export"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void exportCsv()}>
            Download CSV
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as CsvFormat)}>
            <option value="provkit">ProvKit (every field, all lines)</option>
            <option value="cic-tmm">CIC TMM list</option>
            <option value="cic-template">CIC Template list</option>
            <option value="simple">mac,model,extension,name</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={onlySelected} disabled={!selected.length} onChange={(e) => setOnlySelected(e.target.checked)} /> Only the {selected.length} selected
          phone(s)
        </label>
        <label className="check">
          <input type="checkbox" checked={withSecrets} disabled={format !== 'provkit'} onChange={(e) => setWithSecrets(e.target.checked)} /> Include line passwords (keep the
          file safe)
        </label>
      </div>
      <h3>Feature licences</h3>
      <p className="muted">
        The batch activation list for Polycom’s Resource Center: one <code>licence number⇥MAC</code> line per selected phone that has a licence number.
      </p>
      <button type="button" className="btn" disabled={!selected.length} onClick={() => void activation()}>
        Download activation list ({selected.length} selected)
      </button>
      {note && (
        <p className="import-done" aria-live="polite">
          {note}
        </p>
      )}
      {error && <ErrorBox error={error} title="Export failed" />}
    </Modal>
  );
}
