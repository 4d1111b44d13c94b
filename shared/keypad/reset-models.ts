/**
 * Which keys to hold at boot to reach the "Enter password to Reset Settings" prompt, per Polycom
 * model, and which keypad profile that prompt uses. Pure data.
 * Source: Polycom knowledge base (groups of models per key combination; SoundPoint IP 560
 * uncertain); MegaPath IP650/IP670 Enrollment Guide, Appendix A step 4 (IP 650/670: 4, 6, 8 and *).
 */
import { findPolycomModel } from '../models';
import type { KeypadProfileId } from './profiles';

/** A model as the lost-password helper knows it. */
export interface ResetModel {
  /** Model code, e.g. `SPIP650` (the codes of shared/models.ts, plus older models: `SPIP301`, `SSDUO`). */
  code: string;
  displayName: string;
  /**
   * Keys to press and hold together during the boot countdown. More than one entry means the
   * sources disagree: the technician picks one (never guessed for them).
   */
  resetKeyChoices: ReadonlyArray<readonly string[]>;
  /** Keypad profile of the password prompt. */
  profile: KeypadProfileId;
  /** true for the models the MegaPath guide itself describes (IP 650 / IP 670). */
  inSeed: boolean;
  /** Where the key combination comes from. */
  source: string;
}

const GROUPS: Array<{ keys: string[]; codes: string[] }> = [
  {
    keys: ['1', '3', '5'],
    codes: ['VVX101', 'VVX201', 'VVX300', 'VVX301', 'VVX310', 'VVX311', 'VVX400', 'VVX401', 'VVX410', 'VVX411', 'VVX500', 'VVX501', 'VVX600', 'VVX601'],
  },
  { keys: ['1', '3', '5', '7'], codes: ['SPIP320', 'SPIP321', 'SPIP330', 'SPIP331', 'SPIP335', 'SPIP430', 'SPIP450', 'SSIP5000', 'SSIP7000', 'SSDUO'] },
  { keys: ['4', '6', '8', '*'], codes: ['SPIP301', 'SPIP501', 'SPIP550', 'SPIP600', 'SPIP601', 'SPIP650', 'SPIP670', 'VVX1500'] },
  { keys: ['6', '8', '*'], codes: ['SSIP6000'] },
];

function displayName(code: string): string {
  const known = findPolycomModel(code);
  if (known) return known.displayName;
  if (code === 'SSDUO') return 'SoundStation Duo';
  const m = /^(SPIP|SSIP|VVX)(\d+)$/.exec(code);
  if (!m) return code;
  return `${m[1] === 'SPIP' ? 'SoundPoint IP' : m[1] === 'SSIP' ? 'SoundStation IP' : 'VVX'} ${m[2]}`;
}

function build(): ResetModel[] {
  const out: ResetModel[] = [];
  for (const g of GROUPS) {
    for (const code of g.codes) {
      out.push({
        code,
        displayName: displayName(code),
        resetKeyChoices: [g.keys],
        profile: code.startsWith('VVX') ? 'vvx-reset-prompt' : 'polycom-reset-prompt',
        inSeed: code === 'SPIP650' || code === 'SPIP670',
        source: code === 'SPIP650' || code === 'SPIP670' ? 'MegaPath IP650/IP670 Enrollment Guide, Appendix A, step 4' : 'Polycom knowledge base (factory reset at boot, keys per model)',
      });
    }
  }
  out.push({
    code: 'SPIP560',
    displayName: displayName('SPIP560'),
    resetKeyChoices: [
      ['1', '3', '5', '7'],
      ['4', '6', '8', '*'],
    ],
    profile: 'polycom-reset-prompt',
    inSeed: false,
    source: 'Polycom knowledge base articles, which disagree: 1 3 5 7 or 4 6 8 *',
  });
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName, 'en', { numeric: true }));
}

/** Every model with a known reset key combination, sorted by display name. */
export const RESET_MODELS: readonly ResetModel[] = build();

/** The model the MegaPath guide describes, used when none is chosen. */
export const DEFAULT_RESET_MODEL = 'SPIP650';

/**
 * Find a model by code (`SPIP650`), User-Agent token (`SPIP_650`) or display name, any case.
 * @returns the model, or undefined when ProvKit has no reset key combination for it
 */
export function findResetModel(name: string): ResetModel | undefined {
  const key = name.replace(/[\s_-]/g, '').toUpperCase();
  return RESET_MODELS.find((m) => m.code === key || m.displayName.replace(/\s/g, '').toUpperCase() === key);
}

/**
 * Format a key combination for people: `4 6 8 *` → "4, 6, 8 and *".
 * @param keys keys to hold together
 */
export function describeKeys(keys: readonly string[]): string {
  if (keys.length <= 1) return keys.join('');
  return `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
}
