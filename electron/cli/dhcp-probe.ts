/**
 * `provkit dhcp probe --iface IF --as PROFILE [--mac MAC] [--wait S] [--inform] [--json]`: DISCOVER as
 * a phone, collect every answer, print the verdict, the offers side by side and the warnings.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ProbeProfileId, ProbeResult } from '../../shared/dhcp-dto';
import { probe } from '../engine/dhcp/probe';
import { OuiTable } from '../engine/provisioning/oui';
import { checkoutRoot } from '../engine/shipped-paths';
import { usageError } from './args';

const PROFILES: ProbeProfileId[] = ['vvx400', 'spip650', 'audiocodes-420hd', 'toshiba-ip5000', 'custom'];

/**
 * Vendor of a MAC from the shipped OUI table (`resources/oui.tsv` of the checkout, found the same
 * way from the sources and from the built CLI), when it is there.
 */
function cliOuiVendor(): (mac: string) => string | undefined {
  const path = join(checkoutRoot(), 'resources', 'oui.tsv');
  const table = existsSync(path) ? OuiTable.load(path) : OuiTable.empty();
  return (mac) => table.lookup(mac);
}

/** Text report of a probe: verdict, warnings, offers side by side. */
export function formatProbe(r: ProbeResult): string {
  const lines = [r.verdict];
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  lines.push(`(${r.inform ? 'DHCPINFORM' : 'DISCOVER'} xid ${r.xid} from MAC ${r.mac} to ${r.sentTo}, waited ${(r.waitedMs / 1000).toFixed(1)} s, ${r.offers.length} answer(s))`);
  if (r.offers.length) {
    for (const o of r.offers) lines.push(`server ${o.server}${o.serverMac ? ` MAC ${o.serverMac}` : ''}${o.serverVendor ? ` (${o.serverVendor})` : ''}${o.from !== o.server ? ` sent from ${o.from}` : ''}`);
    const head = ['', ...r.offers.map((o) => `${o.server}${o.messageType ? ` ${o.messageType}` : ''}`)];
    const rows = r.diff.map((d) => [`${d.code ? `${d.code} ` : ''}${d.name}${d.same || r.offers.length < 2 ? '' : ' *'}`, ...d.values.map((v) => v ?? '—')]);
    const widths = head.map((_, i) => Math.min(48, Math.max(...[head, ...rows].map((row) => row[i]!.length))));
    for (const row of [head, ...rows]) lines.push(row.map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!))).join('  ').trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Run `provkit dhcp probe`.
 * @returns 0 when exactly one server answered with a boot server, 3 when none answered, 4 when
 *   several answered (rogue), 5 when the answer carries no boot server
 * @throws usage errors; interface and port errors (with the fix in the message)
 */
export async function dhcpProbe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { iface: { type: 'string' }, as: { type: 'string' }, mac: { type: 'string' }, 'broadcast-flag': { type: 'string' }, 'next-server': { type: 'string' }, backend: { type: 'string' }, wait: { type: 'string' }, inform: { type: 'boolean' }, 'vendor-class': { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (!values.iface) throw usageError('--iface is required (the interface the phones are on)');
  const profile = (values.as ?? 'vvx400') as ProbeProfileId;
  if (!PROFILES.includes(profile)) throw usageError(`--as is one of ${PROFILES.join(', ')}`);
  if (values['broadcast-flag'] && !['on', 'off'].includes(values['broadcast-flag'])) throw usageError('--broadcast-flag is on or off');
  if (values['next-server'] && !['auto', 'use', 'ignore'].includes(values['next-server'])) throw usageError('--next-server is auto, use or ignore');
  if (values.backend && !['auto', 'capture', 'socket'].includes(values.backend)) throw usageError('--backend is auto, capture or socket');
  const wait = values.wait === undefined ? 4 : Number(values.wait);
  if (!(wait >= 0.5 && wait <= 30)) throw usageError('--wait is 0.5-30 seconds');
  let r: ProbeResult;
  try {
    r = await probe({ iface: values.iface, profile, ouiVendor: cliOuiVendor(), ...(values['next-server'] ? { nextServer: values['next-server'] as 'auto' } : {}), ...(values['broadcast-flag'] === 'off' ? { broadcastFlag: false } : {}), ...(values.backend ? { linkMode: values.backend as 'auto' } : {}), waitMs: Math.round(wait * 1000), inform: Boolean(values.inform), ...(values.mac ? { mac: values.mac } : {}), ...(values['vendor-class'] ? { vendorClass: values['vendor-class'] } : {}) });
  } catch (err) {
    const fix = (err as { fix?: string }).fix;
    throw new Error(`${(err as Error).message}${fix ? ` — ${fix}` : ''}`, { cause: err });
  }
  process.stdout.write(values.json ? `${JSON.stringify(r, null, 2)}\n` : formatProbe(r));
  const servers = new Set(r.offers.map((o) => o.server)).size;
  if (!servers) return 3;
  if (servers > 1) return 4;
  return r.offers[0]!.bootServer ? 0 : 5;
}
