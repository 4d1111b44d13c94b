/**
 * `provkit dhcp serve --iface IF --pool FIRST-LAST`: the bench DHCP server on its own, under the
 * same safety rules as the DHCP page (electron/engine/dhcp/bench-guard.ts): settings checked, a
 * probe as each allow-listed vendor before starting, refusal on a multi-NIC host without packet
 * capture, and leasing stopped when another server appears — each overridable with --force.
 * Leases persist in `<data>/dhcp-leases.json`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DhcpBenchSettings } from '../../shared/dhcp-dto';
import { normalizeMac } from '../../shared/mac';
import { createLogger } from '../engine/logger';
import { PHONE_PREFIXES, type BenchPacket } from '../engine/dhcp/bench-server';
import { benchPools, benchSettingsErrors, defaultPool } from '../engine/dhcp/bench-config';
import { startGuardedBench } from '../engine/dhcp/bench-guard';
import { ipv4Interface } from '../engine/dhcp/interfaces';
import { LeaseStore } from '../engine/dhcp/leases';
import { formatXid } from '../engine/dhcp/codec/packet';
import { resolveDataDir } from '../engine/data-dir';
import { usageError } from './args';

/** The command-line flag of each settings field, for error messages. */
function flagOf(field: string): string {
  const f = field.replace(/^bench\./, '');
  if (f.startsWith('relayPools[')) return `--relay-pool #${Number(f.slice(11, f.indexOf(']'))) + 1}`;
  const map: Record<string, string> = { poolStart: '--pool', poolEnd: '--pool', leaseSeconds: '--lease', router: '--router', subnetMask: '--iface (its netmask)' };
  return map[f] ?? `--${f.replace(/\[\d+\]$/, '')}`;
}

/** `FIRST-LAST[/MASK][,ROUTER]` → a relay pool. */
function relayPool(v: string): NonNullable<DhcpBenchSettings['relayPools']>[number] {
  const m = /^([\d.]+)-([\d.]+)(?:\/([\d.]+))?(?:,([\d.]+))?$/.exec(v);
  if (!m) throw usageError(`--relay-pool is FIRST-LAST[/MASK][,ROUTER], e.g. 10.78.0.100-10.78.0.150/255.255.255.0, got "${v}"`);
  return { poolStart: m[1]!, poolEnd: m[2]!, subnetMask: m[3] ?? '255.255.255.0', router: m[4] ?? '' };
}

/**
 * Run `provkit dhcp serve` until SIGINT/SIGTERM.
 * @returns 0 after a clean stop; 3 when refused (another server answered, multi-NIC without
 *   capture) or stopped because another server appeared; 2 for bad settings (usage error)
 */
