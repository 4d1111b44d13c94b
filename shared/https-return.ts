/**
 * "HTTP first, then HTTPS", judged from a phone's requests only: a factory-reset phone does not
 * trust the bench CA, so it boots once over HTTP, receives the CA in its configuration
 * (`device.sec.TLS.customCaCert1`, with the move to HTTPS in `device.prov.serverType` /
 * `device.prov.serverName`), reboots to apply those device settings and provisions over HTTPS.
 * Two stages, each on evidence:
 * 1. received the CA: a configuration served to the phone over HTTP that carried the bench CA
 *    (`RequestEvent.httpsBootstrap`);
 * 2. came back over HTTPS: a request from the phone over HTTPS (a finished handshake; failed
 *    handshakes are logged with method `TLS` and never count).
 * A failed handshake from the phone's address after that is reported with its logged reason; past
 * the deadline without an HTTPS request the verdict is "not verified" with what to look at.
 * Used by the enrollment watch (renderer) and the firmware queue (engine). Pure.
 * Sources: Polycom UC Software Administrator Guide, "TLS Parameters" and `device.prov.*` (device
 * settings take effect after the reboot they cause); RFC 8446 §6.2 (alerts); docs/sources.md
 * "HTTPS provisioning".
 */
import type { Enrollment } from './api-enroll';
import type { RequestEvent } from './dto';

/** What the judgement is given. */
export interface HttpsReturnInput {
  /** Rows older than this (ms since epoch) are ignored: the phone was not yet sent to HTTP. */
  since: number;
  /** ms since epoch. */
  now: number;
  /** Past this (ms since epoch) without an HTTPS request the verdict is `not-verified`. */
  deadline: number;
  /** The phone's requests, any order (its timeline). */
  rows: readonly RequestEvent[];
}

/** One stage's state: `done` on evidence, `failed` when the evidence shows a problem, `unverified` past the deadline. */
export type HttpsStageState = 'done' | 'active' | 'waiting' | 'skipped' | 'failed' | 'unverified';

/** One of the two stages, for people. */
export interface HttpsStage {
  state: HttpsStageState;
  /** ms since epoch, when reached or when the problem was seen. */
  at?: number;
  detail: string;
}

/** The verdict. */
export interface HttpsReturn {
  /** `https`: an HTTPS request was seen after the CA; `not-verified`: deadline passed without one. */
  outcome: 'https' | 'waiting' | 'not-verified';
  /** "Booted over HTTP and received the bench CA". */
  received: HttpsStage;
  /** "Came back over HTTPS". */
  back: HttpsStage;
  /** The latest failed handshake from the phone not followed by an HTTPS request: the logged reason and what to do. */
  tls?: { at: number; reason: string; fix: string };
  /** When not verified (or stuck): what to look at, in one paragraph. */
  lookAt?: string;
}

/** Stage names as people read them. */
export const HTTPS_STAGE_LABELS = { received: 'Booted over HTTP and received the bench CA', back: 'Came back over HTTPS' } as const;

/** Why a factory-reset phone goes to HTTP first, in plain words (wizard and queue). */
export const HTTPS_FIRST_WHY =
  'A factory-reset phone trusts only the public certificate authorities built into it, not ProvKit’s own (the bench CA), so it would refuse ProvKit’s HTTPS server. It therefore boots once over HTTP, receives the bench CA and the HTTPS address in its configuration, restarts, and from then on provisions over HTTPS.';

/**
 * Whether an enrollment asks for "HTTP first, then HTTPS": the choice made, with ProvKit's HTTP
 * server as the target (the phone boots there once, untrusting, and receives the bench CA).
 */
export function wantsHttpsFirst(e: Pick<Enrollment, 'httpsFirst' | 'target'> | undefined): boolean {
  return Boolean(e?.httpsFirst && e.target?.kind === 'provkit' && e.target.server === 'http');
}

const base = (p: string): string => p.split('/').pop() || p;
const isFetch = (r: RequestEvent): boolean => r.method === 'GET' || r.method === 'RETR' || r.method === 'RRQ';

/**
 * What to do about a failed handshake seen after the phone received the bench CA.
 * @param reason the logged reason (it starts with the failure's name, e.g. `unknown CA`)
 * @param received whether the phone had been given the CA over HTTP
 */
