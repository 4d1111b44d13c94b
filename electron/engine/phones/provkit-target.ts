/**
 * Does a phone's provisioning server point at ProvKit? Used to decide whether a reboot's boot
 * should show up in the request log (where the phone boots against ProvKit, its boot there is
 * the evidence).
 */
import { isIP } from 'node:net';
import type { PhoneProvisioning } from '../../../shared/phone-web';

/** Default port per provisioning protocol. */
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21, tftp: 69, ftps: 990 };

/**
 * Match a provisioning setting against listening servers: same protocol, same port (the protocol's
 * default when none is written) and a host that is the server's bind address — or, for a wildcard
 * bind, one of this computer's addresses; `localhost` matches a loopback bind.
 * @param p server type and `device.prov.serverName` (`host[:port][/path]` or a URL)
 * @param servers ProvKit's listening servers (`kind` http/ftp/tftp, bind address, bound port)
 * @param localAddresses this computer's interface addresses
 */
export function pointsAtServers(p: Pick<PhoneProvisioning, 'serverType' | 'serverName'>, servers: Array<{ kind: string; bind: string; port: number }>, localAddresses: string[]): boolean {
  if (!p.serverType || !p.serverName) return false;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(p.serverName) ? p.serverName : `${p.serverType}://${p.serverName}`);
  } catch {
    return false;
  }
  const kind = url.protocol.replace(':', '');
  const port = Number(url.port || DEFAULT_PORTS[kind] || 0);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return servers.some((s) => {
    if (s.kind !== kind || s.port !== port) return false;
    if (s.bind === '0.0.0.0' || s.bind === '::') return localAddresses.includes(host) || (isIP(host) === 0 && host === 'localhost');
    return s.bind === host || (host === 'localhost' && /^127\./.test(s.bind));
  });
}
