/**
 * A simulated Polycom phone taken from HTTP to HTTPS the way a real one is: it boots over HTTP,
 * reads its configuration, installs the CA certificate given in `device.sec.TLS.customCaCert1`
 * into its trust store (when it accepts custom CAs), applies `device.prov.serverType` /
 * `device.prov.serverName` (device settings take effect after the reboot they cause), and boots
 * again from the new server. Each boot's requests go through polycom-boot.ts.
 * Source: Polycom UC Software Administrator Guide, "TLS Parameters" (device.sec.TLS.customCaCert1)
 * and `device.prov.*`; docs/sources.md "HTTPS provisioning".
 */
import { XMLParser } from 'fast-xml-parser';
import { simulatePolycomBoot, SimulationError, type SimResult, type SimulateOptions } from './polycom-boot';

/** What to simulate. */
export interface SecureBootOptions extends Omit<SimulateOptions, 'trust' | 'onConfig'> {
  /** CA certificates (PEM) the phone trusts before any configuration (default: public CAs only). */
  factoryTrust?: string[];
  /** Whether the phone installs a CA its configuration gives (default true; false = a phone that ignores it). */
  installsCustomCa?: boolean;
}

/** One boot of the phone. */
export interface BootRun {
  server: string;
  protocol: SimResult['protocol'];
  result?: SimResult;
  /** Why the boot stopped (e.g. "TLS refused, unknown CA: ..."). */
  error?: string;
}

/** Outcome: the boots in order and what the configuration changed. */
export interface SecureBootResult {
  boots: BootRun[];
  /** The CA certificate the phone installed from its configuration. */
  installedCa?: string;
  /** The boot server the configuration moved the phone to. */
  movedTo?: string;
}

/**
 * Boot, follow a move to another boot server once, boot again.
 * @returns both boots (the second only when the configuration moved the phone)
 */
export async function simulateSecureBootstrap(opts: SecureBootOptions): Promise<SecureBootResult> {
  const out: SecureBootResult = { boots: [] };
  const params: Record<string, string> = {};
  const first = await boot(opts, opts.server, opts.factoryTrust, params);
  out.boots.push(first);
  const ca = params['device.sec.TLS.customCaCert1'];
  if (ca && opts.installsCustomCa !== false) out.installedCa = ca.trim();
  const type = params['device.prov.serverType']?.toLowerCase();
  const name = params['device.prov.serverName'];
  if (!first.result || !type || !name || (type !== 'https' && type !== 'http')) return out;
  out.movedTo = /^[a-z]+:\/\//i.test(name) ? name : `${type}://${name}`;
  const trust = out.installedCa ? [...(opts.factoryTrust ?? []), out.installedCa] : opts.factoryTrust;
  out.boots.push(await boot(opts, out.movedTo, trust, {}));
  return out;
}

async function boot(opts: SecureBootOptions, server: string, trust: string[] | undefined, params: Record<string, string>): Promise<BootRun> {
  const { factoryTrust: _f, installsCustomCa: _i, ...base } = opts;
  const protocol = (new URL(server).protocol.replace(':', '') as BootRun['protocol']) ?? 'http';
  try {
    const result = await simulatePolycomBoot({ ...base, server, protocol, ...(trust ? { trust } : {}), onConfig: (_file, body) => Object.assign(params, configParams(body.toString('utf8'))) });
    return { server, protocol, result };
  } catch (err) {
    if (err instanceof SimulationError) return { server, protocol, error: err.message };
    throw err;
  }
}

/** XML character references (`&#10;`, `&#x0A;`), which the parser leaves as they are. */
function decodeCharRefs(v: string): string {
  return v.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));
}

/**
 * Every `name="value"` parameter of a Polycom XML configuration (element names ignored).
 * @returns parameter name → value (the last one wins, as on the phone)
 */
export function configParams(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseAttributeValue: false, trimValues: false }).parse(xml) as unknown;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('@') && typeof v === 'string') out[k.slice(1)] = decodeCharRefs(v);
      else walk(v);
    }
  };
  walk(doc);
  return out;
}
