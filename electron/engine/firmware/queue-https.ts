/**
 * The upgrade queue's "HTTP first, then HTTPS" stage (QueueSettings.httpsAfter): once a phone's
 * upgrade is verified, its row follows whether the phone came back over HTTPS — judged from its
 * requests only (shared/https-return.ts: the configuration with the bench CA over HTTP, then a
 * request over HTTPS; a failed handshake with its logged reason; "not verified" after the step
 * timeout). Every change is one line of the row's history.
 * Source: Polycom UC Software Administrator Guide, "TLS Parameters" and `device.prov.*`;
 * docs/sources.md "HTTPS provisioning".
 */
import type { RequestEvent } from '../../../shared/dto';
import type { QueueHttps, QueuePhone, QueueSettings } from '../../../shared/firmware-dto';
import { judgeHttpsReturn } from '../../../shared/https-return';

/** Stages that end the watch. */
const FINAL: ReadonlySet<QueueHttps['state']> = new Set(['https', 'not-verified']);

/** Whether a phone's HTTPS stage is still being watched. */
export function httpsPending(p: QueuePhone): boolean {
  return p.state === 'done' && p.https !== undefined && !FINAL.has(p.https.state);
}

/**
 * Start the HTTPS stage of a phone whose upgrade was just verified (when the setting is on).
 * @returns whether the phone now has an HTTPS stage
 */
export function startHttpsStage(p: QueuePhone, settings: QueueSettings, now = Date.now()): boolean {
  if (!settings.httpsAfter || p.state !== 'done' || p.https) return false;
  p.https = { state: 'waiting', at: now, note: 'HTTP first, then HTTPS: waiting for the phone to receive the bench CA over HTTP and come back over HTTPS' };
  return true;
}

/**
 * Judge a phone's HTTPS stage again from its requests.
 * @param rows the phone's timeline (request log)
 * @param stepTimeoutMs how long after the upgrade the phone has to come back over HTTPS
 * @returns the history line to add when the stage changed, else undefined
 */
export function updateHttpsStage(p: QueuePhone, rows: readonly RequestEvent[], stepTimeoutMs: number, now = Date.now()): string | undefined {
  if (!httpsPending(p)) return undefined;
  const since = p.startedAt ?? p.addedAt;
  const j = judgeHttpsReturn({ since, now, deadline: (p.finishedAt ?? now) + stepTimeoutMs, rows });
  let next: Omit<QueueHttps, 'at'>;
  if (j.outcome === 'https') next = { state: 'https', note: `came back over HTTPS: ${j.back.detail}` };
  else if (j.outcome === 'not-verified') next = { state: 'not-verified', note: `HTTPS not verified: ${j.lookAt ?? 'no request over HTTPS was seen'}` };
  else if (j.tls) next = { state: 'tls-failed', note: `HTTPS handshake failed: ${j.tls.reason}. What to do: ${j.tls.fix}` };
  else if (j.received.state === 'done') next = { state: 'received', note: `received the bench CA over HTTP (${j.received.detail}); waiting for it over HTTPS` };
  else if (j.received.state === 'failed') next = { state: 'waiting', note: j.received.detail };
  else return undefined;
  if (p.https && p.https.state === next.state && p.https.note === next.note) return undefined;
  p.https = { ...next, at: j.outcome === 'https' ? (j.back.at ?? now) : now };
  return next.note;
}
