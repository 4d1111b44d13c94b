/**
 * Escaping of values written into configuration files, per file format.
 * - Polycom XML (docs/sources.md §1 step 4): attribute values in double quotes.
 * - key=value files (AudioCodes `<MAC>.cfg`, Yealink `.cfg`): one parameter per line, so a value
 *   must never carry a line break (it would inject a second parameter).
 */

/**
 * Escape a string for an XML attribute value (`&`, `<`, `>`, `"`, `'`; control characters dropped).
 * @returns text safe inside double quotes
 */
export function xmlAttr(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/**
 * Make a value safe for a key=value line: line breaks and other control characters are removed.
 * @param onChange called when the value had to be changed (reported as a problem)
 */
export function keyValue(value: string, onChange?: () => void): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\x00-\x1f\x7f]/g, '');
  if (clean !== value) onChange?.();
  return clean;
}
