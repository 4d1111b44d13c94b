/**
 * Which boot server a phone would use from one DHCP answer, under its boot-server mode (docs/sources.md §2):
 * - Polycom `device.dhcp.bootSrvUseOpt`: Custom+66 (UC 4+ default, custom option 160), Custom only,
 *   Option 66 only, Static (DHCP ignored). The custom option is 128-254, typed string or IP.
 * - AudioCodes 400HD: option 160 (configurable) > 66/67 > 43 (Administrator's Manual §10.2).
 * - Toshiba IP5000: option 43 sub-option 2 (seed Table 1).
 * - Others: 66, then 160, then 150, then `sname`.
 * - Next-server (BOOTP `siaddr` + `file`, RFC 2131 §2 and RFC 951): used as `tftp://siaddr/file` by
 *   the generic rule only when no option names a boot server; phones that read options are assumed
 *   to ignore it (configurable: `nextServer: 'use' | 'ignore'`, because vendors do not document it).
 *   A `siaddr` equal to the server identifier with no `file` is just the server naming itself.
 * Warnings: the server put the boot server only in `sname`; 66 and 160 disagree; nothing offered;
 * a next-server the phone will not use.
 */
import { ipAt, isPrintable, textOf } from './codec/bytes';
import type { VendorSpecificValue } from './codec/option43';
import { getOption, type DhcpPacket } from './codec/packet';

/** How a phone picks its boot server. */
export type BootPolicy =
  | { vendor: 'polycom'; mode: 'custom+66' | 'custom' | '66' | 'static'; customOption: number; customType: 'string' | 'ip'; staticServer?: string }
  | { vendor: 'audiocodes'; urlOption: number }
  | { vendor: 'toshiba' }
  | { vendor: 'generic' };

/** Whether next-server (siaddr/file) counts as a boot server: `auto` = only for the generic rule. */
export type NextServerRule = 'auto' | 'use' | 'ignore';

/** The decision for one answer. */
export interface BootDecision {
  server?: string;
  /** Where it came from: `option 160`, `option 66`, `sname`, `option 43`, `static`... */
  source?: string;
  warnings: string[];
}

/** Polycom UC 4+ factory default (docs/sources.md §2). */
export const POLYCOM_DEFAULT: BootPolicy = { vendor: 'polycom', mode: 'custom+66', customOption: 160, customType: 'string' };

function textOpt(p: DhcpPacket, code: number): string | undefined {
  const o = getOption(p, code);
  if (!o || !o.data.length) return undefined;
  const t = isPrintable(o.data) ? textOf(o.data).trim() : undefined;
  return t || undefined;
}

function customOpt(p: DhcpPacket, code: number, type: 'string' | 'ip'): string | undefined {
  const o = getOption(p, code);
  if (!o) return undefined;
  if (type === 'ip') return o.data.length === 4 ? ipAt(o.data) : undefined;
  return textOpt(p, code);
}

const SNAME_WARNING = (s: string) => `The boot server "${s}" is only in the BOOTP sname field, not in option 66: phones that read option 66 will not find it. Put it in option 66 (or 160).`;

function fromSname(p: DhcpPacket, d: BootDecision): void {
  if (p.sname) {
    d.server = p.sname;
    d.source = 'sname';
    d.warnings.push(SNAME_WARNING(p.sname));
  }
}

/** AudioCodes 66/67 rules (Administrator's Manual, Table "Auto Provisioning via DHCP Option 66/67"). */
function audiocodes6667(o66: string, o67: string | undefined): string {
  const hasScheme = /^[a-z]+:\/\//i.test(o66);
  const base = hasScheme ? o66 : `tftp://${o66}`;
  const hasFiles = /;/.test(o66) || /^[a-z]+:\/\/[^/]+\/./i.test(base);
  if (hasFiles || !o67) return base;
  return `${base.replace(/\/$/, '')}/${o67}`;
}

/**
 * Decide the boot server for one answer (OFFER or ACK).
 * @param p the decoded answer (option 43 decoded with the client's vendor class)
 * @param policy the phone's boot-server mode
 */
