/**
 * `provkit keypad`: the key-by-key plan to type a phone's MAC as the lost-password reset password
 * (seed `polycom-ip650-670-enrollment-guide.txt` Appendix A L180-197, facts §4), or a server address
 * on the phone's keypad (`--address`, seed Normal path L78-88 / Boot path L129-133).
 */
import { parseArgs } from 'node:util';
import { formatMac, MacError } from '../../shared/mac';
import { compactKeys, planSteps } from '../../shared/keypad/describe';
import { planMacEntry, parseKeyCombination, planText, type LetterCase } from '../../shared/keypad/planner';
import { AFTER_TYPING, beforeTyping, TYPING_TIPS } from '../../shared/keypad/procedure';
import { KEYPAD_PROFILES, KeypadError } from '../../shared/keypad/profiles';
import { describeKeys, RESET_MODELS } from '../../shared/keypad/reset-models';
import { usageError } from './args';

const FIELDS = { menu: 'polycom-app-entry', boot: 'polycom-boot-setup' } as const;

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
      json: { type: 'boolean' },
      data: { type: 'string' },
    },
    strict: true,
  });
  const out = (s: string) => process.stdout.write(`${s}\n`);
  if (values.address !== undefined) return address(values.address, values.field!, Boolean(values.json), out);
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
  if (plan.case === 'upper') out('Note: the seed says lower case (L187); other sources say upper case or either. If upper case gives "wrong password", restart and try lower.');
  if (!model.inSeed) out(`Note: the seed describes the IP 650/670; the keys for the ${model.displayName} (${describeKeys(plan.resetKeys)}) come from ${model.source}.`);
  for (const n of profile.notes) out(`Note: ${n}`);
  return 0;
}

function address(text: string, field: string, json: boolean, out: (s: string) => void): number {
  if (field !== 'menu' && field !== 'boot') throw usageError('--field is menu (Normal path) or boot (Boot path Setup menu)');
  const profile = KEYPAD_PROFILES[FIELDS[field]];
  let actions;
  try {
    actions = planText(profile, text.trim());
  } catch (err) {
    if (!(err instanceof KeypadError)) throw err;
    process.stderr.write(`provkit keypad: ${err.message}\n`);
    return 1;
  }
  if (json) {
    out(JSON.stringify({ address: text.trim(), field, actions }));
    return 0;
  }
  out(`Server address ${text.trim()} — ${profile.name}`);
  planSteps(profile, actions).forEach((s, i) => out(`  ${String(i + 1).padStart(2)}. ${s.text}`));
  for (const n of profile.notes) out(`  - ${n}`);
  return 0;
}