export function tlsFailureFix(reason: string, received: boolean): string {
  if (/^unknown CA/i.test(reason)) {
    return received
      ? 'The phone received the bench CA but still does not trust the server: check that its firmware takes a custom CA from its configuration (device.sec.TLS.customCaCert1) and uses it for provisioning, and that it restarted after receiving it. Its log file, uploaded to ProvKit, says why.'
      : 'The phone has not received the bench CA yet: let it boot over HTTP once (its boot server must be ProvKit’s HTTP server).';
  }
  if (/^certificate expired/i.test(reason)) return 'Check the phone’s date and time (its time server, DHCP option 42) and the HTTPS server’s certificate dates on the Servers page.';
  if (/^protocol version|^no shared cipher/i.test(reason)) return 'Turn on the HTTPS server’s compatibility switch for older phones (Servers page, HTTPS settings), then restart the phone.';
  if (/^bad certificate/i.test(reason)) return 'The server certificate must name the address the phone uses: check the HTTPS server’s address and names on the Servers page.';
  if (/^client certificate/i.test(reason)) return 'Mutual TLS is on: the phone must present a certificate signed by the client CA you set, or turn mutual TLS off on the Servers page.';
  if (/^not TLS/i.test(reason)) return 'Something spoke plain HTTP to the HTTPS port: check the phone’s server type and address.';
  return 'Look at the phone’s log file and at the HTTPS server’s settings on the Servers page.';
}

/**
 * Judge "HTTP first, then HTTPS" for one phone from its requests.
 * @param input since, now, deadline (ms since epoch) and the phone's rows
 * @returns both stages, the latest unanswered TLS failure and, past the deadline, what to look at
 */
export function judgeHttpsReturn(input: HttpsReturnInput): HttpsReturn {
  const rows = input.rows.filter((r) => r.time >= input.since).sort((a, b) => a.time - b.time || a.id - b.id);
  const bootstrap = rows.find((r) => r.protocol === 'http' && r.httpsBootstrap === true && r.ok && isFetch(r));
  const bareConfig = bootstrap ? undefined : [...rows].reverse().find((r) => r.protocol === 'http' && r.source === 'rendered' && r.fileKind === 'config' && r.ok && isFetch(r) && r.phone.mac !== undefined && r.path.toLowerCase().includes(r.phone.mac));
  const after = bootstrap?.time ?? input.since;
  const https = rows.find((r) => r.protocol === 'https' && r.method !== 'TLS' && r.time >= after);
  const lastTls = [...rows].reverse().find((r) => r.protocol === 'https' && r.method === 'TLS' && r.time >= after);
  const tls = lastTls && !https ? { at: lastTls.time, reason: lastTls.error ?? `handshake failed (${lastTls.status})`, fix: tlsFailureFix(lastTls.error ?? '', Boolean(bootstrap)) } : undefined;
  const late = input.now > input.deadline;

  let received: HttpsStage;
  if (bootstrap) received = { state: 'done', at: bootstrap.time, detail: `${base(bootstrap.path)} served over HTTP with the bench CA and the move to HTTPS` };
  else if (https) received = { state: 'skipped', detail: 'no configuration with the bench CA was seen: the phone came straight over HTTPS (it already trusted the server)' };
  else if (bareConfig) {
    received = {
      state: 'failed',
      at: bareConfig.time,
      detail: `${base(bareConfig.path)} was served over HTTP without the bench CA: the HTTPS server was not listening, or uses your own certificate. Start it on the Servers page and restart the phone.`,
    };
  } else if (late) received = { state: 'unverified', detail: 'not verified: the phone did not fetch its configuration with the bench CA over HTTP' };
  else received = { state: 'active', detail: 'waiting for the phone to fetch its configuration over HTTP' };

  let back: HttpsStage;
  if (https) {
    // The first request proves it; an answered one (not a 404 for an optional file) reads better.
    const shown = rows.find((r) => r.protocol === 'https' && r.method !== 'TLS' && r.time >= after && r.ok) ?? https;
    const answer = shown.ok ? ` → ${shown.status}` : ` (answered ${shown.status}${shown.error ? `, ${shown.error}` : ''})`;
    back = { state: 'done', at: https.time, detail: `${shown.method} ${base(shown.path)} over HTTPS${answer}` };
  } else if (tls) back = { state: 'failed', at: tls.at, detail: `TLS handshake failed: ${tls.reason.split(':')[0]}` }; // the name; `tls` has the whole reason
  else if (late) back = { state: 'unverified', detail: 'not verified: no request over HTTPS was seen' };
  else back = { state: bootstrap ? 'active' : 'waiting', detail: bootstrap ? 'the phone restarts to apply the new settings, then provisions over HTTPS' : 'after the bench CA' };

  const outcome: HttpsReturn['outcome'] = https ? 'https' : late ? 'not-verified' : 'waiting';
  let lookAt: string | undefined;
  if (outcome === 'not-verified') {
    lookAt = tls
      ? `The phone tried HTTPS and its handshake failed: ${tls.reason}. ${tls.fix}`
      : bootstrap
        ? 'The phone received the bench CA over HTTP but no HTTPS request followed. Look at the phone: did it restart after its configuration, and does its provisioning server now say HTTPS? Check that the HTTPS server listens on an address the phone reaches (Servers page), and read the phone’s log file.'
        : 'ProvKit never served this phone a configuration with the bench CA over HTTP. Check that the phone uses ProvKit’s HTTP server, that the HTTPS server is listening (Servers page), and the phone’s requests on its timeline.';
  }
  return { outcome, received, back, ...(tls ? { tls } : {}), ...(lookAt ? { lookAt } : {}) };
}
