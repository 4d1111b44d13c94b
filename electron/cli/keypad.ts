/**
 * `provkit keypad`: the key-by-key plan to type a phone's MAC as the lost-password reset password
 * (MegaPath IP650/IP670 Enrollment Guide, Appendix A), or a server address on the phone's keypad
 * (`--address`) as the procedure followed gives the keys (`--procedure megapath|cic|altigen`:
 * MegaPath guide Normal/Boot path, Genesys CIC guide, AltiGen guide).
 */
import { parseArgs } from 'node:util';
import { formatMac, MacError } from '../../shared/mac';
import { compactKeys, planSteps } from '../../shared/keypad/describe';
import { planMacEntry, parseKeyCombination, type LetterCase } from '../../shared/keypad/planner';
import { AFTER_TYPING, beforeTyping, TYPING_TIPS } from '../../shared/keypad/procedure';
import { KeypadError } from '../../shared/keypad/profiles';
import { ADDRESS_PROCEDURES, planAddress, procedureDisagreements, type AddressProcedureId } from '../../shared/keypad/address-procedures';
import { describeKeys, RESET_MODELS } from '../../shared/keypad/reset-models';
import { usageError } from './args';

/** `provkit keypad --help`. */
export const KEYPAD_HELP = `provkit keypad — keys to type on a phone's multi-tap keypad

  provkit keypad --mac MAC [--model SPIP650] [--case lower|upper] [--reset-keys 468*] [--json]
      Lost admin password: the keys to hold at boot and the MAC typed key by key (MegaPath
      IP650/IP670 Enrollment Guide, Appendix A). --reset-keys picks the keys where sources disagree
      (SoundPoint IP 560).
  provkit keypad --address ADDR [--procedure megapath|cic|altigen] [--field menu|boot] [--model MODEL] [--json]
      A server address key by key, as the procedure you follow gives the keys:
        megapath  MegaPath IP650/IP670 Enrollment Guide (default): switch to "1/Ascii" first,
                  dot = *, slash = # until / shows
        cic       Genesys CIC Managed IP Phones guide: dot = * once, colon = # twice, slash = # three times
        altigen   AltiGen MAXCS Polycom Configuration Guide: gives no keys (press until the character shows)
      --field menu (Normal path, phone menus) or boot (Boot path, boot Setup menu).
      Where another procedure gives different keys for this address, the plan says so.
`;

/**
 * Run `provkit keypad`.
 * @param args arguments after `keypad`
 * @returns 0 with the plan printed; 1 when the MAC or model cannot be planned (reason on stderr)
 * @throws usage errors (missing --mac, bad --case/--field, a model that needs --reset-keys)
 */
