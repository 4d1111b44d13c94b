/**
 * Keypad plans for a server address, per procedure: the multi-tap table comes from the document the
 * technician follows, and where the documents disagree for the address at hand the plan says so
 * and offers the other. Pure.
 * Sources: MegaPath IP650/IP670 Enrollment Guide (Normal path steps 12-15: "1/Ascii", dot = `*`,
 * slash = `#` repeatedly; Boot path step 15: dot = `*`, slash = `#`); Genesys CIC Managed IP
 * Phones guide, "To configure a Polycom phone's boot server" step 3 (dot = `*` once, colon = `#`
 * twice, slash = `#` three times); AltiGen MAXCS Polycom Configuration Guide, Step 9 (Server
 * Address set in the phone's web page: no keypad counts).
 */
import { planText, type KeypadAction } from './planner';
import { KEYPAD_PROFILES, type KeypadProfile, type KeypadProfileId } from './profiles';

/** The procedures ProvKit follows for typing a server address. */
export const ADDRESS_PROCEDURES = ['megapath', 'cic', 'altigen'] as const;
/** One procedure. */
export type AddressProcedureId = (typeof ADDRESS_PROCEDURES)[number];
/** The keypad path of the MegaPath guide: phone menus (Normal) or boot Setup menu (Boot). */
export type AddressPath = 'normal' | 'boot';

/** A procedure: its document and the keypad each path types into. */
export interface AddressProcedure {
  id: AddressProcedureId;
  /** The document, as a person names it. */
  document: string;
  /** Short name for buttons: `MegaPath guide`. */
  short: string;
  /** The field typed into, per path. */
  profiles: Readonly<Record<AddressPath, KeypadProfileId>>;
  /** Models the document was written for (model codes); empty = Polycom phones in general. */
  models: readonly string[];
}

/** Every procedure by id. */
export const PROCEDURES: Readonly<Record<AddressProcedureId, AddressProcedure>> = {
  megapath: {
    id: 'megapath',
    document: 'MegaPath IP650/IP670 Enrollment Guide',
    short: 'MegaPath guide',
    profiles: { normal: 'polycom-app-entry', boot: 'polycom-boot-setup' },
    models: ['SPIP650', 'SPIP670'],
  },
  cic: {
    id: 'cic',
    document: 'Genesys CIC Managed IP Phones guide',
    short: 'CIC guide',
    profiles: { normal: 'cic-server-address', boot: 'cic-server-address' },
    models: [],
  },
  altigen: {
    id: 'altigen',
    document: 'AltiGen MAXCS Polycom Configuration Guide',
    short: 'AltiGen guide',
    profiles: { normal: 'altigen-app-entry', boot: 'altigen-boot-setup' },
    models: [],
  },
};

/** A plan for an address under one procedure. */
export interface AddressPlan {
  procedure: AddressProcedure;
  profile: KeypadProfile;
  actions: KeypadAction[];
  /** The model is not one the document was written for: menus and keys may differ. */
  modelWarning?: string;
}

/**
 * Plan an address under a procedure.
 * @param address what to type, e.g. `10.20.0.157:8088`
 * @param procedure the document followed
 * @param path Normal (phone menus) or Boot (boot Setup menu)
 * @param model the phone's model code, if known (for the warning)
 * @returns the plan
 * @throws KeypadError naming the first character the procedure's keypad cannot type
 */
export function planAddress(address: string, procedure: AddressProcedureId, path: AddressPath = 'normal', model?: string): AddressPlan {
  const p = PROCEDURES[procedure];
  const profile = KEYPAD_PROFILES[p.profiles[path]];
  const actions = planText(profile, address);
  const warn = model && p.models.length > 0 && !p.models.includes(model) ? `The ${p.document} is written for the ${p.models.map((m) => m.replace(/^SPIP/, 'IP ')).join(' and ')}: on a ${model} the menus and keys may differ — check the screen after each key.` : undefined;
  return { procedure: p, profile, actions, ...(warn ? { modelWarning: warn } : {}) };
}

/** How one character is typed, in words: `# twice`, `# until / shows`. */
function pressWords(a: Extract<KeypadAction, { type: 'key' }>): string {
  if (a.untilSeen) return `${a.key} until ${a.produces} shows`;
  return `${a.key} ${a.times === 1 ? 'once' : a.times === 2 ? 'twice' : `${a.times} times`}`;
}

/** One character on which two procedures disagree. */
export interface KeyDisagreement {
  char: string;
  /** How the chosen procedure types it. */
  chosen: string;
  /** How the other procedure types it. */
  other: string;
}

/** Another procedure whose keys differ for this address. */
export interface ProcedureDisagreement {
  procedure: AddressProcedure;
  chars: KeyDisagreement[];
}

/**
 * Where the other procedures type this address's punctuation differently from the chosen one.
 * Letters and digits are left out (every procedure types them the same way), and so is the AltiGen
 * guide as the other side: it gives no keys, so it cannot disagree.
 * @returns one entry per other procedure that differs (empty when they agree or cannot type it)
 */
export function procedureDisagreements(address: string, chosen: AddressProcedureId, path: AddressPath = 'normal'): ProcedureDisagreement[] {
  const punct = (actions: KeypadAction[]) => {
    const m = new Map<string, string>();
    for (const a of actions) if (a.type === 'key' && !/[0-9a-z]/i.test(a.produces) && !m.has(a.produces)) m.set(a.produces, pressWords(a));
    return m;
  };
  let mine: Map<string, string>;
  try {
    mine = punct(planAddress(address, chosen, path).actions);
  } catch {
    return [];
  }
  const out: ProcedureDisagreement[] = [];
  for (const id of ADDRESS_PROCEDURES) {
    if (id === chosen || id === 'altigen') continue;
    let theirs: Map<string, string>;
    try {
      theirs = punct(planAddress(address, id, path).actions);
    } catch {
      continue;
    }
    const chars = [...mine].filter(([c, w]) => theirs.has(c) && theirs.get(c) !== w).map(([c, w]) => ({ char: c, chosen: w, other: theirs.get(c)! }));
    if (chars.length) out.push({ procedure: PROCEDURES[id], chars });
  }
  return out;
}

/**
 * The procedure to follow by default for a target: the provider preset's, else MegaPath's.
 * @param presetId the provider preset picked in the wizard, if any
 */
export function defaultProcedure(presetId: string | undefined): AddressProcedureId {
  return presetId === 'cic' ? 'cic' : presetId === 'altigen' ? 'altigen' : 'megapath';
}
