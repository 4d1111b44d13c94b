import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { InventoryPhoneView } from '../../shared/dto';
import { createInventoryStore } from '../../renderer/src/store/inventory';
import { matchesInventory } from '../../renderer/src/inventory/inventory-filter';
import { formToLines, linesToForm } from '../../renderer/src/inventory/LinesEditor';
import { VirtualRows } from '../../renderer/src/inventory/VirtualRows';
import { FakeClient } from './renderer-fake-client';

function view(mac: string, extra: Partial<InventoryPhoneView> = {}): InventoryPhoneView {
  return { mac, lines: [], effectiveVendor: 'polycom', effectiveTemplate: 'polycom-uc5', ...extra };
}

describe('inventory store', () => {
  it('loads, keeps phones sorted by MAC, and applies changes from events', async () => {
    const client = new FakeClient().handle('listInventory', () => [view('0004f2000003'), view('0004f2000001')]);
    const store = createInventoryStore(client);
    store.getState().attach();
    await store.getState().load();
    expect(store.getState().sorted.map((p) => p.mac)).toEqual(['0004f2000001', '0004f2000003']);
    client.emit('inventory', { changed: [view('0004f2000002', { label: 'New' })], removed: ['0004f2000003'] });
    expect(store.getState().sorted.map((p) => p.mac)).toEqual(['0004f2000001', '0004f2000002']);
    expect(store.getState().byMac['0004f2000002']?.label).toBe('New');
  });

  it('saves through upsertPhone and shows the result at once', async () => {
    const client = new FakeClient().handle('upsertPhone', (a) => view(a.mac, { label: a.label }));
    const store = createInventoryStore(client);
    await store.getState().save({ mac: '0004f2000009', label: 'Desk' });
    expect(store.getState().byMac['0004f2000009']?.label).toBe('Desk');
    expect(client.names()).toEqual(['upsertPhone']);
  });
});

describe('inventory helpers', () => {
  it('filters by MAC in any notation, extension, label and notes', () => {
    const p = view('0004f2aabbcc', { label: 'Lobby', notes: 'CIC: Template=Agents', lines: [{ extension: '7101', displayName: 'Front', hasPassword: false }] });
    for (const q of ['00:04:F2:AA', 'aabbcc', 'lobby', '7101', 'front', 'agents', '']) expect(matchesInventory(p, q), q).toBe(true);
    expect(matchesInventory(p, '7102')).toBe(false);
  });

  it('sends passwords only when typed, null when cleared', () => {
    const form = linesToForm([
      { extension: '1', hasPassword: true },
      { extension: '2', hasPassword: true },
      { extension: '3', hasPassword: false },
    ]);
    form[1]!.clear = true;
    form[2]!.password = 'new';
    const lines = formToLines(form);
    expect('password' in lines[0]!).toBe(false);
    expect(lines[1]!.password).toBeNull();
    expect(lines[2]!.password).toBe('new');
  });

  it('puts only the visible window of 5,000 rows in the DOM', () => {
    const html = renderToStaticMarkup(
      <VirtualRows count={5000} rowHeight={44} columns="1fr" label="t" header={<div role="columnheader">MAC</div>} rowKey={(i) => String(i)} row={(i) => <div role="cell">row {i}</div>} />,
    );
    const rows = html.match(/role="row"/g)?.length ?? 0;
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(40);
    expect(html).toContain('aria-rowcount="5001"');
    expect(html).toContain('height:220000px');
  });
});
