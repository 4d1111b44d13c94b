/**
 * On a phone's page: its inventory entry (or an offer to add it), a button to edit it and preview its
 * files, and a warning when settings it uploaded (`-phone.cfg`/`-web.cfg`) mask what ProvKit serves.
 */
import { useEffect, useState } from 'react';
import type { PhoneUpload } from '../../../shared/inventory-types';
import { useApp, useStores } from '../store/context';
import { PhoneEditor } from './PhoneEditor';
import './inventory.css';

/**
 * The card.
 * @param props.mac 12 lowercase hex digits
 */
export function PhoneInventoryCard({ mac }: { mac: string }) {
  const api = useStores().inventory.getState();
  const phone = useApp('inventory', (s) => s.byMac[mac]);
  const [open, setOpen] = useState(false);
  const [uploads, setUploads] = useState<PhoneUpload[]>([]);
  useEffect(() => {
    api.call('listPhoneUploads', { mac }).then(setUploads, () => setUploads([]));
  }, [api, mac, phone]);
  const masks = uploads.flatMap((u) => (u.masks ?? []).map((m) => ({ ...m, file: u.name })));
  return (
    <div className="inventory-card">
      {phone ? (
        <span>
          In the inventory{phone.label ? ` as “${phone.label}”` : ''} · template <code>{phone.effectiveTemplate}</code>
          {phone.lines[0] ? ` · line 1 ${phone.lines[0].extension}` : ''}
        </span>
      ) : (
        <span className="muted">Not in the inventory: it gets the site defaults only.</span>
      )}{' '}
      <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>
        {phone ? 'Edit and preview files' : 'Add to the inventory'}
      </button>
      {masks.length > 0 && (
        <p className="banner-warn upload-masks" role="status">
          {masks.length} setting{masks.length > 1 ? 's' : ''} changed on the phone mask{masks.length > 1 ? '' : 's'} ProvKit’s values (
          {masks
            .slice(0, 3)
            .map((m) => m.name)
            .join(', ')}
          {masks.length > 3 ? ', …' : ''}): see Edit › Uploads.
        </p>
      )}
      {open && <PhoneEditor mac={phone ? mac : undefined} presetMac={mac} onClose={() => setOpen(false)} />}
    </div>
  );
}