export async function keypad(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      mac: { type: 'string' },
      model: { type: 'string' },
      case: { type: 'string' },
      'reset-keys': { type: 'string' },
      address: { type: 'string' },
      field: { type: 'string', default: 'menu' },
      procedure: { type: 'string', default: 'megapath' },
      json: { type: 'boolean' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  if (values.help) {
    process.stdout.write(KEYPAD_HELP);
    return 0;
  }
  if (values.address !== undefined) return address(values.address, values.field!, values.procedure!, values.model, Boolean(values.json), out);
  if (!values.mac) throw usageError('--mac is required (or --address to plan a server address)');
  if (values.case !== undefined && values.case !== 'lower' && values.case !== 'upper') throw usageError('--case is lower or upper');
  let result;
  try {
    const resetKeys = values['reset-keys'] !== undefined ? parseKeyCombination(values['reset-keys']) : undefined;
    result = planMacEntry({
      mac: values.mac,
      ...(values.model ? { model: values.model } : {}),
      ...(values.case ? { case: values.case as LetterCase } : {}),
      ...(resetKeys ? { resetKeys } : {}),
    });
  } catch (err) {
    if (err instanceof MacError || err instanceof KeypadError) {
      process.stderr.write(`provkit keypad: ${err.message}\n`);
      if (err instanceof KeypadError && /no reset key combination/.test(err.message)) {
        process.stderr.write(`Known models: ${RESET_MODELS.map((m) => m.code).join(', ')}\n`);
      }
      if (err.name === 'ResetKeysChoiceError') process.stderr.write('Run again with --reset-keys 1357 or --reset-keys 468*\n');
      return 1;
    }
    throw err;
  }
  const { plan, model, profile, warnings } = result;
  if (values.json) {
    out(JSON.stringify(plan));
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    return 0;
  }
  out(`Lost password reset — ${model.displayName}, MAC ${formatMac(plan.mac)}, typed in ${plan.case} case`);
  for (const w of warnings) out(`  ! ${w}`);
  out('');
  out('Before you type:');
  beforeTyping(model, plan.resetKeys).forEach((s, i) => out(`  ${i + 1}. ${s.text}`));
  out('');
  out(`Type the MAC${profile.blind ? ' (you cannot see it: count every press)' : ''}:`);
  planSteps(profile, plan.actions).forEach((s, i) => out(`  ${String(i + 1).padStart(2)}. ${s.text}`));
  out('');
  for (const s of AFTER_TYPING) out(`  ${s.text}`);
  out('');
  out(`Keys at a glance: ${compactKeys(plan.actions)}   (‖ = wait for the blinking bar)`);
  out('Tips:');
  for (const t of TYPING_TIPS) out(`  - ${t.text}`);
  if (plan.case === 'upper') out('Note: the MegaPath IP650/IP670 Enrollment Guide says lower case (Appendix A, step 7); other sources say upper case or either. If upper case gives "wrong password", restart and try lower.');
  if (!model.inSeed) out(`Note: the MegaPath guide describes the IP 650/670; the keys for the ${model.displayName} (${describeKeys(plan.resetKeys)}) come from ${model.source}.`);
  for (const n of profile.notes) out(`Note: ${n}`);
  return 0;
}

function address(text: string, field: string, procedure: string, model: string | undefined, json: boolean, out: (s: string) => void): number {
  if (field !== 'menu' && field !== 'boot') throw usageError('--field is menu (Normal path) or boot (Boot path Setup menu)');
  if (!(ADDRESS_PROCEDURES as readonly string[]).includes(procedure)) throw usageError(`--procedure is ${ADDRESS_PROCEDURES.join(', ')}`);
  const path = field === 'menu' ? 'normal' : 'boot';
  const id = procedure as AddressProcedureId;
  const addr = text.trim();
  let plan;
  try {
    plan = planAddress(addr, id, path, model);
  } catch (err) {
    if (!(err instanceof KeypadError)) throw err;
    process.stderr.write(`provkit keypad: ${err.message}\n`);
    return 1;
  }
  const others = procedureDisagreements(addr, id, path);
  if (json) {
    out(JSON.stringify({ address: addr, field, procedure: id, actions: plan.actions, disagreements: others.map((o) => ({ procedure: o.procedure.id, chars: o.chars })) }));
    return 0;
  }
  out(`Server address ${addr} — ${plan.profile.name}, keys as the ${plan.procedure.document} gives them`);
  if (plan.modelWarning) out(`  ! ${plan.modelWarning}`);
  planSteps(plan.profile, plan.actions).forEach((s, i) => out(`  ${String(i + 1).padStart(2)}. ${s.text}`));
  for (const n of plan.profile.notes) out(`  - ${n}`);
  for (const o of others) {
    out(`  The ${o.procedure.document} gives other keys: ${o.chars.map((c) => `"${c.char}" = ${c.other} (here: ${c.chosen})`).join('; ')}.`);
    out(`    If the phone shows something else, follow it: provkit keypad --address ${addr} --procedure ${o.procedure.id}${field === 'boot' ? ' --field boot' : ''}`);
  }
  return 0;
}
