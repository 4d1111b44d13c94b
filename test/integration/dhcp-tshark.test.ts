/**
 * Decoding real capture files (pcap and pcapng, ../shared/testdata/dhcp/) agrees
 * with `tshark -T json` on every field both decode, for every DHCP packet in every file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCapture, type CapturedDhcp } from '../../electron/engine/dhcp/capture-decode';
import { MESSAGE_TYPES } from '../../electron/engine/dhcp/codec/option-types';
import type { DhcpOption } from '../../electron/engine/dhcp/codec/packet';
import { hasTshark, tsharkDhcp, type TsharkOption } from '../helpers/tshark-dhcp';

const DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'testdata', 'dhcp');
const FILES = readdirSync(DIR).filter((f) => /\.pcap(ng)?$/.test(f));
const tshark = hasTshark();

const arr = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const num = (v: unknown): number => (typeof v === 'string' && v.startsWith('0x') ? parseInt(v, 16) : Number(v));

/** tshark field → how to read the same thing from our option value. */
const TYPED: Record<string, (o: DhcpOption) => unknown> = {
  'dhcp.option.dhcp': (o) => Object.entries(MESSAGE_TYPES).find(([, n]) => n === o.value)?.[0],
  'dhcp.option.subnet_mask': (o) => o.value,
  'dhcp.option.time_offset': (o) => String(o.value),
  'dhcp.option.router': (o) => o.value,
  'dhcp.option.time_server': (o) => o.value,
  'dhcp.option.name_server': (o) => o.value,
  'dhcp.option.domain_name_server': (o) => o.value,
  'dhcp.option.hostname': (o) => o.value,
  'dhcp.option.domain_name': (o) => o.value,
  'dhcp.option.interface_mtu': (o) => String(o.value),
  'dhcp.option.broadcast_address': (o) => o.value,
  'dhcp.option.ntp_server': (o) => o.value,
  'dhcp.option.netbios_over_tcpip_name_server': (o) => o.value,
  'dhcp.option.netbios_over_tcpip_node_type': (o) => String(o.value),
  'dhcp.option.requested_ip_address': (o) => o.value,
  'dhcp.option.ip_address_lease_time': (o) => String(o.value),
  'dhcp.option.dhcp_server_id': (o) => o.value,
  'dhcp.option.request_list_item': (o) => (o.value as number[]).map(String),
  'dhcp.option.message': (o) => o.value,
  'dhcp.option.dhcp_max_message_size': (o) => String(o.value),
  'dhcp.option.renewal_time_value': (o) => String(o.value),
  'dhcp.option.rebinding_time_value': (o) => String(o.value),
  'dhcp.option.vendor_class_id': (o) => o.value,
  'dhcp.option.bootfile_name': (o) => o.value,
  'dhcp.option.tftp_server_address': (o) => o.value,
  'dhcp.option.mudurl': (o) => o.value,
  'dhcp.option.dhcp_auto_configuration': (o) => (o.value ? '1' : '0'),
  'dhcp.option.static_route.ip': (o) => (o.value as Array<{ destination: string }>).map((r) => r.destination.split('/')[0]),
  'dhcp.option.static_route.router': (o) => (o.value as Array<{ router: string }>).map((r) => r.router),
  'dhcp.option.agent_information_option.suboption': (o) => (o.value as Array<{ code: number }>).map((s) => String(s.code)),
  'dhcp.hw.mac_addr': (o) => (o.value as { mac?: string }).mac,
};

function compareOption(t: TsharkOption, o: DhcpOption, where: string, compared: Set<string>): void {
  expect(o.code, `${where} code`).toBe(t.code);
  expect(o.data.length, `${where} length`).toBe(t.length);
  expect(Buffer.from(o.data).toString('hex'), `${where} value bytes`).toBe(t.hex);
  for (const [field, value] of Object.entries(t.fields)) {
    const ours = TYPED[field];
    if (!ours || (field === 'dhcp.hw.mac_addr' && o.code !== 61)) continue;
    if (o.code === 33 || o.code === 249) continue; // static routes in tshark; we keep 33/249 raw
    compared.add(field);
    const want = arr(value);
    const got = ours(o);
    expect(got === undefined ? [] : arr(got).map((s) => s.replace(/\0+$/, '')), `${where} ${field}`).toEqual(want.map((s) => s.replace(/\0+$/, '')));
  }
}

