/**
 * A clock for "3 min ago" texts.
 */
import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs`.
 * @param intervalMs refresh period, default 5 s
 * @returns ms since epoch
 */
export function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
