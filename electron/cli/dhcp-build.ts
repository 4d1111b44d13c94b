/**
 * `provkit dhcp build`: option values and ready-to-paste snippets from the command line, for every
 * record the Genesys CIC guide and the Toshiba IPedge guide name (docs/sources.md, "DHCP option builders").
 */
import { parseArgs } from 'node:util';
import { buildOptions, parseTimeOffset, type BuildForm } from '../engine/dhcp/builders';
import { CIC_RECOVERY_FILES, PHONE_FAMILIES, type PhoneFamily } from '../engine/dhcp/phone-families';
import { usageError } from './args';

/** Usage text of `provkit dhcp build`. */
export const DHCP_BUILD_HELP = `Usage: provkit dhcp build [options]

Exact DHCP option values and ready-to-paste snippets (Windows netsh/PowerShell, ISC dhcpd, Kea,
dnsmasq, Cisco IOS, MikroTik). Every snippet is read back to the same bytes before it is shown.

  --family F            polycom | iss | audiocodes | genesys | sip-soft-phone | toshiba
  --procedure cic       apply the Genesys CIC guide's recommendations (warn on option 66 for Polycom)
  --boot-url URL        provisioning server (option 160, and/or 66)
  --option 66|160|both  options for the boot URL (default: 160 for a family, both without one)
  --vlan ID             Polycom VLAN discovery (VLAN-A=ID;) in --vlan-option 128|144|157|191 (default 128);
                        --vlan-option 132 puts ID in option 132 instead (same as --recovery-vlan)
  --recovery-vlan ID    option 132, CIC: ISS/AudioCodes/Genesys recovery mode, the id as a string
  --time-offset=V       option 2: seconds (--time-offset=-18000) or the hexadecimal form (FFFF.B9B0)
  --time-server IP      option 4 (repeat for more)      --ntp-server IP   option 42 (repeat)
  --dns-server IP       option 6 (repeat)               --domain NAME     option 15
  --tftp-server ADDR    option 66 for recovery mode (ISS, AudioCodes, Genesys)
  --recovery-model M    option 67 limited to vendor class M (repeat): ${Object.keys(CIC_RECOVERY_FILES).join(', ')}
  --toshiba-server IP   Toshiba IPedge option 43, limited to vendor class "TOSHIBA IPedge", with
      [--toshiba-vlan ID] [--toshiba-pc-vlan ID] [--toshiba-pc-trunk]
      [--toshiba-nul | --toshiba-vendor-class with-nul|without-nul|omit]
                        without --toshiba-vlan, sub-option 3 "VLAN Disable" is sent
  --json                the result as JSON
  --help                this text
`;

function intArg(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`--${name} must be ${min}-${max}, got "${v}"`);
  return n;
}

function toshibaForm(values: Record<string, string | boolean | string[] | undefined>): BuildForm['toshiba'] {
  const server = values['toshiba-server'] as string | undefined;
  if (!server) return undefined;
  const vc = (values['toshiba-nul'] ? 'with-nul' : values['toshiba-vendor-class']) as string | undefined;
  if (vc !== undefined && !['with-nul', 'without-nul', 'omit'].includes(vc)) throw usageError('--toshiba-vendor-class is with-nul, without-nul or omit');
  const vlan = intArg(values['toshiba-vlan'] as string | undefined, 'toshiba-vlan', 1, 4094);
  const pcVlan = intArg(values['toshiba-pc-vlan'] as string | undefined, 'toshiba-pc-vlan', 1, 4094);
  const trunk = Boolean(values['toshiba-pc-trunk']);
  return {
    serverIp: server,
    ...(vc ? { vendorClass: vc as 'with-nul' | 'without-nul' | 'omit' } : {}),
    ...(vlan !== undefined ? { vlanEnabled: true, phoneVlan: vlan } : {}),
    ...(trunk || pcVlan !== undefined ? { pcPortType: trunk ? ('trunk' as const) : ('access' as const) } : {}),
    ...(pcVlan !== undefined ? { pcPortVlan: pcVlan } : {}),
  };
}

/**
 * Run `provkit dhcp build`.
 * @returns 0
 * @throws usage errors; DhcpEncodeError for values the options cannot carry
 */
