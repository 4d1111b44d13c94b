/**
 * How alarming a request's outcome is: a missing optional file is normal, a missing firmware is not.
 * The rules live in shared/boot-rules.ts (the engine's boot verdict uses the same ones).
 */
import type { RequestEvent } from '../../../shared/dto';
import { requestTone, type Tone } from '../../../shared/boot-rules';

export { isUpload, requestTone, type Tone } from '../../../shared/boot-rules';

/**
 * Count requests by tone.
 * @param rows requests
 * @returns how many are ok, warn and error
 */
export function toneCounts(rows: RequestEvent[]): Record<Tone, number> {
  const counts: Record<Tone, number> = { ok: 0, warn: 0, error: 0 };
  for (const r of rows) counts[requestTone(r)]++;
  return counts;
}