export async function dhcpServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      iface: { type: 'string' },
      pool: { type: 'string' },
      'relay-pool': { type: 'string', multiple: true },
      'boot-url': { type: 'string' },
      option: { type: 'string', default: 'both' },
      allow: { type: 'string', multiple: true },
      router: { type: 'string' },
      dns: { type: 'string', multiple: true },
      lease: { type: 'string', default: '3600' },
      'option-43': { type: 'string' },
      vlan: { type: 'string' },
      'vlan-option': { type: 'string', default: '128' },
      backend: { type: 'string', default: 'auto' },
      recheck: { type: 'string', default: '60' },
      'safety-wait': { type: 'string', default: '3' },
      force: { type: 'boolean' },
      data: { type: 'string' },
    },
    strict: true,
  });
  if (!values.iface) throw usageError('--iface is required');
  const iface = ipv4Interface(values.iface);
  const def = defaultPool(iface);
  const [first, last] = values.pool ? values.pool.split('-') : [def.first, def.last];
  if (!first || !last) throw usageError('--pool is FIRST-LAST, e.g. 10.0.0.100-10.0.0.199');
  if (!['auto', 'capture', 'socket'].includes(values.backend)) throw usageError('--backend is auto, capture or socket');
  const recheck = Number(values.recheck);
  const wait = Number(values['safety-wait']);
  if (!(recheck >= 0)) throw usageError('--recheck is a number of seconds (0 = never)');
  if (!(wait >= 0.5 && wait <= 30)) throw usageError('--safety-wait is 0.5-30 seconds');
  const allow = (values.allow?.length ? values.allow : PHONE_PREFIXES).map((a) => (a.replace(/[^0-9a-f]/gi, '').length === 6 ? a.replace(/[^0-9a-f]/gi, '').toLowerCase() : normalizeMac(a)));
  const settings: DhcpBenchSettings = {
    iface: iface.name,
    poolStart: first,
    poolEnd: last,
    subnetMask: iface.netmask,
    router: values.router ?? '',
    dns: values.dns ?? [],
    ntp: [],
    leaseSeconds: Number(values.lease),
    allow,
    bootUrl: values['boot-url'] ?? '',
    bootOptions: values['boot-url'] ? (values.option === 'both' ? [66, 160] : [Number(values.option) as 66 | 160]) : [],
    option43Hex: (values['option-43'] ?? '').replace(/[^0-9a-f]/gi, ''),
    vlan: values.vlan ? Number(values.vlan) : 0,
    vlanOption: Number(values['vlan-option']) as 128,
    relayPools: (values['relay-pool'] ?? []).map(relayPool),
  };
  if (!/^\d+$/.test(values.lease)) throw usageError(`--lease: "${values.lease}" is not a positive whole number of seconds`);
  const errors = benchSettingsErrors(settings, iface);
  if (errors.length) throw usageError(errors.map((e) => `${flagOf(e.field)}: ${e.message}`).join('\n'));
  const pools = benchPools(settings, iface);
  const logger = createLogger('dhcp');
  const leases = new LeaseStore(join(resolveDataDir(values.data), 'dhcp-leases.json'), pools.map((p) => ({ first: p.first, last: p.last })));
  await leases.load();
  let conflict: string | undefined;
  let wake: () => void = () => {};
  const g = await startGuardedBench({
    cfg: { ...settings, pools, linkMode: values.backend as 'auto' },
    iface,
    leases,
    logger,
    force: Boolean(values.force),
    recheckMs: recheck * 1000,
    waitMs: wait * 1000,
    onServer: (server) =>
      server.on('packet', (p: BenchPacket) =>
        process.stdout.write(`${p.direction === 'sent' ? 'sent    ' : 'received'} ${(p.packet.messageType ?? '').padEnd(8)} ${formatXid(p.packet.xid)} ${p.packet.chaddr}${p.packet.yiaddr !== '0.0.0.0' ? ` ${p.packet.yiaddr}` : ''} ${p.direction === 'sent' ? `to ${p.to}` : `from ${p.from}`}\n`),
      ),
    onConflict: (message) => {
      conflict = message;
      wake();
    },
  });
  if (g.state !== 'running') {
    process.stderr.write(`provkit dhcp serve: refusing to start: ${g.message}${g.state === 'refused' ? ' (--force starts anyway)' : ''}\n`);
    return 3;
  }
  process.stdout.write(`bench DHCP server listening on ${iface.name} (${iface.address}): ${g.message}\n`);
  await new Promise<void>((resolve) => {
    wake = resolve;
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  g.stop();
  // Stopped means stopped: anything still open after 5 s (a probe or address check in flight) is
  // named and the process leaves anyway. The timer is unref'd, so a clean stop never waits for it.
  setTimeout(() => {
    process.stderr.write(`provkit dhcp serve: still closing 5 s after stopping (open: ${process.getActiveResourcesInfo().join(', ') || 'nothing'}); leaving now\n`);
    process.exit(conflict ? 3 : 0);
  }, 5000).unref();
  if (conflict) {
    process.stderr.write(`provkit dhcp serve: ${conflict}\n`);
    return 3;
  }
  return 0;
}
