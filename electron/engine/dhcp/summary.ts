/**
 * What a technician wants from a DHCP packet at a glance: who sent it (MAC, vendor class decoded,
 * phone model), what it asked for (option 55), and what a server offered for booting (66, 67, 160,
 * 150, 43, `sname`/`file`, VLAN options) — docs/sources.md §2.
 */
import type { DhcpOffered, DhcpPhoneHint } from '../../../shared/dhcp-dto';
import { findPolycomModel } from '../../../shared/models';
import { getOption, type DhcpPacket } from './codec/packet';
import type { VendorSpecificValue } from './codec/option43';
import type { VendorClassValue } from './codec/vendor-class';
import type { VlanTextValue } from './codec/structured-options';

/** Option codes that carry VLAN ids for phones, in Polycom's order of preference (docs/sources.md §2). */
export const VLAN_OPTIONS = [128, 144, 157, 191] as const;

/**
 * The vendor class as a hint for option 43: the text of option 60, or the enterprise's vendor name.
 * @returns undefined when the packet has no option 60
 */
export function vendorClassOf(p: DhcpPacket): string | undefined {
  const v = getOption(p, 60)?.value as VendorClassValue | undefined | null;
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : (v.vendor ?? `enterprise ${v.enterprise}`);
}

/** The vendor class for people: text as sent, or `Polycom <model> <part> <app>` for the RFC 3925 form. */
export function vendorClassText(p: DhcpPacket): string | undefined {
  const v = getOption(p, 60)?.value as VendorClassValue | undefined | null;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  const parts = [v.company ?? v.vendor ?? `enterprise ${v.enterprise}`, v.model, v.partNumber, v.appVersion, v.bootromVersion].filter(Boolean);
  return parts.length > 1 ? parts.join(' ') : v.subOptions.map((s) => s.text ?? s.hex).join(' ');
}

/**
 * What the vendor class says about the phone.
 * @returns vendor and model when recognisable (Polycom RFC 3925 form; Toshiba IPedge; AudioCodes model names)
 */
export function phoneHintOf(p: DhcpPacket): DhcpPhoneHint | undefined {
  const v = getOption(p, 60)?.value as VendorClassValue | undefined | null;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    if (v.vendor !== 'Polycom') return v.vendor ? { vendor: v.vendor } : undefined;
    const token = v.model?.split('-').pop() ?? '';
    const model = (token && findPolycomModel(token)?.code) || v.model;
    return {
      vendor: 'Polycom',
      ...(model ? { model } : {}),
      ...(v.partNumber ? { partNumber: v.partNumber } : {}),
      ...(v.appVersion ? { appVersion: v.appVersion } : {}),
      ...(v.bootromVersion ? { bootromVersion: v.bootromVersion } : {}),
    };
  }
  if (/IPedge/i.test(v)) return { vendor: 'Toshiba', model: 'IP5000' };
  const ac = /^(\d{3}HD|SIP100|SIP200|405)$/i.exec(v.trim());
  if (ac) return { vendor: 'AudioCodes', model: ac[1]!.toUpperCase() };
  if (/^Polycom/i.test(v)) return { vendor: 'Polycom' };
  if (/yealink/i.test(v)) return { vendor: 'Yealink' };
  return undefined;
}

function text(p: DhcpPacket, code: number): string | undefined {
  const v = getOption(p, code)?.value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A one-line summary of option 43. */
export function option43Summary(v: VendorSpecificValue): string {
  if (v.vendor === 'Toshiba IPedge') {
    return [`Toshiba IPedge server ${v.serverIp ?? '?'}`, v.vlanEnabled !== undefined ? `VLAN ${v.vlanEnabled ? 'on' : 'off'}` : '', v.phoneVlan ? `phone VLAN ${v.phoneVlan}` : '', v.pcPortType ? `PC port ${v.pcPortType}` : '', v.pcPortVlan ? `PC VLAN ${v.pcPortVlan}` : '']
      .filter(Boolean)
      .join(', ');
  }
  if (v.vendor === 'MS-UC-Client') return `MS-UC-Client ${v.url ?? ''}`.trim();
  if (v.text !== undefined) return v.text;
  if (v.subOptions) return v.subOptions.map((s) => `${s.code}=${typeof s.value === 'string' ? s.value : s.hex}`).join(' ');
  return v.hex;
}

/**
 * Boot-server related values in a reply.
 * @param customOption also report this custom boot-server option (Polycom `bootSrvOpt`) when not 160
 */
export function offeredOf(p: DhcpPacket, customOption?: number): DhcpOffered {
  const o: DhcpOffered = {};
  const set = <K extends keyof DhcpOffered>(k: K, v: DhcpOffered[K] | undefined) => {
    if (v !== undefined) o[k] = v;
  };
  set('option66', text(p, 66));
  set('option67', text(p, 67));
  set('option160', text(p, 160));
  if (customOption && customOption !== 160 && customOption !== 66) {
    const c = getOption(p, customOption);
    if (c) o.custom = { code: customOption, value: typeof c.value === 'string' ? c.value : c.data.length === 4 ? [...c.data].join('.') : '' };
  }
  const tftp = getOption(p, 150)?.value;
  if (Array.isArray(tftp)) o.option150 = tftp as string[];
  const v43 = getOption(p, 43)?.value as VendorSpecificValue | null | undefined;
  if (v43) o.option43 = option43Summary(v43);
  if (p.sname) o.sname = p.sname;
  if (p.file) o.file = p.file;
  if (p.siaddr !== '0.0.0.0') o.siaddr = p.siaddr;
  const vlan: NonNullable<DhcpOffered['vlan']> = [];
  for (const code of VLAN_OPTIONS) {
    const v = getOption(p, code)?.value as VlanTextValue | null | undefined;
    if (v?.vlan) vlan.push({ option: code, ids: v.vlan });
  }
  const v132 = getOption(p, 132)?.value;
  if (v132 !== undefined && v132 !== null && Number(v132) >= 1 && Number(v132) <= 4094) vlan.push({ option: 132, ids: [Number(v132)] });
  if (v43?.phoneVlan && v43.vlanEnabled !== false) vlan.push({ option: 43, ids: [v43.phoneVlan] });
  if (vlan.length) o.vlan = vlan;
  return o;
}
