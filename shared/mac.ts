/**
 * MAC address helpers shared by engine and renderer. Pure: no Node, no DOM.
 */

/** Error thrown when a string is not a usable MAC address; `reason` says why. */
export class MacError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`"${input}" is not a MAC address: ${reason}`);
    this.name = 'MacError';
  }
}

const SEPARATED = /^([0-9a-f]{2})([:-])([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})\2([0-9a-f]{2})$/i;
const CISCO = /^([0-9a-f]{4})\.([0-9a-f]{4})\.([0-9a-f]{4})$/i;
const BARE = /^[0-9a-f]{12}$/i;

/**
 * Normalise a MAC address written in any common notation to 12 lowercase hex digits.
 * Accepts `00:04:f2:ab:cd:ef`, `00-04-F2-AB-CD-EF`, `0004.f2ab.cdef` and `0004f2abcdef`.
 * @param input the MAC as typed or found (surrounding spaces are ignored)
 * @returns 12 lowercase hex digits, e.g. `0004f2abcdef`
 * @throws MacError when the text is not one of those notations (wrong length, non-hex digit)
 */
export function normalizeMac(input: string): string {
  const s = input.trim();
  if (BARE.test(s)) return s.toLowerCase();
  const sep = SEPARATED.exec(s);
  if (sep) return [sep[1], sep[3], sep[4], sep[5], sep[6], sep[7]].join('').toLowerCase();
  const cisco = CISCO.exec(s);
  if (cisco) return (cisco[1]! + cisco[2]! + cisco[3]!).toLowerCase();
  const hex = s.replace(/[^0-9a-f]/gi, '');
  if (/[^0-9a-f:.\-\s]/i.test(s)) throw new MacError(input, 'it contains characters that are not hex digits or separators');
  throw new MacError(input, `it has ${hex.length} hex digits, a MAC has 12`);
}

/**
 * Like {@link normalizeMac} but returns `undefined` instead of throwing.
 * @param input any string
 * @returns 12 lowercase hex digits, or undefined when `input` is not a MAC
 */
export function tryNormalizeMac(input: string | undefined | null): string | undefined {
  if (!input) return undefined;
  try {
    return normalizeMac(input);
  } catch {
    return undefined;
  }
}

/**
 * Format a normalised MAC for people: `00:04:f2:ab:cd:ef`.
 * @param mac 12 hex digits (any case)
 * @returns colon-separated lowercase form; the input unchanged when it is not 12 hex digits
 */
export function formatMac(mac: string): string {
  if (!BARE.test(mac)) return mac;
  return mac.toLowerCase().match(/../g)!.join(':');
}

/**
 * The OUI (first three octets) of a normalised MAC, as 6 uppercase hex digits (`0004F2`),
 * the form used by the IEEE registry.
 * @param mac 12 hex digits
 */
export function ouiOf(mac: string): string {
  return mac.slice(0, 6).toUpperCase();
}

/** The all-zero MAC Polycom uses for the default master configuration file `000000000000.cfg`. */
export const DEFAULT_MAC = '000000000000';
