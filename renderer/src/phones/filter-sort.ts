/**
 * Filtering and sorting of the Phones table.
 */
import type { PhoneSummary } from '../../../shared/dto';
import { formatMac } from '../../../shared/mac';

/** Columns the table can be sorted by. */
export type PhoneSortKey = 'lastSeen' | 'mac' | 'model' | 'requests' | 'boot';

/** Sort column and direction. */
export interface PhoneSort {
  key: PhoneSortKey;
  dir: 'asc' | 'desc';
}

/**
 * Whether a phone matches the filter text (MAC in any notation, model, label, vendor, address).
 * @param phone the phone
 * @param query what the technician typed; blank matches all
 */
export function matchesFilter(phone: PhoneSummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const hexOnly = q.replace(/[\s:.-]/g, '');
  if (/^[0-9a-f]+$/.test(hexOnly) && hexOnly.length >= 2 && phone.mac.includes(hexOnly)) return true;
  const fields = [formatMac(phone.mac), phone.model, phone.label, phone.vendor, phone.ouiVendor, phone.lastAddress, phone.firmware];
  return fields.some((f) => f !== undefined && f.toLowerCase().includes(q));
}

/**
 * Whether a phone needs a look: its latest boot failed or is incomplete, or the model it reports
 * differs from its inventory model. A phone still booting, booted, or not seen booting (known from
 * DHCP, the network or the inventory only) is no problem.
 * @param phone the phone
 */
export function isProblem(phone: PhoneSummary): boolean {
  return phone.boot?.verdict === 'failed' || phone.boot?.verdict === 'incomplete' || Boolean(phone.modelMismatch);
}

/** Order of verdicts when sorting by boot, worst first. */
const VERDICT_ORDER = { failed: 0, incomplete: 1, booting: 2, booted: 3, unseen: 4 } as const;

/**
 * Sort phones; phones never seen go last when sorting by last seen.
 * @param phones any order
 * @param sort column and direction
 * @returns a new sorted array
 */
export function sortPhones(phones: PhoneSummary[], sort: PhoneSort): PhoneSummary[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const cmp = (a: PhoneSummary, b: PhoneSummary): number => {
    switch (sort.key) {
      case 'lastSeen': {
        if (a.lastSeen === undefined || b.lastSeen === undefined) {
          return (a.lastSeen === undefined ? 1 : 0) - (b.lastSeen === undefined ? 1 : 0);
        }
        return sign * (a.lastSeen - b.lastSeen);
      }
      case 'mac':
        return sign * a.mac.localeCompare(b.mac);
      case 'model':
        return sign * (a.model ?? '\uffff').localeCompare(b.model ?? '\uffff');
      case 'requests':
        return sign * (a.requests - b.requests || a.errors - b.errors);
      case 'boot':
        return sign * ((a.boot ? VERDICT_ORDER[a.boot.verdict] : 5) - (b.boot ? VERDICT_ORDER[b.boot.verdict] : 5));
    }
  };
  return [...phones].sort((a, b) => cmp(a, b) || a.mac.localeCompare(b.mac));
}
