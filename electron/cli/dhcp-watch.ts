/**
 * `provkit dhcp watch --iface IF`: print DHCP packets seen on an interface, one per line (text or
 * JSON), until --count packets or --seconds pass, or Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../engine/logger';
import { packetJson } from '../engine/dhcp/packet-json';
import { DhcpSniffer, type SniffedPacket } from '../engine/dhcp/sniffer';
import { offeredOf, vendorClassOf, vendorClassText } from '../engine/dhcp/summary';
import { formatXid } from '../engine/dhcp/codec/packet';
import { usageError } from './args';

function line(p: SniffedPacket): string {
  if (!p.outcome.ok) return `${p.udp.srcIp} → ${p.udp.dstIp || '?'}  malformed: ${p.outcome.error.message}`;
  const k = p.outcome.packet;
  const o = offeredOf(k);
  const boot = [o.option160 && `160=${o.option160}`, o.option66 && `66=${o.option66}`, o.sname && `sname=${o.sname}`, o.option150 && `150=${o.option150.join(',')}`, o.option43 && `43=${o.option43}`].filter(Boolean).join(' ');
  const vc = k.op === 1 ? vendorClassText(k) : undefined;
  return `${p.udp.srcIp}:${p.udp.srcPort} → ${p.udp.dstIp || '*'}:${p.udp.dstPort}  ${(k.messageType ?? 'BOOTP').padEnd(8)} ${formatXid(k.xid)} ${k.chaddr}${k.yiaddr !== '0.0.0.0' ? ` yiaddr=${k.yiaddr}` : ''}${vc ? ` vendor="${vc}"` : ''}${boot ? ` ${boot}` : ''}`;
}

/**
 * Run `provkit dhcp watch`.
 * @returns 0 after --count packets or --seconds; 1 when the sniffer cannot start
 */
export async function dhcpWatch(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { iface: { type: 'string' }, backend: { type: 'string' }, count: { type: 'string' }, seconds: { type: 'string' }, json: { type: 'boolean' } }, strict: true });
  if (!values.iface) throw usageError('--iface is required');
  const backend = (values.backend ?? 'auto') as 'auto' | 'capture' | 'socket';
  if (!['auto', 'capture', 'socket'].includes(backend)) throw usageError('--backend is auto, capture or socket');
  const count = values.count === undefined ? Infinity : Number(values.count);
  const seconds = values.seconds === undefined ? Infinity : Number(values.seconds);
  const hints = new Map<number, string>();
  const sniffer = new DhcpSniffer(createLogger('dhcp'), (xid) => hints.get(xid));
  const st = await sniffer.start(values.iface, backend);
  if (st.state !== 'running') {
    process.stderr.write(`provkit dhcp watch: ${st.error}${st.fix ? ` — ${st.fix}` : ''}\n`);
    return 1;
  }
  process.stderr.write(`watching ${values.iface} (${st.backend}): ${st.viewText}\n`);
  let n = 0;
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    if (Number.isFinite(seconds)) setTimeout(done, seconds * 1000);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    sniffer.on('packet', (p: SniffedPacket) => {
      if (p.outcome.ok && p.outcome.packet.op === 1) {
        const vc = vendorClassOf(p.outcome.packet);
        if (vc) hints.set(p.outcome.packet.xid, vc);
      }
      const json = p.outcome.ok ? packetJson(p.outcome.packet) : packetJson(p.outcome.partial, { error: p.outcome.error });
      process.stdout.write(values.json ? `${JSON.stringify({ time: p.time, backend: p.backend, src: `${p.udp.srcIp}:${p.udp.srcPort}`, dst: `${p.udp.dstIp}:${p.udp.dstPort}`, ...json })}\n` : `${line(p)}\n`);
      if (++n >= count) done();
    });
  });
  await sniffer.stop();
  return 0;
}
