/**
 * Phone model tables. Pure data.
 * Source: docs/sources.md §1 (User-Agent tokens) and §6 (part numbers).
 */

/** One Polycom model: the code used in `APPLICATION_<code>`, its part number and User-Agent token. */
export interface PolycomModel {
  /** Model code as used in config element names, e.g. `VVX400`, `SPIP650`. */
  code: string;
  /** Part number, e.g. `3111-46157-002`; split firmware images are named `<part>.sip.ld`. */
  partNumber: string;
  /** Product family in the User-Agent: `VVX`, `SoundPointIP`, `SoundStationIP`. */
  family: 'VVX' | 'SoundPointIP' | 'SoundStationIP';
  /** Model token in the User-Agent, e.g. `VVX_400`, `SPIP_650`. */
  uaToken: string;
  /** Name for people, e.g. `VVX 400`, `SoundPoint IP 650`. */
  displayName: string;
}

const PARTS: Array<[string, string]> = [
  ['SPIP321', '2345-12360-001'], ['SPIP331', '2345-12365-001'], ['SPIP335', '2345-12375-001'],
  ['SPIP450', '2345-12450-001'], ['SPIP550', '2345-12500-001'], ['SPIP560', '2345-12560-001'],
  ['SPIP650', '2345-12600-001'], ['SPIP670', '2345-12670-001'], ['SSIP5000', '3111-30900-001'],
  ['SSIP6000', '3111-15600-001'], ['SSIP7000', '3111-40000-001'], ['VVX300', '3111-46135-002'],
  ['VVX310', '3111-46161-001'], ['VVX400', '3111-46157-002'], ['VVX410', '3111-46162-001'],
  ['VVX500', '3111-44500-001'], ['VVX600', '3111-44600-001'], ['VVX101', '3111-40250-001'],
  ['VVX201', '3111-40450-001'], ['VVX301', '3111-48300-001'], ['VVX311', '3111-48350-001'],
  ['VVX401', '3111-48400-001'], ['VVX411', '3111-48450-001'], ['VVX501', '3111-48500-001'],
  ['VVX601', '3111-48600-001'], ['VVX150', '3111-48810-001'], ['VVX250', '3111-48820-001'],
  ['VVX350', '3111-48830-001'], ['VVX450', '3111-48840-001'], ['VVX1500', '2345-17960-001'],
];

function describe(code: string, partNumber: string): PolycomModel {
  const m = /^(SPIP|SSIP|VVX)(\d+)$/.exec(code)!;
  const prefix = m[1]!;
  const num = m[2]!;
  if (prefix === 'VVX') return { code, partNumber, family: 'VVX', uaToken: `VVX_${num}`, displayName: `VVX ${num}` };
  if (prefix === 'SPIP') return { code, partNumber, family: 'SoundPointIP', uaToken: `SPIP_${num}`, displayName: `SoundPoint IP ${num}` };
  return { code, partNumber, family: 'SoundStationIP', uaToken: `SSIP_${num}`, displayName: `SoundStation IP ${num}` };
}

/** Every Polycom model ProvKit knows, in the order of the facts file §6. */
export const POLYCOM_MODELS: readonly PolycomModel[] = PARTS.map(([code, part]) => describe(code, part));

/**
 * Find a Polycom model by code (`VVX400`), User-Agent token (`VVX_400`) or display name, any case.
 * @returns the model, or undefined when unknown
 */
export function findPolycomModel(name: string): PolycomModel | undefined {
  return MODEL_BY_KEY.get(name.replace(/[\s_-]/g, '').toUpperCase());
}

/**
 * Each model by its code, User-Agent token without `_` and display name without spaces (upper
 * case); the first model in {@link POLYCOM_MODELS} wins a key (it is asked for per boot verdict:
 * building three keys per model and call was a visible share of the engine's time at 1,000 phones).
 */
const MODEL_BY_KEY: ReadonlyMap<string, PolycomModel> = (() => {
  const map = new Map<string, PolycomModel>();
  const keys = (m: PolycomModel) => [m.code, m.uaToken.replace('_', ''), m.displayName.replace(/\s/g, '').toUpperCase()];
  for (const m of POLYCOM_MODELS) for (const k of keys(m)) if (!map.has(k)) map.set(k, m);
  return map;
})();

/**
 * Find a Polycom model by part number (`3111-46157-002`).
 * @returns the model, or undefined when the part number is not in the table
 */
export function findPolycomModelByPart(partNumber: string): PolycomModel | undefined {
  return POLYCOM_MODELS.find((m) => m.partNumber === partNumber);
}

/**
 * Whether two model names mean the same phone, however they are written: Polycom by code, User-Agent
 * token or display name (`VVX400`, `VVX_400`, `VVX 400`); others ignoring case, spaces, dashes and a
 * leading `SIP`/`IP` (`SIP-T46G` = `T46G`, `IP420HD` = `420HD`).
 * @param a a model name
 * @param b another
 */
export function sameModel(a: string, b: string): boolean {
  const key = (n: string): string => findPolycomModel(n)?.code ?? n.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^(SIP|IP)(?=[A-Z0-9])/, '');
  return key(a) === key(b);
}
