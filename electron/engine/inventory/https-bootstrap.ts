/**
 * "HTTP first, then HTTPS" for one phone: the inventory variable `httpsBootstrap` (templates
 * polycom-uc4 / polycom-uc5) that makes the phone's rendered configuration carry the bench CA and
 * move its provisioning to ProvKit's HTTPS server. The enrollment wizard and the firmware queue turn
 * it on through here, so the phone appears in the inventory with the variable visible and editable.
 * Source: Polycom UC Software Administrator Guide, "TLS Parameters" (`device.sec.TLS.customCaCert1`)
 * and `device.prov.*`; docs/sources.md "HTTPS provisioning".
 */
import { announce, type InventoryHost } from './handlers';

/** The template variable that turns the bootstrap on (`'1'`). */
export const HTTPS_BOOTSTRAP_VARIABLE = 'httpsBootstrap';

/**
 * Turn the bootstrap on or off for a phone, adding the phone to the inventory when it is not there
 * (with its model when known). Other variables and fields are kept; a change is recorded in the
 * inventory history and announced.
 * @param host the inventory and its event bus (the engine)
 * @param mac 12 lowercase hex digits
 * @param on whether the phone's configuration carries the bootstrap
 * @param opts `model` for a new phone (e.g. `VVX400`), `who` for the history (e.g. `alice (enrollment wizard)`)
 * @returns whether the inventory changed
 * @throws the inventory's write error
 */
export async function setHttpsBootstrap(host: InventoryHost, mac: string, on: boolean, opts: { model?: string; who: string }): Promise<boolean> {
  const before = host.inventory.get(mac);
  const vars = { ...(before?.variables ?? {}) };
  if ((vars[HTTPS_BOOTSTRAP_VARIABLE] === '1') === on) return false;
  if (!before && !on) return false;
  if (on) vars[HTTPS_BOOTSTRAP_VARIABLE] = '1';
  else delete vars[HTTPS_BOOTSTRAP_VARIABLE];
  const [r] = await host.inventory.upsertMany([{ mac, variables: vars, ...(!before && opts.model ? { model: opts.model } : {}) }], opts.who);
  if (!r || r.action === 'same') return false;
  announce(host, [r.phone]);
  return true;
}
