/**
 * Option 2 (Time Offset, RFC 2132 §3.4) as people write it: seconds (`-18000`) or the hexadecimal
 * input the Genesys CIC guide shows for Windows (`FFFF.B9B0`, also `0xFFFFB9B0`). Pure code.
 */

/**
 * Read a time offset.
 * @param text seconds or the 8-hex-digit form
 * @returns seconds east of UTC (negative west) as a signed 32-bit number, or undefined when the
 *   text is neither form or does not fit in 32 bits
 */
export function readTimeOffset(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?\d+$/.test(t)) {
    const n = Number(t);
    return n >= -0x80000000 && n <= 0x7fffffff ? n : undefined;
  }
  const hex = /^(?:0x)?([0-9a-f]{4})\.?([0-9a-f]{4})$/i.exec(t);
  return hex ? parseInt(`${hex[1]}${hex[2]}`, 16) | 0 : undefined;
}
