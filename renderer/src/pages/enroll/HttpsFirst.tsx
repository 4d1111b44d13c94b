/**
 * "HTTP first, then HTTPS" in the enrollment wizard: the choice on the target step (ProvKit's HTTP
 * server as target, HTTPS server available) with the reason in plain words, and on the watch step
 * the failed handshake's logged reason with what to do, or — past the budget without an HTTPS
 * request — "not verified" and what to look at. The stages themselves are judged from the phone's
 * requests (shared/https-return.ts).
 */
import type { ServerKind, ServerStatus } from '../../../../shared/dto';
import { HTTPS_FIRST_WHY, wantsHttpsFirst } from '../../../../shared/https-return';
import type { WatchStatus } from '../../enroll/watch';
import { hrefFor } from '../../routing';
import type { StepProps } from './Wizard';

/**
 * Why the HTTPS server cannot take the phone now, or undefined when it can.
 * @param https the HTTPS server's status (undefined: this ProvKit has none)
 */
export function httpsUnavailable(https: ServerStatus | undefined): string | undefined {
  if (!https) return 'This ProvKit has no HTTPS server.';
  if (https.options['certSource'] === 'own') return 'The HTTPS server uses your own certificate, whose CA ProvKit cannot hand to phones: give the phones that CA yourself.';
  if (https.state !== 'listening') return 'The HTTPS server is not listening: start it on the Servers page before the phone boots, or its configuration will not carry the bench CA.';
  return undefined;
}

/** The choice on the target step, shown for ProvKit's HTTP server as target. */
export function HttpsFirstChoice({ e, update, servers }: StepProps & { servers: Partial<Record<ServerKind, ServerStatus>> }) {
  if (e.target?.kind !== 'provkit' || e.target.server !== 'http' || !servers.https) return null;
  const https = servers.https;
  const problem = httpsUnavailable(https);
  const ownCert = https.options['certSource'] === 'own';
  return (
    <div className="https-first">
      <label className={`choice${ownCert ? ' choice-unavailable' : ''}`}>
        <input type="checkbox" checked={wantsHttpsFirst(e)} disabled={ownCert && !e.httpsFirst} onChange={(ev) => update({ httpsFirst: ev.target.checked ? true : undefined })} />
        <span>
          <strong>HTTP first, then HTTPS</strong>
          <span className="hint">{HTTPS_FIRST_WHY}</span>
          <span className="hint">
            ProvKit watches for both: the configuration with the bench CA served over HTTP, then the phone’s first request over HTTPS{https.state === 'listening' && https.url ? ` (${https.url})` : ''}.
          </span>
        </span>
      </label>
      {e.httpsFirst && problem && (
        <p className="banner-warn wiz-problem" role="status">
          <strong>Check:</strong> {problem} <a href={hrefFor({ area: 'servers' })}>Servers page</a>
        </p>
      )}
    </div>
  );
}

/** On the watch step: a failed handshake (reason, what to do), or "not verified" past the budget. */
export function HttpsWatchNote({ watch }: { watch: WatchStatus }) {
  const h = watch.https;
  if (!h || h.outcome === 'https') return null;
  if (h.outcome === 'not-verified') {
    return (
      <div className="https-note https-unverified" role="status">
        <p>
          <strong>Not verified over HTTPS.</strong> {h.lookAt}
        </p>
      </div>
    );
  }
  if (!h.tls) return null;
  return (
    <div className="https-note https-tls-failed" role="alert">
      <p>
        <strong>The phone’s HTTPS handshake failed:</strong> {h.tls.reason}
      </p>
      <p>
        <strong>What to do:</strong> {h.tls.fix}
      </p>
    </div>
  );
}
