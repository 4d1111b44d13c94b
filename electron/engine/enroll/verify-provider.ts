/**
 * Evidence that a phone sent to a provider's boot server is done, read from the phone itself:
 * its Provisioning Server read back (the target's type and address) and its SIP lines'
 * registration state (REST `GET /api/v1/mgmt/lineInfo`, Polycom UC Software REST API Reference
 * Guide). Where the phone offers no line state ProvKit can read (REST API off, a web-UI-only
 * firmware), the outcome is "not verified" with what to look at on the phone — never "done".
 * Uses the public PhoneService API (`connect`) and the client's public methods.
 */
import type { EnrollmentView } from '../../../shared/api-enroll';
import type { PhoneLine } from '../phones/polycom/client';
import { PhoneError } from '../phones/phone-errors';
import type { PhoneService, TargetArg } from '../phones/phone-service';
import { EnrollError, phoneTarget, type BootSettings } from './automatic';

/** The saved verification. */
export type Verification = NonNullable<EnrollmentView['verification']>;

const LOOK = 'Look at the phone: it shows its extension when its line is registered.';

/** `line 1 (6000): registered`. */
export function lineWords(l: PhoneLine): string {
  const name = l.label ?? l.address;
  return `line ${l.line}${name ? ` (${name})` : ''}: ${l.status}`;
}

/**
 * Read the evidence from the phone.
 * @param phones the engine's PhoneService
 * @param e the phone's wizard state (a provider target)
 * @param settings what the target's boot server settings are (type and address compared)
 * @param opts `adminPassword` typed in the wizard (else the password store), `knownAddress` whether
 *   ProvKit knows where the phone is when no address was typed
 * @returns `verified` when the phone reads back the target and at least one line is registered;
 *   otherwise `not-verified` with the reason (the phone's own error when it could not be read)
 * @throws EnrollError `NOT_PROVIDER` for ProvKit as target (its evidence is the phone's requests),
 *   `NO_ADDRESS` when there is no address to reach the phone at
 */
export async function verifyProvider(
  phones: PhoneService,
  e: EnrollmentView,
  settings: BootSettings,
  opts: { adminPassword?: string; knownAddress: boolean; now?: () => number },
): Promise<Verification> {
  const now = opts.now ?? Date.now;
  if (e.target?.kind !== 'provider') throw new EnrollError('NOT_PROVIDER', 'ProvKit checks a phone sent to its own server by the requests the phone makes.', 'Watch the phone’s requests on the Watch step.');
  const typed = phoneTarget(e.phoneHost);
  if (!typed && !opts.knownAddress) throw new EnrollError('NO_ADDRESS', 'No phone address: ProvKit does not know where to reach this phone.', 'Type the phone’s address in the Path step, e.g. 10.0.0.23 or https://10.0.0.23.');
  const target: TargetArg = { ...(typed ?? {}), mac: e.mac };
  const passwords = opts.adminPassword ? { passwords: [opts.adminPassword] } : {};
  const notVerified = (reason: string, extra: Partial<Verification> = {}): Verification => ({ at: now(), outcome: 'not-verified', reason, ...extra });
  let readBack: string;
  try {
    const { client } = await phones.connect(target, passwords);
    try {
      const p = await client.getProvisioning();
      readBack = `${p.serverType?.toUpperCase() ?? '?'} ${p.serverName}`;
      if (p.serverType !== settings.type || p.serverName.trim() !== settings.server.trim()) {
        return notVerified(`The phone reads back ${readBack}, not ${settings.type.toUpperCase()} ${settings.server}: it is not set to this provider. Set it again (Enter settings step).`, { readBack });
      }
    } finally {
      client.close();
    }
  } catch (err) {
    if (err instanceof PhoneError) return notVerified(`${err.message} ${err.fix} ${LOOK}`);
    throw err;
  }
  let lines: PhoneLine[];
  try {
    const { client } = await phones.connect(target, { ...passwords, dialect: 'rest' });
    try {
      if (!client.getLines) return notVerified(`This phone offers no line state ProvKit can read. ${LOOK}`, { readBack });
      lines = await client.getLines();
    } finally {
      client.close();
    }
  } catch (err) {
    if (err instanceof PhoneError) {
      const why = err.code === 'REST_DISABLED' ? 'its REST API is off, so ProvKit cannot read its line registration' : `its line registration could not be read (${err.message})`;
      return notVerified(`The phone reads back ${readBack}, but ${why}. ${LOOK}`, { readBack });
    }
    throw err;
  }
  const words = lines.map(lineWords);
  if (!lines.length) return notVerified(`The phone reads back ${readBack}, but it has no line yet: it may still be fetching its configuration from the provider. ${LOOK}`, { readBack, lines: words });
  if (!lines.some((l) => l.registered)) return notVerified(`The phone reads back ${readBack}, but no line is registered (${words.join('; ')}). Wait for it to finish configuring, then check again; if it stays so, call the provider. ${LOOK}`, { readBack, lines: words });
  return { at: now(), outcome: 'verified', readBack, lines: words };
}