export function bootServerFor(p: DhcpPacket, policy: BootPolicy, nextServerRule: NextServerRule = 'auto'): BootDecision {
  const d = bootServerByOptions(p, policy);
  const sid = getOption(p, 54)?.value;
  // The boot file is in `file`, or in option 67 when the client asked for it (RFC 2132 §9.5).
  const file = p.file || textOpt(p, 67);
  const named = file || (p.siaddr !== '0.0.0.0' && p.siaddr !== sid) ? { siaddr: p.siaddr, file } : undefined;
  if (!named) return d;
  const what = `next-server (siaddr) ${named.siaddr}${named.file ? ` and boot file "${named.file}"` : ''}`;
  const use = nextServerRule === 'use' || (nextServerRule === 'auto' && policy.vendor === 'generic');
  if (!d.server && use && named.siaddr !== '0.0.0.0') {
    const server = `tftp://${named.siaddr}/${named.file ?? ''}`;
    return { server, source: 'next-server', warnings: [...d.warnings.filter((w) => !w.startsWith('No boot server')), `The boot server comes only from the BOOTP fields ${what}: phones that read options 66/160 will not find it.`] };
  }
  if (!use) d.warnings.push(`The answer carries ${what} (BOOTP fields). ProvKit assumes this phone takes its boot server from DHCP options and ignores them; if yours uses them, set the next-server rule to "use".`);
  return d;
}

function bootServerByOptions(p: DhcpPacket, policy: BootPolicy): BootDecision {
  const d: BootDecision = { warnings: [] };
  const o66 = textOpt(p, 66);
  const o160 = textOpt(p, 160);
  if (o66 && o160 && o66 !== o160) d.warnings.push(`Options 160 ("${o160}") and 66 ("${o66}") differ: Polycom (Custom+66) and AudioCodes phones use 160, other phones 66.`);
  switch (policy.vendor) {
    case 'polycom': {
      if (policy.mode === 'static') {
        d.server = policy.staticServer ?? '(the server stored in the phone)';
        d.source = 'static';
        d.warnings = ['Boot server mode is Static: the phone ignores the boot server options from DHCP.'];
        return d;
      }
      if (policy.mode !== '66') {
        const c = customOpt(p, policy.customOption, policy.customType);
        if (c) return { ...d, server: c, source: `option ${policy.customOption}` };
      }
      if (policy.mode === 'custom') break;
      if (o66) return { ...d, server: o66, source: 'option 66' };
      fromSname(p, d);
      break;
    }
    case 'audiocodes': {
      const url = textOpt(p, policy.urlOption);
      if (url) return { ...d, server: url, source: `option ${policy.urlOption}` };
      if (o66) return { ...d, server: audiocodes6667(o66, textOpt(p, 67)), source: textOpt(p, 67) ? 'options 66/67' : 'option 66' };
      const v43 = getOption(p, 43)?.value as VendorSpecificValue | null | undefined;
      const url43 = v43?.text && /^[a-z]+:\/\//i.test(v43.text) ? v43.text : v43?.subOptions?.map((s) => s.value).find((v): v is string => typeof v === 'string' && /^[a-z]+:\/\//i.test(v));
      if (url43) {
        d.warnings.push('Option 43 layout for AudioCodes SIP firmware is not documented in ProvKit\'s sources: it took the first URL in option 43.');
        return { ...d, server: url43, source: 'option 43' };
      }
      fromSname(p, d);
      break;
    }
    case 'toshiba': {
      const v43 = getOption(p, 43)?.value as VendorSpecificValue | null | undefined;
      if (v43?.serverIp) return { ...d, server: v43.serverIp, source: 'option 43' };
      break;
    }
    case 'generic': {
      if (o66) return { ...d, server: o66, source: 'option 66' };
      if (o160) return { ...d, server: o160, source: 'option 160' };
      const tftp = getOption(p, 150)?.value;
      if (Array.isArray(tftp) && tftp.length) return { ...d, server: String(tftp[0]), source: 'option 150' };
      fromSname(p, d);
      break;
    }
  }
  if (!d.server) d.warnings.push(noServerText(policy));
  return d;
}

function noServerText(policy: BootPolicy): string {
  if (policy.vendor === 'polycom') return 'No boot server in this answer: a Polycom phone then uses the server stored in its flash (if not 0.0.0.0), else asks with DHCPINFORM, else shows "Failed to contact boot server".';
  if (policy.vendor === 'toshiba') return 'No Toshiba option 43: the IP5000 asks for its login DN and looks for the IPedge server by broadcast on its own subnet.';
  if (policy.vendor === 'audiocodes') return 'No boot server in options 160, 66/67 or 43: the phone tries SIP SUBSCRIBE to 224.0.1.75 (plug-and-play), then its static URL.';
  return 'No boot server in this answer.';
}
