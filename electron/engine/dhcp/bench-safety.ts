/**
 * The bench server's safety rule (issue #3 §4): before it starts on an interface, probe that
 * interface; if any other DHCP server answers, refuse to start unless the technician forces it.
 */
import type { Logger } from '../logger';
import { probe } from './probe';

/** Outcome of the check. */
export interface SafetyCheck {
  /** Other servers that answered (their server identifiers). */
  others: string[];
  /** Why it could not check, when it could not (the start is then refused unless forced). */
  error?: string;
}

/**
 * Probe for DHCP servers on an interface (run before the bench server starts: every answer is another server).
 * @param waitMs how long to listen (default 3,000 ms)
 */
export async function checkForOtherServers(iface: string, logger: Logger, waitMs = 3000): Promise<SafetyCheck> {
  try {
    const r = await probe({ iface, profile: 'custom', waitMs, vendorClass: 'ProvKit safety probe' });
    const others = [...new Set(r.offers.map((o) => o.server))];
    if (others.length) logger.warn(`bench DHCP: other DHCP server(s) answer on ${iface}: ${others.join(', ')}`);
    return { others };
  } catch (err) {
    return { others: [], error: `${(err as Error).message}${(err as { fix?: string }).fix ? ` — ${(err as { fix?: string }).fix}` : ''}` };
  }
}
