/**
 * The JSON form of a decoded DHCP packet, as `provkit dhcp decode` prints it (CLI):
 * `{"frame":N,"op":1,"xid":"0x1a2b3c4d","chaddr":"00:04:f2:aa:bb:cc","messageType":"DISCOVER",
 * "options":[{"code":60,"name":"vendor-class-identifier","hex":"...","value":...},...]}`, then the
 * other header fields; options in wire order, `hex` the option's data, `value` its typed decode.
 * A packet that failed to decode carries `error` ("offset N: reason") and whatever was decoded.
 */
import type { DhcpOptionJson, DhcpPacketJson } from '../../../shared/dhcp-dto';
import { toHex } from './codec/bytes';
import type { DhcpDecodeError } from './codec/errors';
import { formatXid, type DhcpOption, type DhcpPacket, type PartialPacket } from './codec/packet';

/** One option as JSON (shared/dhcp-dto.ts). */
export type OptionJson = DhcpOptionJson;
/** One packet as JSON (shared/dhcp-dto.ts). */
export type PacketJson = DhcpPacketJson;

/** An option as JSON. */
export function optionJson(o: DhcpOption): OptionJson {
  return { code: o.code, name: o.name, hex: toHex(o.data), value: o.value, ...(o.error ? { error: `offset ${o.error.offset}: ${o.error.reason}` } : {}) };
}

/**
 * A decoded (or partly decoded) packet as JSON, keys in the documented order.
 * @param p the packet, or the partial packet of a failed decode
 * @param extra `frame` number and the decode `error`, when any
 */
export function packetJson(p: DhcpPacket | PartialPacket | undefined, extra: { frame?: number; error?: DhcpDecodeError } = {}): PacketJson {
  const q = p ?? {};
  const out = {} as PacketJson;
  if (extra.frame !== undefined) out.frame = extra.frame;
  if (q.op !== undefined) out.op = q.op;
  if (q.xid !== undefined) out.xid = formatXid(q.xid);
  if (q.chaddr !== undefined) out.chaddr = q.chaddr;
  if (q.messageType !== undefined) out.messageType = q.messageType;
  out.options = (q.options ?? []).map(optionJson);
  for (const k of ['htype', 'hlen', 'hops', 'secs'] as const) if (q[k] !== undefined) out[k] = q[k];
  if (q.flags !== undefined) out.flags = `0x${q.flags.toString(16).padStart(4, '0')}`;
  if (q.broadcast !== undefined) out.broadcast = q.broadcast;
  for (const k of ['ciaddr', 'yiaddr', 'siaddr', 'giaddr', 'sname', 'file'] as const) if (q[k] !== undefined) out[k] = q[k];
  if (q.cookie !== undefined) out.cookie = q.cookie;
  if (q.warnings?.length) out.warnings = q.warnings;
  if (extra.error) out.error = extra.error.message;
  return out;
}
