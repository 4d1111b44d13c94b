/**
 * The Inventory tab of the Phones page: every phone ProvKit renders configurations for, in a
 * windowed table (5,000 rows stay smooth), with import, export, the activation list, the phone
 * editor (with its file preview) and the site's templates and provider profiles.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { InventoryPhoneView } from '../../../shared/dto';
import { formatMac } from '../../../shared/mac';
import { VENDOR_NAMES } from '../../../shared/vendors';
import { ErrorBox } from '../components/ErrorBox';
import { formatRelative } from '../format';
import { useApp } from '../store/context';
import { useNow } from '../use-now';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { LicenceOrderDialog } from './LicenceOrderDialog';
import { matchesInventory } from './inventory-filter';
import { PhoneEditor } from './PhoneEditor';
import { SiteSettings } from './SiteSettings';
import { VirtualRows } from './VirtualRows';
import './inventory.css';

const COLUMNS = '34px 150px minmax(120px,1.2fr) minmax(110px,1fr) minmax(130px,1.2fr) minmax(110px,1fr) minmax(120px,1fr) 100px';
const ROW_HEIGHT = 44;

type Open = { kind: 'editor'; mac?: string } | { kind: 'import' } | { kind: 'export' } | { kind: 'settings' } | { kind: 'licence-order' } | undefined;

/**
 * The Inventory tab.
 * @param props.tabs the Seen/Inventory switch, shown in the page head
 */
