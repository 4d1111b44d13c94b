/**
 * The simulated phone's pages as served: a fixture page (web-fixture.ts) filled with this phone's
 * identity, its current parameters and, where the page has one, the anti-CSRF token.
 */
import { formatMac } from '../../../../shared/mac';
import { renderPage } from './web-fixture';
import type { SimPhone } from './sim-phone';

/** `Server` header of Polycom phones' web servers. */
export const POLYCOM_SERVER_HEADER = 'Polycom SoundPoint IP Telephone HTTPd';

/**
 * Placeholder values of a phone: model, partNumber, mac (`00:04:f2:…`), macPlain, ip, appVersion,
 * updaterVersion, csrfToken.
 */
export function pageVars(phone: SimPhone, ip: string, csrfToken = ''): Record<string, string> {
  return {
    model: phone.model.displayName,
    partNumber: phone.model.partNumber,
    mac: formatMac(phone.mac),
    macPlain: phone.mac,
    ip,
    appVersion: phone.appVersion,
    updaterVersion: phone.updaterVersion,
    csrfToken,
  };
}

/**
 * One page of the phone's web UI fixture, filled in.
 * @param file the fixture file (`provConf.htm`)
 */
export function servePage(phone: SimPhone, file: string, ip: string, csrfToken?: string): string {
  return renderPage(phone.web, file, pageVars(phone, ip, csrfToken), phone.params);
}
