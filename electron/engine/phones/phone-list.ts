/**
 * The Phones list: every phone ProvKit knows of from the servers' requests, DHCP and the network
 * (a phone's web UI answered), one row per MAC.
 */
import { isPhoneMac } from '../../../shared/phone-identity';
import type { PhoneSummary } from '../../../shared/dto';
import type { DhcpService } from '../dhcp/dhcp-service';
import type { RequestLog } from '../provisioning/request-log';
import type { PhoneRows, RowJson } from './phone-rows';
import type { PhoneService } from './phone-service';

/** What the list is built from. */
export interface PhoneListSources {
  /** Phones that asked the servers for files. */
  requestLog: Pick<RequestLog, 'phones'>;
  /** Their rows, decorated and cached (phone-rows.ts). */
  phoneRows: Pick<PhoneRows, 'row' | 'json' | 'prune'>;
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
 * @returns one summary per MAC: seen by the servers, then DHCP only, then network only (rows of
 *   phones seen by the servers are shared with the row cache: do not change them)
 */
export function listPhones(engine: PhoneListSources): PhoneSummary[] {
  const { seen, others } = parts(engine);
  return [...seen.map((p) => engine.phoneRows.row(p)), ...others];
}

/**
 * {@link listPhones} as JSON in UTF-8, the bytes of `JSON.stringify(listPhones(engine))`, from the
 * cached JSON of each unchanged row. The rows are written straight into one buffer outside the
 * JavaScript heap: a 5,000-phone list is 2.2 MB, and built as one string (then encoded for the
 * socket) it was two such strings of garbage per call, which at ten calls a second while phones
 * boot drove the main thread's major collections.
 * @returns a JSON array, UTF-8
 */
export function listPhonesJson(engine: PhoneListSources): Buffer {
  const { seen, others } = parts(engine);
  const rows: RowJson[] = seen.map((p) => engine.phoneRows.json(p));
  for (const p of others) {
    const json = JSON.stringify(p);
    rows.push({ json, bytes: Buffer.byteLength(json) });
  }
  let total = 2 + Math.max(0, rows.length - 1);
  for (const r of rows) total += r.bytes;
  const out = Buffer.allocUnsafeSlow(total);
  let at = 0;
  out[at++] = 0x5b; // [
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ,
    at += out.write(rows[i]!.json, at);
  }
  out[at++] = 0x5d; // ]
  if (at !== total) throw new Error(`Phones list: wrote ${at} bytes of JSON, counted ${total}`);
  return out;
}

/** The summaries of phones seen by the servers (newest first), and the decorated rows of the others. */
function parts(engine: PhoneListSources): { seen: PhoneSummary[]; others: PhoneSummary[] } {
  const seen = engine.requestLog.phones();
  // Phones seen only by DHCP join the list, then phones found only on the network (their web UI
  // answered): one row per MAC.
  const macs = new Set(seen.map((p) => p.mac));
  engine.phoneRows.prune(macs);
  const others = engine.dhcp.dhcpOnlyPhones(macs).map((p) => engine.decorate(p));
  for (const p of others) macs.add(p.mac);
  for (const w of engine.phones.webPhones()) {
    if (!w.mac || macs.has(w.mac) || !isPhoneMac(w.mac)) continue;
    macs.add(w.mac);
    const model = w.info?.modelCode ?? w.info?.model;
    others.push(
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
  return { seen, others };
}