export async function dhcpBuild(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      family: { type: 'string' },
      procedure: { type: 'string' },
      'boot-url': { type: 'string' },
      option: { type: 'string' },
      vlan: { type: 'string' },
      'vlan-option': { type: 'string' },
      'recovery-vlan': { type: 'string' },
      'time-offset': { type: 'string' },
      'time-server': { type: 'string', multiple: true },
      'ntp-server': { type: 'string', multiple: true },
      'dns-server': { type: 'string', multiple: true },
      domain: { type: 'string' },
      'tftp-server': { type: 'string' },
      'recovery-model': { type: 'string', multiple: true },
      'toshiba-server': { type: 'string' },
      'toshiba-vlan': { type: 'string' },
      'toshiba-pc-vlan': { type: 'string' },
      'toshiba-pc-trunk': { type: 'boolean' },
      'toshiba-nul': { type: 'boolean' },
      'toshiba-vendor-class': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(DHCP_BUILD_HELP);
    return 0;
  }
  const family = values.family as PhoneFamily | undefined;
  if (family !== undefined && !PHONE_FAMILIES.includes(family)) throw usageError(`--family is ${PHONE_FAMILIES.join(', ')}`);
  if (values.procedure !== undefined && values.procedure !== 'cic') throw usageError('--procedure is cic');
  const opt = values.option;
  if (opt !== undefined && !['66', '160', 'both'].includes(opt)) throw usageError('--option is 66, 160 or both');
  const vlanOption = intArg(values['vlan-option'], 'vlan-option', 128, 191);
  if (vlanOption !== undefined && ![128, 132, 144, 157, 191].includes(vlanOption)) throw usageError('--vlan-option is 128, 132, 144, 157 or 191');
  const vlan = intArg(values.vlan, 'vlan', 1, 4094);
  const recoveryVlan = vlanOption === 132 ? vlan : intArg(values['recovery-vlan'], 'recovery-vlan', 1, 4094);
  const form: BuildForm = {
    ...(family ? { family } : {}),
    ...(values.procedure ? { procedure: 'cic' as const } : {}),
    ...(values['boot-url'] ? { bootUrl: values['boot-url'], ...(opt ? { bootOptions: opt === 'both' ? [160, 66] : [Number(opt) as 66 | 160] } : {}) } : {}),
    ...(vlan !== undefined && vlanOption !== 132 ? { vlan } : {}),
    ...(vlanOption !== undefined && vlanOption !== 132 ? { vlanOption: vlanOption as 128 | 144 | 157 | 191 } : {}),
    ...(recoveryVlan !== undefined ? { recoveryVlan } : {}),
    ...(values['time-offset'] !== undefined ? { timeOffset: parseTimeOffset(values['time-offset']) } : {}),
    ...(values['time-server'] ? { timeServers: values['time-server'] } : {}),
    ...(values['ntp-server'] ? { ntpServers: values['ntp-server'] } : {}),
    ...(values['dns-server'] ? { dnsServers: values['dns-server'] } : {}),
    ...(values.domain !== undefined ? { domainName: values.domain } : {}),
    ...(values['tftp-server'] !== undefined ? { tftpServer: values['tftp-server'] } : {}),
    ...(values['recovery-model'] ? { recoveryModels: values['recovery-model'] } : {}),
  };
  const toshiba = toshibaForm(values);
  if (toshiba) form.toshiba = toshiba;
  if (Object.keys(form).filter((k) => k !== 'family' && k !== 'procedure').length === 0) throw usageError('nothing to build: give at least one option (see provkit dhcp build --help)');
  const r = buildOptions(form);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }
  const out: string[] = [];
  for (const o of r.options) {
    out.push(`Option ${o.code} (${o.name})${o.vendorClass ? ` for vendor class "${o.vendorClass}"` : ''}: ${o.valueKind === 'hex' ? 'hex ' : ''}${o.value}`);
    for (const s of o.snippets) out.push(`  # ${s.title}${o.vendorClass && !s.scopedTo ? ' — not limited to the vendor class' : ''}`, ...s.text.split('\n').map((l) => `  ${l}`));
    out.push('');
  }
  for (const w of r.warnings ?? []) out.push(`Warning: ${w}`);
  for (const n of r.notes) out.push(`Note: ${n}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
