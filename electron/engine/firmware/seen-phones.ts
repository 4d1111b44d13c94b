/**
 * Phones ProvKit has seen — the Phones list: the request log (model and application version from
 * the User-Agent, the address requests came from) and DHCP sightings (vendor class, offered address)
 * — as candidates for the upgrade queue, and queue entries built from them.
 */
import type { WebPhone } from '../../../shared/api-phones';
import type { PhoneSummary } from '../../../shared/dto';
import type { QueuePhone, SeenPhone } from '../../../shared/firmware-dto';
import { findPolycomModel } from '../../../shared/models';
import type { QueueAddItem } from './queue-context';

/** Why a seen phone cannot be queued as it is; undefined when it can. */
function whyNot(p: PhoneSummary, model: string | undefined): string | undefined {
  if (!model) return p.model ? `model "${p.model}" is not a known Polycom model` : 'its model is not known yet (no Polycom User-Agent or DHCP vendor class)';
  if (!p.firmware) return 'its firmware version is not known yet';
  if (p.stage === 'Updater') return `only its Updater (${p.firmware}) has asked for files: its application version is not known yet`;
  return undefined;
}

/** The model code ProvKit plans with, from what the Phones list shows. */
function modelCode(p: PhoneSummary): string | undefined {
  return p.model ? findPolycomModel(p.model)?.code : undefined;
}

/**
 * The picker's list: every seen phone, newest first, with what is known and its queue state.
 * @param phones the Phones list (request log + DHCP-only phones)
 * @param queued the queue's phones
 */
export function seenPhones(phones: readonly PhoneSummary[], queued: readonly QueuePhone[], scanned: ReadonlySet<string> = new Set()): SeenPhone[] {
  const state = new Map(queued.map((q) => [q.mac, q.state]));
  return [...phones]
    .sort((a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0))
    .map((p) => {
      const model = modelCode(p);
      const why = whyNot(p, model);
      const q = state.get(p.mac);
      return {
        mac: p.mac,
        source: p.requests > 0 ? 'requests' : scanned.has(p.mac) ? 'scan' : 'dhcp',
        ...(model ?? p.model ? { model: model ?? p.model } : {}),
        ...(p.firmware && p.stage !== 'Updater' ? { firmware: p.firmware } : {}),
        ...(p.lastAddress ? { address: p.lastAddress } : {}),
        ...(p.lastSeen ? { lastSeen: p.lastSeen } : {}),
        ...(p.label ? { label: p.label } : {}),
        ...(q ? { queued: q } : {}),
        ...(why ? { why } : {}),
      };
    });
}

/**
 * The Phones list joined with the phones the network scan found (Phones › Web UI: identified on
 * their web UI, with the model and application version they report). A scanned phone not in the
 * list is added; one in the list gets the model and version it reports when the list lacks them
 * (only its Updater asked for files), and its web UI address (with its port) when the list has none
 * or only the bare host.
 * @returns the joined list and the MACs known from the scan
 */
export function withScanned(phones: readonly PhoneSummary[], web: readonly WebPhone[]): { phones: PhoneSummary[]; scanned: Set<string> } {
  const out = new Map(phones.map((p) => [p.mac, { ...p }]));
  const scanned = new Set<string>();
  for (const w of web) {
    const mac = w.info?.mac ?? w.mac;
    if (!mac) continue;
    scanned.add(mac);
    const address = w.https ? `https://${w.host}:${w.port}` : `${w.host}:${w.port}`;
    const model = w.info?.modelCode ?? w.info?.model;
    const p = out.get(mac);
    if (!p) {
      out.set(mac, { mac, requests: 0, errors: 0, inInventory: false, lastAddress: address, lastSeen: w.seenAt, ...(model ? { model } : {}), ...(w.info?.appVersion ? { firmware: w.info.appVersion, stage: 'Application' as const } : {}) });
      continue;
    }
    if (!p.model && model) p.model = model;
    if ((!p.firmware || p.stage === 'Updater') && w.info?.appVersion) Object.assign(p, { firmware: w.info.appVersion, stage: 'Application' as const });
    // A row the Phones list made from the same scan carries the bare host: the web UI needs its port.
    if (!p.lastAddress || p.lastAddress === w.host) p.lastAddress = address;
  }
  return { phones: [...out.values()], scanned };
}

/**
 * Queue entries for seen phones picked by MAC.
 * @param macs normalised MACs
 * @param extra what applies to each (target version, controller)
 * @returns the items to add and the MACs refused with a reason (not seen, model or version unknown)
 */
export function itemsFromSeen(macs: readonly string[], phones: readonly PhoneSummary[], extra: Pick<QueueAddItem, 'target' | 'control' | 'confirmDowngrade'>): { items: QueueAddItem[]; refused: Array<{ mac: string; reason: string }> } {
  const byMac = new Map(phones.map((p) => [p.mac, p]));
  const items: QueueAddItem[] = [];
  const refused: Array<{ mac: string; reason: string }> = [];
  for (const mac of macs) {
    const p = byMac.get(mac);
    const model = p ? modelCode(p) : undefined;
    const why = p ? whyNot(p, model) : 'ProvKit has not seen this phone (no request, no DHCP sighting)';
    if (why || !p || !model || !p.firmware) {
      refused.push({ mac, reason: `${why ?? 'unknown'}; add it with a CSV line (mac,model,current version) instead` });
      continue;
    }
    items.push({ mac, model, current: p.firmware, ...(p.lastAddress ? { host: p.lastAddress } : {}), ...extra });
  }
  return { items, refused };
}
