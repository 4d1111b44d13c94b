/**
 * The Phones list: every phone ProvKit knows of from the servers' requests, DHCP and the network
 * (a phone's web UI answered), one row per MAC.
 */
import { isPhoneMac } from '../../../shared/phone-identity';
import type { PhoneSummary } from '../../../shared/dto';
import type { DhcpService } from '../dhcp/dhcp-service';
import type { RequestLog } from '../provisioning/request-log';
import type { PhoneService } from './phone-service';

/** What the list is built from. */
export interface PhoneListSources {
  /** Phones that asked the servers for files. */
  requestLog: Pick<RequestLog, 'phones'>;
  /** Phones seen only by DHCP. */
  dhcp: Pick<DhcpService, 'dhcpOnlyPhones'>;
  /** Phones whose web UI answered. */
  phones: Pick<PhoneService, 'webPhones'>;
  /** A phone summary with its inventory facts and boot verdict merged in. */
  decorate(p: PhoneSummary): PhoneSummary;
}

/**
 * Phones seen by the servers, with their inventory label, most recent first. Inventory phones never
 * seen are listed by `listInventory` (the Phones page's Inventory tab, virtualised for 5,000 rows).
 * @param engine where phones are seen (request log, DHCP, web UIs) and how a row is decorated
 * @returns one summary per MAC: seen by the servers, then DHCP only, then network only
 */
export function listPhones(engine: PhoneListSources): PhoneSummary[] {
  const seen = engine.requestLog.phones().map((p) => engine.decorate(p));
  // Phones seen only by DHCP join the list, then phones found only on the network (their web UI
  // answered): one row per MAC.
  const macs = new Set(seen.map((p) => p.mac));
  const dhcp = engine.dhcp.dhcpOnlyPhones(macs).map((p) => engine.decorate(p));
  for (const p of dhcp) macs.add(p.mac);
  const network: PhoneSummary[] = [];
  for (const w of engine.phones.webPhones()) {
    if (!w.mac || macs.has(w.mac) || !isPhoneMac(w.mac)) continue;
    macs.add(w.mac);
    const model = w.info?.modelCode ?? w.info?.model;
    network.push(
      engine.decorate({
        mac: w.mac,
        requests: 0,
        errors: 0,
        inInventory: false,
        lastAddress: w.host,
        firstSeen: w.seenAt,
        lastSeen: w.seenAt,
        ...(w.vendor ? { ouiVendor: w.vendor } : {}),
        ...(model ? { model } : {}),
        ...(w.info?.appVersion ? { firmware: w.info.appVersion } : {}),
      }),
    );
  }
  return [...seen, ...dhcp, ...network];
}
