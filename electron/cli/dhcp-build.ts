/**
 * `provkit dhcp build`: option values and ready-to-paste snippets from the command line (issue #3 §5).
 */
import { parseArgs } from 'node:util';
import { buildOptions, type BuildForm } from '../engine/dhcp/builders';
import { usageError } from './args';

function intArg(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw usageError(`--${name} must be ${min}-${max}, got "${v}"`);
  return n;
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
      'boot-url': { type: 'string' },
      option: { type: 'string' },
      vlan: { type: 'string' },
      'vlan-option': { type: 'string' },
      'toshiba-server': { type: 'string' },
      'toshiba-vlan': { type: 'string' },
      'toshiba-pc-vlan': { type: 'string' },
      'toshiba-pc-trunk': { type: 'boolean' },
      'toshiba-vendor-class': { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const opt = values.option ?? 'both';
  if (!['66', '160', 'both'].includes(opt)) throw usageError('--option is 66, 160 or both');
  const vlanOption = intArg(values['vlan-option'], 'vlan-option', 128, 191);
  if (vlanOption !== undefined && ![128, 144, 157, 191].includes(vlanOption)) throw usageError('--vlan-option is 128, 144, 157 or 191');
  const vc = values['toshiba-vendor-class'];
  if (vc !== undefined && !['with-nul', 'without-nul', 'omit'].includes(vc)) throw usageError('--toshiba-vendor-class is with-nul, without-nul or omit');
  const toshibaVlan = intArg(values['toshiba-vlan'], 'toshiba-vlan', 1, 4094);
  const toshibaPcVlan = intArg(values['toshiba-pc-vlan'], 'toshiba-pc-vlan', 1, 4094);
  const vlan = intArg(values.vlan, 'vlan', 1, 4094);
  const form: BuildForm = {
    ...(values['boot-url'] ? { bootUrl: values['boot-url'], bootOptions: opt === 'both' ? [160, 66] : [Number(opt) as 66 | 160] } : {}),
    ...(vlan !== undefined ? { vlan } : {}),
    ...(vlanOption !== undefined ? { vlanOption: vlanOption as 128 | 144 | 157 | 191 } : {}),
    ...(values['toshiba-server']
      ? {
          toshiba: {
            serverIp: values['toshiba-server'],
            ...(vc ? { vendorClass: vc as 'with-nul' | 'without-nul' | 'omit' } : {}),
            ...(toshibaVlan !== undefined ? { vlanEnabled: true, phoneVlan: toshibaVlan } : {}),
            ...(values['toshiba-pc-trunk'] || toshibaPcVlan !== undefined ? { pcPortType: values['toshiba-pc-trunk'] ? ('trunk' as const) : ('access' as const) } : {}),
            ...(toshibaPcVlan !== undefined ? { pcPortVlan: toshibaPcVlan } : {}),
          },
        }
      : {}),
  };
  if (!form.bootUrl && form.vlan === undefined && !form.toshiba) throw usageError('give --boot-url, --vlan and/or --toshiba-server');
  const r = buildOptions(form);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }
  const out: string[] = [];
  for (const o of r.options) {
    out.push(`Option ${o.code} (${o.name}): ${o.valueKind === 'hex' ? 'hex ' : ''}${o.value}`);
    for (const s of o.snippets) out.push(`  # ${s.title}`, ...s.text.split('\n').map((l) => `  ${l}`));
    out.push('');
  }
  for (const n of r.notes) out.push(`Note: ${n}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
