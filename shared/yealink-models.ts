/**
 * Yealink common configuration file per model: each model requests its own `y0000000000NN.cfg`
 * before `<mac>.cfg` (Yealink SIP-T4X Auto Provisioning Guide, "Editing Common CFG File"; the codes
 * are checked against the public Wazo provd Yealink plugins, whose COMMON_FILES list one file per
 * model for firmware V80, V81 and V83 — docs/sources.md, "Templates per model"). Pure data.
 */

/** `NN` of `y0000000000NN.cfg` by model (normalised: letters and digits only, `SIP-` dropped). */
const COMMON_CODES: Readonly<Record<string, string>> = {
  T19PE2: '53',
  T21PE2: '52',
  T23P: '44',
  T23G: '44',
  T27P: '45',
  T27G: '69',
  T29G: '46',
  T40P: '54',
  T40G: '76',
  T41P: '36',
  T41S: '68',
  T42G: '29',
  T42S: '67',
  T46G: '28',
  T46S: '66',
  T48G: '35',
  T48S: '65',
  T49G: '51',
  T52S: '70',
  T54S: '70',
  T56A: '58',
  T58: '58',
  CP860: '37',
  CP920: '78',
};

/**
 * The two digits of the common file a Yealink model requests.
 * @param model model as written in the inventory or the User-Agent (`SIP-T46G`, `T46G`, `T19P_E2`)
 * @returns `28` for a T46G, or undefined for a model not in the table
 */
export function yealinkCommonCode(model: string | undefined): string | undefined {
  if (!model) return undefined;
  const key = model.toUpperCase().replace(/^(YEALINK\s*)?(SIP-?)?/, '').replace(/[^A-Z0-9]/g, '');
  return COMMON_CODES[key];
}

/** Every code in the table (for the template variable's choices). */
export const YEALINK_COMMON_CODES: readonly string[] = [...new Set(Object.values(COMMON_CODES))].sort();
