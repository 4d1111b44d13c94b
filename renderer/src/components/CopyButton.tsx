/**
 * A button that copies a text to the clipboard and says so.
 */
import { useEffect, useState } from 'react';

/**
 * Copy button.
 * @param props.text what to copy
 * @param props.label accessible name, e.g. "Copy HTTP boot server URL"
 */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | undefined>();
  useEffect(() => {
    if (!done) return;
    const t = setTimeout(() => setDone(undefined), 2000);
    return () => clearTimeout(t);
  }, [done]);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      setDone('failed');
    }
  };
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} aria-label={label}>
      {done === 'copied' ? 'Copied ✓' : done === 'failed' ? 'Select and copy' : 'Copy'}
    </button>
  );
}