function compareHeader(h: Record<string, unknown>, c: CapturedDhcp, where: string): number {
  const p = c.packet ?? c.partial ?? {};
  const pairs: Array<[string, unknown, unknown]> = [
    ['dhcp.type', p.op, num(h['dhcp.type'])],
    ['dhcp.hw.type', p.htype, num(h['dhcp.hw.type'])],
    ['dhcp.hw.len', p.hlen, num(h['dhcp.hw.len'])],
    ['dhcp.hops', p.hops, num(h['dhcp.hops'])],
    ['dhcp.id', p.xid, num(h['dhcp.id'])],
    ['dhcp.secs', p.secs, num(h['dhcp.secs'])],
    ['dhcp.flags', p.flags, num(h['dhcp.flags'])],
    ['dhcp.ip.client', p.ciaddr, h['dhcp.ip.client']],
    ['dhcp.ip.your', p.yiaddr, h['dhcp.ip.your']],
    ['dhcp.ip.server', p.siaddr, h['dhcp.ip.server']],
    ['dhcp.ip.relay', p.giaddr, h['dhcp.ip.relay']],
    ['dhcp.hw.mac_addr', p.chaddr, h['dhcp.hw.mac_addr']],
    ['dhcp.server', p.sname, h['dhcp.server']],
    ['dhcp.file', p.file, h['dhcp.file']],
  ];
  let n = 0;
  for (const [field, ours, theirs] of pairs) {
    if (ours === undefined || theirs === undefined || (typeof theirs === 'number' && Number.isNaN(theirs))) continue;
    expect(ours, `${where} ${field}`).toEqual(theirs);
    n++;
  }
  if (h['dhcp.cookie'] !== undefined && c.packet) expect(c.packet.cookie, `${where} cookie`).toBe(true);
  return n;
}

const TITLE = tshark ? 'capture files decode like tshark' : 'capture files decode like tshark — skipped: tshark is not installed (see .ci/run)';

describe.skipIf(!tshark)(TITLE, () => {
  it('has capture files to check, pcap and pcapng', () => {
    expect(FILES.some((f) => f.endsWith('.pcapng'))).toBe(true);
    expect(FILES.filter((f) => f.endsWith('.pcap')).length).toBeGreaterThan(10);
  });

  const compared = new Set<string>();
  for (const file of FILES) {
    it(`agrees with tshark on ${file}`, async () => {
      const path = join(DIR, file);
      const theirs = await tsharkDhcp(path);
      const ours = decodeCapture(readFileSync(path)).packets;
      const byFrame = new Map(ours.map((c) => [c.frame, c]));
      expect(theirs.length, 'DHCP packets found').toBeGreaterThan(0);
      // Every frame tshark calls DHCP is one we decoded (or reported), and vice versa.
      expect(ours.map((c) => c.frame)).toEqual(theirs.map((t) => t.frame));
      let fields = 0;
      for (const t of theirs) {
        const c = byFrame.get(t.frame)!;
        const where = `${file} frame ${t.frame}`;
        fields += compareHeader(t.header, c, where);
        const opts = (c.packet ?? c.partial)?.options ?? [];
        if (c.error || t.malformed) {
          // Both call it malformed, or only the options both read are compared.
          const n = Math.min(opts.length, t.options.length);
          for (let i = 0; i < n; i++) if (t.options[i]!.code === opts[i]!.code && t.options[i]!.length === opts[i]!.data.length) compareOption(t.options[i]!, opts[i]!, `${where} option ${i}`, compared);
          continue;
        }
        expect(opts.map((o) => o.code), `${where} option codes in wire order`).toEqual(t.options.map((o) => o.code));
        t.options.forEach((to, i) => compareOption(to, opts[i]!, `${where} option ${to.code}`, compared));
        fields += t.options.length;
      }
      // A packet tshark cannot read a single field of (tcpdump-bootp_asan.pcap) must be an error for us too.
      if (fields === 0) expect(ours.every((c) => c.error), 'undecodable packets are reported as errors').toBe(true);
      else expect(fields).toBeGreaterThan(0);
    });
  }

  it('compared typed fields of many kinds', () => {
    // Guard against a silent mapping failure: the files exercise at least these typed fields.
    for (const f of ['dhcp.option.dhcp', 'dhcp.option.subnet_mask', 'dhcp.option.router', 'dhcp.option.request_list_item', 'dhcp.option.vendor_class_id', 'dhcp.option.tftp_server_address', 'dhcp.option.mudurl', 'dhcp.hw.mac_addr']) {
      expect(compared, f).toContain(f);
    }
  });
});
