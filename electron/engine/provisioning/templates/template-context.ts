/**
 * The values a template sees (resources/templates/README.md "Values"): the phone's inventory fields,
 * its lines with defaults filled in, the provider profile for the hand-off, and the checked
 * template variables.
 */
import type { InventoryPhone, ProvisioningTarget } from '../../../../shared/dto';
import { targetUrl } from '../../inventory/providers';
import type { TemplateManifest } from './template-manifest';
import type { TemplateScope } from './template-syntax';

/** The HTTPS bootstrap a configuration carries: the CA to install and the server to move to. */
export interface SecureBootstrap {
  /** The bench CA certificate, PEM. */
  caCert: string;
  /** ProvKit's HTTPS server as `device.prov.serverName` takes it: `host:port[/prefix]`. */
  httpsServer: string;
}

/**
 * Split `host[:port]` (`sip.example.test:5060`, `10.0.0.5`, `[2001:db8::1]:5061`) into its parts, so
 * templates write the host and the port in the vendors' own parameters (Polycom
 * `reg.N.server.M.address` / `.port`; AudioCodes `proxy_address` / `proxy_port`; Yealink
 * `sip_server.M.address` / `.port`).
 * @returns `host` without the port (IPv6 brackets kept) and `port` as text, or only `host`
 */
export function splitHostPort(value: string): { host: string; port?: string } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value.trim());
  return m ? { host: m[1]!, port: m[2]! } : { host: value.trim() };
}

/**
 * Build a template's scope.
 * @param phone the inventory phone with secrets opened, or undefined for site files and unknown phones
 * @param vars checked variable values (template-vars.ts)
 * @param provider hand-off target (already checked for loops), if any
 * @param secure the HTTPS bootstrap (bench CA PEM, ProvKit's HTTPS `host:port[/prefix]`), when on:
 *   `secure.caCert` always, `secure.httpsServer` only without a provider hand-off (which wins)
 */
export function buildContext(
  manifest: TemplateManifest,
  phone: InventoryPhone | undefined,
  vars: Record<string, string>,
  provider: ProvisioningTarget | undefined,
  mac?: string,
  secure?: SecureBootstrap,
): TemplateScope {
  const phoneMac = phone?.mac ?? mac;
  const lines: TemplateScope[] = (phone?.lines ?? []).map((l, i) => {
    const sipServer = l.sipServer ?? vars.sipServer;
    const split = sipServer ? splitHostPort(sipServer) : undefined;
    return {
      index: i + 1,
      index0: i,
      first: i === 0,
      extension: l.extension,
      displayName: l.displayName ?? (i === 0 ? phone?.label : undefined) ?? l.extension,
      label: l.label ?? (i === 0 ? phone?.label : undefined) ?? l.extension,
      sipServer,
      sipHost: split?.host,
      sipPort: split?.port,
      authUser: l.authUser ?? l.extension,
      password: l.password,
    };
  });
  const typed: TemplateScope = { ...vars };
  for (const v of manifest.variables) if (v.type === 'boolean' && vars[v.name] !== undefined) typed[v.name] = vars[v.name] === '1';
  // Every host variable also comes split: `<name>Host` and `<name>Port` (e.g. outboundProxyHost/Port).
  for (const v of manifest.variables) {
    if (v.type !== 'host' || !vars[v.name]) continue;
    const { host, port } = splitHostPort(vars[v.name]!);
    typed[`${v.name}Host`] = host;
    if (port !== undefined) typed[`${v.name}Port`] = port;
  }
  const scope: TemplateScope = {
    ...typed,
    templateId: manifest.id,
    templateName: manifest.name,
    vendor: manifest.vendor,
    mac: phoneMac,
    model: phone?.model,
    label: phone?.label,
    lines,
    line1: lines[0],
    phone: phone ? true : undefined,
    provider: provider
      ? {
          type: provider.type,
          typeUpper: provider.type.toUpperCase(),
          server: provider.server,
          url: targetUrl(provider),
          user: provider.user,
          password: provider.password,
        }
      : undefined,
  };
  if (secure) scope.secure = { caCert: secure.caCert, ...(provider ? {} : { httpsServer: secure.httpsServer }) };
  // Polycom applies device.* parameters only with device.set="1": one flag for the templates.
  scope.deviceSet = Boolean(provider || secure || vars.adminPassword || vars.syslogServer);
  return scope;
}
