/**
 * The Phones page's two views: phones the servers have seen, and the inventory ProvKit renders
 * configurations from. The choice is kept for the session.
 */
import { useState } from 'react';

/** The Phones page views. */
export type PhonesTab = 'seen' | 'inventory';

const KEY = 'provkit.phonesTab';

/**
 * The current view, remembered in sessionStorage.
 * @returns the view and its setter
 */
export function usePhonesTab(): [PhonesTab, (t: PhonesTab) => void] {
  const [tab, setTab] = useState<PhonesTab>(() => (typeof sessionStorage !== 'undefined' && sessionStorage.getItem(KEY) === 'inventory' ? 'inventory' : 'seen'));
  return [
    tab,
    (t) => {
      setTab(t);
      try {
        sessionStorage.setItem(KEY, t);
      } catch {
        /* storage off: the choice lasts until reload */
      }
    },
  ];
}

/**
 * The switch between the views.
 * @param props.tab current view
 * @param props.onTab change the view
 */
export function PhonesTabs({ tab, onTab }: { tab: PhonesTab; onTab: (t: PhonesTab) => void }) {
  return (
    <div className="tabs phones-tabs" role="tablist" aria-label="Phones view">
      <button type="button" role="tab" className="tab" aria-selected={tab === 'seen'} onClick={() => onTab('seen')}>
        Seen
      </button>
      <button type="button" role="tab" className="tab" aria-selected={tab === 'inventory'} onClick={() => onTab('inventory')}>
        Inventory
      </button>
    </div>
  );
}
