/**
 * Pages for areas that later versions fill in: what will be there, and that it is not there yet.
 */
import type { AreaId } from '../routing';

const PLANNED: Partial<Record<AreaId, { title: string; intro: string; items: string[] }>> = {
  enroll: {
    title: 'Enroll',
    intro: 'Move phones to the provider’s provisioning server once they are set up.',
    items: [
      'An inventory of phones: MAC, model, label, line and SIP server.',
      'A preview of the configuration each phone will receive.',
      'Redirect a phone to its final boot server through its web interface or a configuration file.',
    ],
  },
  'lost-password': {
    title: 'Lost password',
    intro: 'Reset a phone whose admin password nobody knows.',
    items: [
      'The key combination to hold at boot for the phone’s model.',
      'The MAC address spelled out key by key in multi-tap, ready to type on the phone.',
    ],
  },
  firmware: {
    title: 'Firmware',
    intro: 'Keep firmware by model and upgrade phones in order.',
    items: [
      'Firmware packages sorted by model and part number.',
      'An upgrade queue that takes phones one step at a time and shows where each one is.',
    ],
  },
};

/**
 * Honest placeholder for an area not built yet.
 * @param props.area which area
 */
export function PlannedPage({ area }: { area: AreaId }) {
  const p = PLANNED[area];
  if (!p) return null;
  return (
    <section className="page" aria-labelledby="planned-title">
      <h1 id="planned-title">{p.title}</h1>
      <p className="notice">Not available in this version yet. Nothing on this page is live.</p>
      <p>{p.intro} This area will offer:</p>
      <ul className="planned-list">
        {p.items.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
    </section>
  );
}
