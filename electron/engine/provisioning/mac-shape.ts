/**
 * The "shape" of a requested name that carries a phone's MAC address: the name with its MAC
 * replaced by a placeholder. Booting Polycom phones ask for several optional names built from
 * their own MAC (`<mac>.cfg`, `<mac>-phone.cfg`, `<mac>-web.cfg`, `<mac>-license.cfg`,
 * `<mac>-directory.xml`, `<mac>-calls.xml`: docs/sources.md §1, "Polycom boot sequence"), so a thousand phones booting for the
 * first time ask for thousands of different names with only a handful of shapes. For a MAC the
 * inventory does not know, what ProvKit answers to such a name depends on its shape alone
 * (http-front-absent.ts).
 */
import { DEFAULT_MAC } from '../../../shared/mac';

/** A name's MAC (12 lowercase hex digits) and its shape. */
export interface MacShape {
  mac: string;
  /** The name with the MAC written as `{mac}` (lowercase in the name) or `{MAC}` (uppercase). */
  shape: string;
}

const HEX_RUN = /[0-9a-f]+/gi;

/**
 * @param rel clean relative path (paths.ts), e.g. `0004f2aabbcc-phone.cfg`
 * @returns the MAC and shape when the name is in the root (no folder) and holds exactly one run
 *   of exactly 12 hex digits, written all lowercase or all uppercase, that is not the default
 *   `000000000000`; else undefined
 */
export function macShape(rel: string): MacShape | undefined {
  if (rel.includes('/')) return undefined;
  let found: RegExpMatchArray | undefined;
  for (const m of rel.matchAll(HEX_RUN)) {
    if (m[0].length !== 12) continue;
    if (found) return undefined;
    found = m;
  }
  if (!found) return undefined;
  const run = found[0];
  const mac = run.toLowerCase();
  if (mac === DEFAULT_MAC) return undefined;
  const tag = run === mac ? '{mac}' : run === run.toUpperCase() ? '{MAC}' : undefined;
  if (!tag) return undefined;
  const at = found.index!;
  return { mac, shape: rel.slice(0, at) + tag + rel.slice(at + 12) };
}
