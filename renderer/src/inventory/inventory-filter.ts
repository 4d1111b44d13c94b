/**
 * Filtering of the inventory table, and small helpers the Inventory tab shares.
 */
import type { InventoryPhoneView } from '../../../shared/dto';
import { formatMac } from '../../../shared/mac';

/**
 * Whether an inventory phone matches the filter text: MAC in any notation, label, model, vendor,
 * template, extensions, display names, notes.
 * @param query what the technician typed; blank matches all
 */
export function matchesInventory(p: InventoryPhoneView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hex = q.replace(/[\s:.-]/g, '');
  if (/^[0-9a-f]{2,}$/.test(hex) && p.mac.includes(hex)) return true;
  const fields = [formatMac(p.mac), p.label, p.model, p.effectiveVendor, p.effectiveTemplate, p.notes, p.provider, ...p.lines.flatMap((l) => [l.extension, l.displayName, l.label])];
  return fields.some((f) => f !== undefined && f.toLowerCase().includes(q));
}

/**
 * Offer a text as a file download (export, activation list).
 * @param name file name
 * @param text content
 * @param type MIME type
 */
export function downloadText(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
