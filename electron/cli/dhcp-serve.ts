/**
 * `provkit dhcp serve --iface IF --pool FIRST-LAST`: the bench DHCP server on its own (issue #3 §4).
 * Refuses to start when another DHCP server answers a probe on the interface, unless --force.
 * Leases persist in `<data>/dhcp-leases.json`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeMac } from '../../shared/mac';
import { createLogger } from '../engine/logger';
import { BenchServer, PHONE_PREFIXES, type BenchPacket } from '../engine/dhcp/bench-server';
import { checkForOtherServers } from '../engine/dhcp/bench-safety';
import { ipv4Interface } from '../engine/dhcp/interfaces';
import { LeaseStore } from '../engine/dhcp/leases';
import { formatXid } from '../engine/dhcp/codec/packet';
import { resolveDataDir } from '../engine/data-dir';
import { usageError } from './args';

/**
 * Run `provkit dhcp serve` until SIGINT/SIGTERM.
 * @returns 0 after a clean stop; 3 when refused because another server answered
 */
export async function dhcpServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      iface: { type: 'string' },
      pool: { type: 'string' },
      'boot-url': { type: 'string' },
      option: { type: 'string', default: 'both' },
      allow: { type: 'string', multiple: true },
      router: { type: 'string' },
      dns: { type: 'string', multiple: true },
      lease: { type: 'string', default: '3600' },
      'option-43': { type: 'string' },
      vlan: { type: 'string' },
      'vlan-option': { type: 'string', default: '128' },
      force: { type: 'boolean' },
      data: { type: 'string' },
    },
    strict: true,
  });
  if (!values.iface || !values.pool) throw usageError('--iface and --pool FIRST-LAST are required');
  const [first, last] = values.pool.split('-');
  if (!first || !last) throw usageError('--pool is FIRST-LAST, e.g. 10.0.0.100-10.0.0.199');
  const iface = ipv4Interface(values.iface);
  const allow = (values.allow?.length ? values.allow : PHONE_PREFIXES).map((a) => (a.replace(/[^0-9a-f]/gi, '').length === 6 ? a.replace(/[^0-9a-f]/gi, '').toLowerCase() : normalizeMac(a)));
  const logger = createLogger('dhcp');
  const check = await checkForOtherServers(iface.name, logger);
  if ((check.others.length || check.error) && !values.force) {
    process.stderr.write(
      check.error
        ? `provkit dhcp serve: refusing to start: could not check for other DHCP servers (${check.error}). Use --force if this bench network is isolated.\n`
        : `provkit dhcp serve: refusing to start: another DHCP server answers on ${iface.name} (${check.others.join(', ')}). Two servers on one network hand out conflicting addresses. Unplug it or use --force.\n`,
    );
    return 3;
  }
  const dataDir = resolveDataDir(values.data);
  const leases = new LeaseStore(join(dataDir, 'dhcp-leases.json'), first, last);
  await leases.load();
  const server = new BenchServer(
    {
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
    },
    iface,
    leases,
    logger,
  );
  server.on('packet', (p: BenchPacket) => process.stdout.write(`${p.direction === 'sent' ? 'sent    ' : 'received'} ${(p.packet.messageType ?? '').padEnd(8)} ${formatXid(p.packet.xid)} ${p.packet.chaddr}${p.packet.yiaddr !== '0.0.0.0' ? ` ${p.packet.yiaddr}` : ''}\n`));
  await server.start();
  process.stdout.write(`bench DHCP server listening on ${iface.name} (${iface.address}), pool ${first}-${last}, answering ${allow.join(', ')}${check.others.length ? ' — FORCED despite other servers' : ''}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  server.stop();
  return 0;
}