export function InventoryTab({ tabs }: { tabs: ReactNode }) {
  const sorted = useApp('inventory', (s) => s.sorted);
  const loaded = useApp('inventory', (s) => s.loaded);
  const error = useApp('inventory', (s) => s.error);
  const providers = useApp('inventory', (s) => s.providers);
  const seen = useApp('phones', (s) => s.byMac);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<Open>();
  const now = useNow();
  const rows = useMemo(() => sorted.filter((p) => matchesInventory(p, query)), [sorted, query]);
  const providerName = (id?: string) => (id ? (providers.find((p) => p.id === id)?.name ?? id) : undefined);
  const toggle = (mac: string): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(mac)) next.delete(mac);
      else next.add(mac);
      return next;
    });
  const allShown = rows.length > 0 && rows.every((p) => selected.has(p.mac));

  const cells = (p: InventoryPhoneView) => {
    const l = p.lines[0];
    const s = seen[p.mac];
    return (
      <>
        <div role="cell" onClick={(e) => e.stopPropagation()}>
          <input type="checkbox" aria-label={`Select ${formatMac(p.mac)}`} checked={selected.has(p.mac)} onChange={() => toggle(p.mac)} />
        </div>
        <div role="cell" className="mono">
          {formatMac(p.mac)}
        </div>
        <div role="cell" className="ellipsis" title={p.notes}>
          {p.label ?? <span className="muted">—</span>}
          {p.notes && <div className="sub ellipsis">{p.notes.split('\n')[0]}</div>}
        </div>
        <div role="cell" className="ellipsis">
          {VENDOR_NAMES[p.effectiveVendor]}
          {!p.vendor && <span className="muted"> (auto)</span>}
          <div className="sub">{p.model ?? '—'}</div>
        </div>
        <div role="cell" className="ellipsis">
          {l ? (
            <>
              <span className="mono">{l.extension || '—'}</span> {l.displayName && <span>{l.displayName}</span>}
              <div className="sub">
                {p.lines.length > 1 ? `+${p.lines.length - 1} more line${p.lines.length > 2 ? 's' : ''}` : l.sipServer ?? ''}
                {!l.hasPassword && l.extension && <span className="warn-count"> no password</span>}
              </div>
            </>
          ) : (
            <span className="muted">no line</span>
          )}
        </div>
        <div role="cell" className="ellipsis mono">
          {p.effectiveTemplate}
          {!p.template && <div className="sub">site default</div>}
        </div>
        <div role="cell" className="ellipsis">
          {providerName(p.provider) ?? <span className="muted">stays here</span>}
          {p.licenceNumber && <div className="sub">licence {p.licenceNumber}</div>}
        </div>
        <div role="cell" title={s?.lastSeen ? new Date(s.lastSeen).toLocaleString() : 'never seen'}>
          {s?.lastSeen ? formatRelative(s.lastSeen, now) : <span className="muted">never</span>}
        </div>
      </>
    );
  };

  return (
    <section className="page inventory-page" aria-labelledby="phones-title">
      <div className="page-head">
        <h1 id="phones-title">Phones</h1>
        {tabs}
        <span className="muted">{sorted.length === 1 ? '1 phone in the inventory' : `${sorted.length} phones in the inventory`}</span>
        <div className="spacer" />
        <label className="filter">
          <span>Filter</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="MAC, label, extension, model" />
        </label>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Inventory actions">
        <button type="button" className="btn btn-primary" onClick={() => setOpen({ kind: 'editor' })}>
          Add phone
        </button>
        <button type="button" className="btn" onClick={() => setOpen({ kind: 'import' })}>
          Import CSV…
        </button>
        <button type="button" className="btn" onClick={() => setOpen({ kind: 'export' })} disabled={!sorted.length}>
          Export…
        </button>
        <button type="button" className="btn" onClick={() => setOpen({ kind: 'licence-order' })} disabled={!sorted.length}>
          Licence order…
        </button>
        <button type="button" className="btn" onClick={() => setOpen({ kind: 'settings' })}>
          Templates &amp; providers…
        </button>
        <span className="spacer" />
        <span className="muted">{selected.size ? `${selected.size} selected` : `${rows.length} shown`}</span>
        {selected.size > 0 && (
          <button type="button" className="btn btn-small" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        )}
      </div>
      {error && <ErrorBox error={error} title="Could not load the inventory" />}
      {!loaded && !error && <p className="muted">Loading the inventory…</p>}
      {loaded && sorted.length === 0 && (
        <div className="empty-state">
          <h2>The inventory is empty</h2>
          <p>
            Import the list you already have (a CIC Template or TMM list, or a plain <code>mac,model,extension,name</code> file), or add
            phones one by one. ProvKit renders each phone’s files from its entry.
          </p>
        </div>
      )}
      {sorted.length > 0 && (
        <VirtualRows
          label="Inventory phones; select a row to edit the phone and preview its files"
          count={rows.length}
          rowHeight={ROW_HEIGHT}
          columns={COLUMNS}
          rowKey={(i) => rows[i]!.mac}
          row={(i) => cells(rows[i]!)}
          rowClass={(i) => (selected.has(rows[i]!.mac) ? 'selected' : '')}
          onRowClick={(i) => setOpen({ kind: 'editor', mac: rows[i]!.mac })}
          header={
            <>
              <div role="columnheader">
                <input
                  type="checkbox"
                  aria-label="Select every phone shown"
                  checked={allShown}
                  onChange={() => setSelected(allShown ? new Set() : new Set(rows.map((p) => p.mac)))}
                />
              </div>
              <div role="columnheader">MAC</div>
              <div role="columnheader">Label</div>
              <div role="columnheader">Vendor / model</div>
              <div role="columnheader">Line 1</div>
              <div role="columnheader">Template</div>
              <div role="columnheader">Hand-off</div>
              <div role="columnheader">Last seen</div>
            </>
          }
        />
      )}
      {loaded && sorted.length > 0 && rows.length === 0 && <p className="muted center">No phone matches “{query}”.</p>}
      {open?.kind === 'editor' && <PhoneEditor mac={open.mac} onClose={() => setOpen(undefined)} />}
      {open?.kind === 'import' && <ImportDialog onClose={() => setOpen(undefined)} />}
      {open?.kind === 'export' && <ExportDialog selected={[...selected]} onClose={() => setOpen(undefined)} />}
      {open?.kind === 'settings' && <SiteSettings onClose={() => setOpen(undefined)} />}
      {open?.kind === 'licence-order' && <LicenceOrderDialog onClose={() => setOpen(undefined)} />}
    </section>
  );
}
