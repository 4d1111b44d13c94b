/**
 * One action on one phone, verified: set boot server (write, read back, reboot, see it boot),
 * reboot / restart (go away, come back, same MAC, boot seen in the request log when it boots
 * against ProvKit), factory reset (come back, accept the factory password 456 — facts §4 step 5),
 * check-sync (SIP 200, configuration fetched). Progress goes to a row (batch.ts RowUpdate).
 * Source: issue #4 "Verification"; seed `altigen-maxcs-polycom-configuration-guide.txt` Step 1
 * (reset) and Step 9 (Save; "the phone should restart within 1 minute").
 */
import type { PhoneActionProgress } from '../../../shared/api-phones';
import { formatMac } from '../../../shared/mac';
import type { BootServerSettings, PhoneDialect, PhoneEndpoint, PhoneProvisioning, PhoneWebInfo } from '../../../shared/phone-web';
import type { RowUpdate } from './batch';
import type { LoggedInClient } from './polycom/connect';
import { NotVerifiedError, PhoneError } from './phone-errors';
import { sendCheckSync } from './sip-notify';
import { BootWatcher, waitForReboot, type RequestSource } from './verify';
import { FACTORY_PASSWORD } from './credentials';

/** Times used by the verification (ms). */
export interface ActionTiming {
  pollMs: number;
  downTimeoutMs: number;
  upTimeoutMs: number;
  /** After the phone is back, how long to wait for its configuration request (when it boots against ProvKit). */
  bootTimeoutMs: number;
}

/** Default times for real phones. */
export const DEFAULT_TIMING: ActionTiming = { pollMs: 1000, downTimeoutMs: 90_000, upTimeoutMs: 300_000, bootTimeoutMs: 120_000 };

/** What an action needs from the service. */
export interface ActionContext {
  requestLog: RequestSource;
  timing: ActionTiming;
  /** Log in (trying the site's passwords, or only `passwords` when given). */
  connect(endpoint: Required<PhoneEndpoint>, opts: { site?: string; dialect?: PhoneDialect; passwords?: string[] }): Promise<LoggedInClient>;
  /** Whether a provisioning setting points at one of ProvKit's running servers. */
  pointsAtProvKit(p: Pick<PhoneProvisioning, 'serverType' | 'serverName'>): boolean;
  /** Record what a phone said about itself (directory). */
  remember(endpoint: Required<PhoneEndpoint>, info: PhoneWebInfo): void;
}

/** Arguments of an action. */
export interface ActionArgs {
  kind: PhoneActionProgress['action'];
  endpoint: Required<PhoneEndpoint>;
  site?: string;
  dialect?: PhoneDialect;
  settings?: BootServerSettings;
  /** setBootServer: reboot after saving (default true). */
  reboot?: boolean;
  /** Wait for the phone to come back (default true). */
  wait?: boolean;
  /** factoryReset: the MAC the technician confirmed (`*`: confirmed for a whole batch by address). */
  confirmMac?: string;
  sipPort?: number;
  /** MAC already known (check-sync has no web login). */
  mac?: string;
  /** Admin passwords to try instead of the site's (one typed by the user for this action). */
  passwords?: string[];
}

const s = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Identify the phone and report it on the row. */
async function identify(ctx: ActionContext, client: LoggedInClient, a: ActionArgs, update: RowUpdate): Promise<PhoneWebInfo> {
  const info = await client.getInfo();
  ctx.remember(a.endpoint, info);
  update({ ...(info.mac ? { mac: info.mac } : {}), ...(info.model ? { model: info.model } : {}) });
  return info;
}

/**
 * After a reboot request: wait for down/up, check it is the same phone, and when it boots
 * against ProvKit, find its configuration request in the request log.
 */
async function verifyReboot(ctx: ActionContext, a: ActionArgs, mac: string | undefined, watcher: BootWatcher | undefined, alreadyDown: boolean, update: RowUpdate, verified: string[], expectFactory = false, toProvKit = false): Promise<void> {
  update({ state: 'waiting', step: 'waiting for the phone to restart', percent: 40 });
  const t = ctx.timing;
  const r = await waitForReboot(a.endpoint, {
    pollMs: t.pollMs,
    downTimeoutMs: t.downTimeoutMs,
    upTimeoutMs: t.upTimeoutMs,
    alreadyDown,
    onProgress: (p) => update({ step: p.message, percent: p.phase === 'waiting-down' ? 45 : p.phase === 'down' ? 60 : 80 }),
  });
  verified.push(`went away and answered again ${s(r.upAfterMs - r.downAfterMs)} later`);
  update({ state: 'running', step: 'checking it is the same phone', percent: 85 });
  const again = await ctx.connect(a.endpoint, { ...(a.site ? { site: a.site } : {}), ...(expectFactory ? { passwords: [FACTORY_PASSWORD] } : a.passwords ? { passwords: a.passwords } : {}) });
  try {
    const info = await identify(ctx, again, a, update);
    if (mac && info.mac && info.mac !== mac) throw new NotVerifiedError(a.endpoint.host, `a different phone (${formatMac(info.mac)}) answers there now`, 'The phone may have taken another address after the restart (DHCP): find it again with Discover.');
    if (expectFactory) verified.push('accepts the factory admin password 456 again');
  } finally {
    again.close();
  }
  if (watcher && toProvKit) {
    update({ step: 'waiting for its boot requests at ProvKit', percent: 90 });
    const reqs = await watcher.waitForConfig(t.bootTimeoutMs);
    const cfgs = reqs.filter((e) => /\.cfg$/.test(e.path));
    const cfg = cfgs.find((e) => e.ok) ?? cfgs.at(-1);
    if (!cfg) throw new NotVerifiedError(a.endpoint.host, `it restarted but ${reqs.length ? `only asked ProvKit for ${reqs.map((e) => e.path).join(', ')}` : 'no request from it reached ProvKit'} within ${s(t.bootTimeoutMs)}`, 'Check the boot server address and port on the phone against the Servers page, and that no firewall blocks it.');
    verified.push(`booted against ProvKit: ${reqs.length} request(s), ${cfg.method} ${cfg.path} ${cfg.status}`);
  }
}

