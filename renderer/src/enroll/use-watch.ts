/**
 * React glue for the watch: a phone's rows, DHCP exchanges and expected firmware from the enroll store, live
 * transfers from the servers store (`ServerStatus.transfers`, when the servers report them), and a
 * clock ticking every second for the twenty-minute budget.
 */
import { useMemo } from 'react';
import type { EnrollmentView } from '../../../shared/api-enroll';
import type { ServerKind, ServerStatus } from '../../../shared/dto';
import { wantsHttpsFirst } from '../../../shared/https-return';
import { useApp } from '../store/context';
import { useNow } from '../use-now';
import type { ServerEntryInfo } from './target';
import { watchPhone, type LiveTransfer, type WatchStatus } from './watch';

/**
 * Transfers in progress on every server.
 * @param byKind server statuses
 */
export function liveTransfers(byKind: Partial<Record<ServerKind, ServerStatus>>): LiveTransfer[] {
  return Object.values(byKind).flatMap((s) => s?.transfers ?? []);
}

/**
 * The watch verdict for one phone, recomputed every second and on every new request.
 * @param e the phone's wizard state
 * @param entry the server entry of its target (only ProvKit's own servers can be watched)
 * @returns undefined before the restart or for a provider's server
 */
export function useWatch(e: EnrollmentView | undefined, entry: ServerEntryInfo | undefined): WatchStatus | undefined {
  const mac = e?.mac ?? '';
  const rows = useApp('enroll', (s) => s.rows[mac]);
  const firmware = useApp('enroll', (s) => s.firmware[mac]);
  const dhcp = useApp('enroll', (s) => s.dhcp[mac]);
  const servers = useApp('servers', (s) => s.byKind);
  const watching = Boolean(e && e.watchStartedAt !== undefined && entry?.watchable && e.doneAt === undefined);
  const now = useNow(watching ? 1000 : 60_000);
  return useMemo(() => {
    if (!e || e.watchStartedAt === undefined || !entry?.watchable) return undefined;
    return watchPhone({ startedAt: e.watchStartedAt, now: e.doneAt ?? now, rows: rows ?? [], transfers: liveTransfers(servers), firmware: firmware ?? null, dhcp: dhcp ?? [], httpsFirst: wantsHttpsFirst(e) });
  }, [e, entry, rows, firmware, dhcp, servers, now]);
}
