/**
 * The enrollment wizard's automatic path: set the phone's boot server through its web UI, read it
 * back, reboot it, and only then say it restarted. Every failure stops here with the phone's own
 * error and what to do (no address, unreachable, wrong or missing admin password, HTTPS-only phone
 * reached over HTTP, refused by the phone, a read-back that differs).
 * Uses the public PhoneService API (`single`, `credentials`), never the web client's internals.
 * Sources: MegaPath IP650/IP670 Enrollment Guide, Normal path steps 7-9 (Boot Server = Static,
 * Server Type, Server Address); AltiGen MAXCS Polycom Configuration Guide, Step 1 ("In some cases,
 * you may need to use https") and Step 9 (Settings › Provisioning Server).
 */
import type { Enrollment, EnrollmentView } from '../../../shared/api-enroll';
import type { PhoneActionResult } from '../../../shared/api-phones';
import type { PhoneErrorInfo } from '../../../shared/phone-web';
import { DEFAULT_SITE } from '../phones/credentials';
import type { PhoneService, TargetArg } from '../phones/phone-service';

/** An error the UI shows with its fix (the transports pass `code`, `message`, `fix`). */
export class EnrollError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'EnrollError';
  }
}

/** The boot server settings written to the phone. */
export interface BootSettings {
  type: 'http' | 'https' | 'ftp' | 'tftp';
  server: string;
  user?: string;
  password?: string;
  bootServer: 'static';
}

/** What the automatic path found out. */
export type AutomaticOutcome = NonNullable<Enrollment['automatic']>;

/**
 * Where to reach the phone's web UI, as the user typed it: `10.0.0.5`, `10.0.0.5:8080`,
 * `https://10.0.0.5`, `https://10.0.0.5:8443/`. The scheme is kept: `https://` means HTTPS.
 * @param typed the Phone address field (may be empty)
 * @returns the target for PhoneService, or undefined when nothing was typed
 * @throws EnrollError `BAD_ADDRESS` for a scheme other than http/https or a port out of range
 */
export function phoneTarget(typed: string | undefined): Omit<TargetArg, 'mac'> | undefined {
  const raw = typed?.trim();
  if (!raw) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    throw new EnrollError('BAD_ADDRESS', `“${raw}” is not a web address (${scheme}://).`, 'Type the phone’s address as 10.0.0.23, or https://10.0.0.23 when the phone only answers HTTPS.');
  }
  const rest = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(rest);
  if (!m || !m[1]) throw new EnrollError('BAD_ADDRESS', `“${raw}” is not a phone address.`, 'Type the phone’s IP address as the phone shows it (Menu › Settings › Status › Network › TCP/IP Parameters), e.g. 10.0.0.23.');
  const port = m[2] !== undefined ? Number(m[2]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) throw new EnrollError('BAD_ADDRESS', `Port ${port} in “${raw}” is out of range.`, 'Leave the port out (80 for http, 443 for https) or give 1-65535, e.g. 10.0.0.23:8080.');
  const host = m[1].replace(/^\[|\]$/g, '');
  return { host, ...(port !== undefined ? { port } : {}), ...(scheme ? { https: scheme === 'https' } : {}) };
}

/** In the wizard, the admin password can be typed right there: say so first. */
function withPasswordHint(err: PhoneErrorInfo): PhoneErrorInfo {
  if (err.code !== 'WRONG_PASSWORD' && err.code !== 'NO_PASSWORD') return err;
  return { ...err, fix: `Type the phone’s admin password in “Phone admin password” above and try again (the factory default is 456). ${err.fix ?? ''}`.trim() };
}

/** Hints added to the phone's own fix when the scheme is the likely cause. */
function withSchemeHint(err: PhoneErrorInfo, target: Omit<TargetArg, 'mac'> | undefined): PhoneErrorInfo {
  if (!target || target.https || (err.code !== 'UNREACHABLE' && err.code !== 'NOT_A_POLYCOM' && err.code !== 'TIMEOUT')) return err;
  const where = `https://${target.host}${target.port ? `:${target.port}` : ''}`;
  return { ...err, fix: `${err.fix ? `${err.fix} ` : ''}If the phone’s web page opens only as ${where}, type that address (with https://) in the Path step.` };
}

/**
 * Run the automatic path for one phone.
 * @param phones the engine's PhoneService
 * @param e the phone's wizard state (target chosen)
 * @param settings the boot server settings for its target
 * @param opts `adminPassword` typed in the wizard (used for this run only unless `rememberPassword`),
 *   `knownAddress` whether ProvKit knows where the phone is when no address was typed
 * @returns the outcome to save on the enrollment: `restarted` (change accepted, read back equal, reboot
 *   accepted) or `failed` with the phone's error and its fix
 * @throws EnrollError `NO_ADDRESS` when no address was typed and ProvKit has never seen the phone,
 *   `BAD_ADDRESS` for an address that is not one
 */
export async function runAutomatic(
  phones: PhoneService,
  e: EnrollmentView,
  settings: BootSettings,
  opts: { adminPassword?: string; rememberPassword?: boolean; knownAddress: boolean; now?: () => number },
): Promise<AutomaticOutcome> {
  const now = opts.now ?? Date.now;
  const typed = phoneTarget(e.phoneHost);
  if (!typed && !opts.knownAddress) {
    throw new EnrollError('NO_ADDRESS', 'No phone address: ProvKit has not seen this phone on the network, so it does not know where to reach it.', 'Type the phone’s address in the Path step (Menu › Settings › Status › Network › TCP/IP Parameters shows it), e.g. 10.0.0.23 or https://10.0.0.23.');
  }
  if (opts.adminPassword && opts.rememberPassword) await phones.credentials.add(DEFAULT_SITE, opts.adminPassword);
  const target: TargetArg = { ...(typed ?? {}), mac: e.mac };
  const result: PhoneActionResult = await phones.single({
    kind: 'setBootServer',
    target,
    settings,
    reboot: true,
    wait: false,
    ...(opts.adminPassword && !opts.rememberPassword ? { passwords: [opts.adminPassword] } : {}),
  });
  const p = result.progress;
  const steps = p.verified ?? [];
  if (p.state !== 'ok') {
    const err = withPasswordHint(withSchemeHint(p.error ?? { code: 'NOT_VERIFIED', message: `The phone at ${p.target} did not confirm the change (${p.step}).` }, typed));
    return { at: now(), outcome: 'failed', steps, error: { code: err.code, message: err.message, ...(err.fix ? { fix: err.fix } : {}) } };
  }
  const rb = result.provisioning;
  const accepted = steps.some((s) => /^reboot accepted/.test(s));
  if (!rb || rb.serverType !== settings.type || rb.serverName.trim() !== settings.server.trim() || !accepted) {
    const got = rb ? `${rb.serverType?.toUpperCase() ?? '?'} ${rb.serverName}` : 'nothing';
    return {
      at: now(),
      outcome: 'failed',
      steps,
      error: {
        code: 'NOT_VERIFIED',
        message: !rb || rb.serverType !== settings.type || rb.serverName.trim() !== settings.server.trim() ? `The phone read back ${got}, not ${settings.type.toUpperCase()} ${settings.server}.` : 'The phone did not accept the reboot.',
        fix: 'Open the phone’s web page (Settings › Provisioning Server) to compare, then try again or use the Normal path on the keypad.',
      },
    };
  }
  return { at: now(), outcome: 'restarted', steps, readBack: `${rb.serverType?.toUpperCase()} ${rb.serverName}, boot server ${rb.bootServer ?? 'unknown'}` };
}
