/**
 * Text whose `backticked` parts are commands: shown as code so they can be read and copied exactly.
 */

/**
 * Split a text on backticks.
 * @param text e.g. "run `sudo sysctl ...` once"
 * @returns parts with `code: true` for the backticked ones; an unmatched backtick stays as text
 */
export function splitBackticks(text: string): Array<{ text: string; code: boolean }> {
  const parts: Array<{ text: string; code: boolean }> = [];
  const re = /`([^`]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), code: false });
    parts.push({ text: m[1]!, code: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), code: false });
  return parts;
}

/**
 * Render a text with its backticked parts as `<code>`.
 * @param props.text the text
 */
export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {splitBackticks(text).map((p, i) => (p.code ? <code key={i}>{p.text}</code> : <span key={i}>{p.text}</span>))}
    </>
  );
}
