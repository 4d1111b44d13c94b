/**
 * Polycom firmware version strings: parse and compare.
 * Forms met in the sources: `4.0.4.2906`, `4.0.8.2058.I`, `5.9.3.2857 Rev G`, `5.9.0 Rev AD`,
 * `5.4.5G`, `4.0.8c` (CIC guide; AltiGen guide "Supported Polycom IP Phones").
 * Pure code, no Node.
 */

/** A parsed version: numeric parts and an optional revision letter (`G`, `I`, `AD`). */
export interface FirmwareVersion {
  nums: number[];
  /** Revision, upper case; undefined when the string has none. */
  rev?: string;
  /** The string as given, trimmed. */
  text: string;
}

const VERSION = /^(\d+(?:\.\d+)*)(?:(?:[._ ]?(?:rev[._ ]?)?)([a-z]{1,3}))?$/i;

/**
 * Parse a version string.
 * @param text e.g. `5.9.3.2857 Rev G`, `4.0.8.2058.I`, `5.4.5G`
 * @returns the parsed version, or undefined when `text` is not a version
 */
export function parseFirmwareVersion(text: string): FirmwareVersion | undefined {
  const t = text.trim();
  const m = VERSION.exec(t);
  if (!m) return undefined;
  const nums = m[1]!.split('.').map(Number);
  return { nums, ...(m[2] ? { rev: m[2].toUpperCase() } : {}), text: t };
}

/** True when `text` parses as a version. */
export function isFirmwareVersion(text: string): boolean {
  return parseFirmwareVersion(text) !== undefined;
}

function revCompare(a: string | undefined, b: string | undefined): number {
  // A version without a revision (User-Agents do not carry it) matches any revision.
  if (a === undefined || b === undefined || a === b) return 0;
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : 1;
}

/**
 * Compare two versions: numeric parts left to right (a missing part counts as 0), then the
 * revision when both have one (`G` < `I` < `AD`).
 * @returns negative when a < b, 0 when equal, positive when a > b
 * @throws Error naming the string when either is not a version
 */
export function compareVersions(a: string, b: string): number {
  const va = parseFirmwareVersion(a);
  const vb = parseFirmwareVersion(b);
  if (!va) throw new Error(`"${a}" is not a firmware version`);
  if (!vb) throw new Error(`"${b}" is not a firmware version`);
  const n = Math.max(va.nums.length, vb.nums.length);
  for (let i = 0; i < n; i++) {
    const d = (va.nums[i] ?? 0) - (vb.nums[i] ?? 0);
    if (d !== 0) return d;
  }
  return revCompare(va.rev, vb.rev);
}

/**
 * Does `version` belong to a release series (`3.1` → `3.1.6`, `3.1.0.1234`; `4.0.8` → `4.0.8.2058.I`)?
 * @returns false when `version` is not a version
 */
export function inSeries(version: string, series: string): boolean {
  const v = parseFirmwareVersion(version);
  const s = series.split('.').map(Number);
  return Boolean(v) && s.every((n, i) => v!.nums[i] === n);
}

/**
 * Versions that a phone reports match what was flashed: equal numbers (the phone may report
 * fewer parts than the package name, e.g. `4.0.8.2058` for `4.0.8.2058.I`).
 */
export function sameVersion(reported: string, wanted: string): boolean {
  const a = parseFirmwareVersion(reported);
  const b = parseFirmwareVersion(wanted);
  if (!a || !b) return reported.trim() === wanted.trim();
  const n = Math.min(a.nums.length, b.nums.length);
  for (let i = 0; i < n; i++) if (a.nums[i] !== b.nums[i]) return false;
  return revCompare(a.rev, b.rev) === 0 && n >= Math.min(3, Math.max(a.nums.length, b.nums.length));
}

/**
 * Newest of some versions (strings that are not versions are ignored).
 * @returns undefined when none is a version
 */
export function newestVersion(versions: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const v of versions) {
    if (!isFirmwareVersion(v)) continue;
    if (best === undefined || compareVersions(v, best) > 0) best = v;
  }
  return best;
}

/**
 * Find a version written inside a package or file name: `spip_ssip_vvx_4_0_4_2906_split.zip`,
 * `UCS_v5.9.3.2857_RevG.zip`, `polycom-4.0.15.1009-split`.
 * @returns the version (dotted), or undefined
 */
export function versionFromName(name: string): string | undefined {
  const m = /(?:^|[^\d])(\d{1,2}[._]\d{1,2}[._]\d{1,2}(?:[._]\d{3,5})?)(?:[._ -]?rev[._ -]?([a-z]{1,2})(?![a-z]))?/i.exec(name);
  if (!m) return undefined;
  const v = m[1]!.replace(/_/g, '.');
  return m[2] ? `${v} Rev ${m[2].toUpperCase()}` : v;
}