/** Send reboot/restart/reset; a dropped connection counts as "already going down". */
async function send(fn: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    return false;
  } catch (err) {
    if (err instanceof PhoneError && err.code === 'UNREACHABLE') return true;
    throw err;
  }
}

/**
 * Run one action on one phone.
 * @returns the facts verified, in order
 * @throws PhoneError subclasses (typed, with a fix) on failure or when the effect is not confirmed
 */
export async function runAction(ctx: ActionContext, a: ActionArgs, update: RowUpdate): Promise<{ verified: string[]; info?: PhoneWebInfo; provisioning?: PhoneProvisioning }> {
  const verified: string[] = [];
  if (a.kind === 'checkSync') {
    update({ step: 'sending SIP NOTIFY check-sync', percent: 20 });
    const since = Date.now();
    const watcher = a.mac ? new BootWatcher(ctx.requestLog, a.mac, since) : undefined;
    try {
      const r = await sendCheckSync(a.endpoint.host, a.sipPort ?? 5060);
      verified.push(`SIP ${r.status} ${r.reason} in ${r.rttMs} ms`);
      if (watcher) {
        update({ state: 'waiting', step: 'waiting for it to fetch its configuration', percent: 60 });
        const reqs = await watcher.waitForConfig(Math.min(ctx.timing.bootTimeoutMs, 30_000));
        if (reqs.length) verified.push(`fetched ${reqs.length} file(s) from ProvKit`);
      }
      update({ verified: [...verified], step: 'done' });
      return { verified };
    } finally {
      watcher?.stop();
    }
  }
  update({ step: 'logging in', percent: 5 });
  const client = await ctx.connect(a.endpoint, { ...(a.site ? { site: a.site } : {}), ...(a.dialect ? { dialect: a.dialect } : {}), ...(a.passwords ? { passwords: a.passwords } : {}) });
  let watcher: BootWatcher | undefined;
  try {
    update({ step: 'reading the phone', percent: 10 });
    const info = await identify(ctx, client, a, update);
    verified.push(`identified: ${[info.model, info.mac ? formatMac(info.mac) : undefined, info.appVersion].filter(Boolean).join(', ')} (${client.dialect})`);
    if (a.kind === 'info') {
      update({ verified: [...verified], step: 'done' });
      return { verified, info };
    }
    let provisioning: PhoneProvisioning | undefined;
    let toProvKit = false;
    if (a.kind === 'setBootServer') {
      if (!a.settings) throw new PhoneError('PHONE_REFUSED', 'No boot server settings given.', 'Fill in the server type and address.');
      update({ step: `setting the boot server to ${a.settings.type.toUpperCase()} ${a.settings.server}`, percent: 20 });
      provisioning = await client.setProvisioning(a.settings);
      if (client.writeNotes?.length) verified.push(`chose on the phone\u2019s provisioning page: ${client.writeNotes.join('; ')}`);
      verified.push(`read back: ${provisioning.serverType?.toUpperCase()} ${provisioning.serverName}, boot server ${provisioning.bootServer}`);
      toProvKit = ctx.pointsAtProvKit(provisioning);
      if (a.reboot === false) {
        update({ verified: [...verified], step: 'saved (restart the phone to use it)' });
        return { verified, info, provisioning };
      }
    } else if (a.kind === 'factoryReset') {
      if (!a.confirmMac || (a.confirmMac !== '*' && a.confirmMac !== info.mac)) throw new PhoneError('PHONE_REFUSED', `Factory reset not sent: the phone at ${a.endpoint.host} is ${info.mac ? formatMac(info.mac) : 'of unknown MAC'}, not the one confirmed (${a.confirmMac ? formatMac(a.confirmMac) : 'none'}).`, 'Confirm the reset with the MAC shown on this phone\u2019s label.');
    } else {
      toProvKit = ctx.pointsAtProvKit(await client.getProvisioning());
    }
    if (info.mac) watcher = new BootWatcher(ctx.requestLog, info.mac, Date.now());
    update({ step: a.kind === 'factoryReset' ? 'restoring factory settings' : a.kind === 'restart' ? 'restarting the application' : 'rebooting', percent: 30 });
    const alreadyDown = await send(() => (a.kind === 'setBootServer' || a.kind === 'reboot' ? client.reboot() : a.kind === 'restart' ? client.restart() : client.factoryReset()));
    client.close();
    verified.push(a.kind === 'factoryReset' ? 'factory reset accepted' : `${a.kind === 'restart' ? 'restart' : 'reboot'} accepted`);
    if (a.wait !== false) await verifyReboot(ctx, a, info.mac, watcher, alreadyDown, update, verified, a.kind === 'factoryReset', toProvKit);
    update({ verified: [...verified], step: 'done' });
    return { verified, info, ...(provisioning ? { provisioning } : {}) };
  } finally {
    watcher?.stop();
    client.close();
  }
}
