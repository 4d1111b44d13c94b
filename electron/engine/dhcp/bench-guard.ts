/**
 * The bench server's safety rules, one code path for the DHCP page and `provkit dhcp serve`:
 * 1. Look like the phones it will serve: before starting, DISCOVER as each allow-listed vendor (its
 *    vendor class, a MAC in its OUI — or the allow-listed MAC itself), broadcast flag on and off;
 *    refuse when any other server answers. Servers scoped by vendor class (dnsmasq
 *    `--dhcp-vendorclass`, Windows vendor classes) answer only such requests.
 * 2. Serve only the chosen interface: without packet capture a UDP socket hears broadcasts from
 *    every interface and cannot tell which one (dhcp-link.ts), so on a host with more than one
 *    interface it refuses.
 * 3. Keep watching: another server's OFFER or ACK heard while running (on the link, and by a
 *    repeated safety probe) stops leasing at once, with the reason.
 * Every refusal can be overridden with `force` (an isolated bench).
 */
import { randomBytes } from 'node:crypto';
import type { ProbeProfileId } from '../../../shared/dhcp-dto';
import { BenchServer, type BenchConfig, type ForeignAnswer } from './bench-server';
import { textBytes } from './codec/bytes';
import { linkModeAvailable } from './dhcp-link';
import { inUseCheckGap } from './in-use';
import { externalInterfaceNames, type Ipv4Interface } from './interfaces';
import type { LeaseStore } from './leases';
import { exchange, probeMessage, type ProbeSend } from './probe';
import { probeProfile } from './profiles';
import type { Logger } from '../logger';

/** Which phone each vendor prefix of the default allow-list looks like (IEEE OUI registry owners). */
const VENDOR_OF_OUI: Record<string, { vendor: string; profile: ProbeProfileId; vendorClass?: string }> = {
  '0004f2': { vendor: 'Polycom', profile: 'vvx400' },
  '64167f': { vendor: 'Polycom', profile: 'vvx400' },
  '482567': { vendor: 'Polycom', profile: 'vvx400' },
  '00908f': { vendor: 'AudioCodes', profile: 'audiocodes-420hd' },
  '001719': { vendor: 'AudioCodes', profile: 'audiocodes-420hd' },
  '001565': { vendor: 'Yealink', profile: 'custom', vendorClass: 'yealink' },
  '805ec0': { vendor: 'Yealink', profile: 'custom', vendorClass: 'yealink' },
  '805e0c': { vendor: 'Yealink', profile: 'custom', vendorClass: 'yealink' },
  '249ad8': { vendor: 'Yealink', profile: 'custom', vendorClass: 'yealink' },
  '44dbd2': { vendor: 'Yealink', profile: 'custom', vendorClass: 'yealink' },
};

/** One safety DISCOVER. */
export interface SafetyProbe {
  /** For people: `Polycom VVX 400 (0004f2…)`. */
  label: string;
  profile: ProbeProfileId;
  vendorClass?: string;
  /** 12 hex digits. */
  mac: string;
  broadcast: boolean;
}

/**
 * The DISCOVERs that look like the allow-listed phones: one per vendor (or per unknown prefix, and
 * per allow-listed full MAC), each with the broadcast flag on and off.
 * @param allow MACs (12 hex) and prefixes (6 hex)
 */
export function safetyProbes(allow: readonly string[], rand: (n: number) => string = (n) => randomBytes(n).toString('hex')): SafetyProbe[] {
  const picks = new Map<string, { mac: string; profile: ProbeProfileId; vendorClass?: string; name: string }>();
  for (const a of allow) {
    const known = VENDOR_OF_OUI[a.slice(0, 6)];
    const key = a.length === 12 ? a : (known?.vendor ?? a);
    if (picks.has(key)) continue;
    const mac = a.length === 12 ? a : a + rand(3);
    const profile = known?.profile ?? 'custom';
    const label = probeProfile(profile).label;
    const name = !known ? `phone ${a.slice(0, 6)}` : profile === 'custom' ? `${known.vendor} phone` : label.startsWith(known.vendor) ? label : `${known.vendor} ${label}`;
    picks.set(key, { mac, profile, ...(known?.vendorClass ? { vendorClass: known.vendorClass } : {}), name });
  }
  return [...picks.values()].flatMap((p) =>
    [true, false].map((broadcast) => ({ label: `${p.name} (${p.mac})`, profile: p.profile, ...(p.vendorClass ? { vendorClass: p.vendorClass } : {}), mac: p.mac, broadcast })),
  );
}

/** Outcome of the check. */
export interface SafetyCheck {
  /** Other servers that answered, for people: `10.77.0.1 (MAC 02:…, answered Polycom VVX 400 …)`. */
  others: string[];
  /** Their server identifiers. */
  servers: string[];
  /** How many DISCOVERs were sent, and whether answers to the flag-off ones could be heard (capture). */
  probes: number;
  unicastHeard: boolean;
  /** Why it could not check (the start is then refused unless forced). */
  error?: string;
}

/**
 * DISCOVER as every allow-listed vendor and collect other servers' answers.
 * @param ownAddress answers from this server identifier are ours (a recheck while running)
 * @param onXids told the xids before sending (the running bench server ignores them)
 * @returns the check; never throws (a failure is in `error`)
 */
export async function checkForOtherServers(iface: Ipv4Interface, allow: readonly string[], opts: { waitMs?: number; ownAddress?: string; linkMode?: 'auto' | 'capture' | 'socket'; onXids?: (xids: number[]) => void } = {}): Promise<SafetyCheck> {
  const probes = safetyProbes(allow);
  const sends: Array<ProbeSend & { probe: SafetyProbe }> = probes.map((p) => {
    const profile = probeProfile(p.profile, p.vendorClass ? { vendorClass: p.vendorClass } : {});
    const { bytes, xid } = probeMessage(p.vendorClass ? { ...profile, vendorClass: textBytes(p.vendorClass) } : profile, p.mac, { broadcast: p.broadcast });
    return { bytes, xid, mac: p.mac, probe: p };
  });
  opts.onXids?.(sends.map((s) => s.xid));
  try {
    const { answers } = await exchange(iface, sends, opts.waitMs ?? 3000, { ...(opts.linkMode ? { linkMode: opts.linkMode } : {}) });
    const byServer = new Map<string, { mac?: string; as: Map<string, string[]> }>();
    for (const a of answers) {
      const server = (a.packet.options.find((o) => o.code === 54)?.value as string | undefined) ?? a.from.split(':')[0]!;
      if (server === opts.ownAddress) continue;
      const e = byServer.get(server) ?? { as: new Map<string, string[]>() };
      if (a.serverMac) e.mac = a.serverMac;
      const p = (a.request as ProbeSend & { probe: SafetyProbe }).probe;
      e.as.set(p.label, [...(e.as.get(p.label) ?? []), p.broadcast ? 'on' : 'off']);
      byServer.set(server, e);
    }
    const others = [...byServer].map(([s, e]) => `${s}${e.mac ? ` (MAC ${e.mac})` : ''} answered ${[...e.as].map(([l, f]) => `${l} with the broadcast flag ${f.join(' and ')}`).join(', ')}`);
    return { others, servers: [...byServer.keys()], probes: sends.length, unicastHeard: linkModeAvailable(opts.linkMode) === 'capture' };
  } catch (err) {
    const fix = (err as { fix?: string }).fix;
    return { others: [], servers: [], probes: sends.length, unicastHeard: false, error: `${(err as Error).message}${fix ? ` — ${fix}` : ''}` };
  }
}

/** What a guarded start reports (the DHCP page's status and the CLI's output). */
export interface GuardedStart {
  state: 'running' | 'refused' | 'error';
  message: string;
  otherServers: string[];
  server?: BenchServer;
  /** Stop the server and the watch. */
  stop: () => void;
}

/** Options of {@link startGuardedBench}. */
export interface GuardOptions {
  cfg: BenchConfig;
  iface: Ipv4Interface;
  leases: LeaseStore;
  logger: Logger;
  force: boolean;
  /** Repeat the safety probe this often while running, ms (default 60,000; 0 = never). */
  recheckMs?: number;
  /** How long each safety probe listens, ms (default 3,000). */
  waitMs?: number;
  /** Called once when the watch stops leasing (another server appeared), with the reason. */
  onConflict?: (message: string) => void;
  /** A last check after the safety probe (e.g. the boot URL): a message = do not start (`error`). */
  beforeStart?: () => string | undefined;
  /** Wire `packet` events before the server starts. */
  onServer?: (server: BenchServer) => void;
}

/**
 * Start the bench server under the safety rules (see the file comment).
 * @returns running (with the server), refused (other servers / multi-NIC without capture) or error
 */
export async function startGuardedBench(o: GuardOptions): Promise<GuardedStart> {
  const none = { otherServers: [] as string[], stop: () => {} };
  const mode = linkModeAvailable(o.cfg.linkMode);
  const nics = externalInterfaceNames();
  if (mode === 'socket' && nics.length > 1 && !o.force) {
    return { ...none, state: 'refused', message: `Packet capture is not available, so ProvKit cannot tell which network card a DISCOVER arrives on, and this computer has ${nics.length} (${nics.join(', ')}): it would answer phones on every network. Install packet capture (see the DHCP page), unplug the other networks, or start anyway if they are isolated.` };
  }
  const check = await checkForOtherServers(o.iface, o.cfg.allow, { ...(o.waitMs ? { waitMs: o.waitMs } : {}), ...(o.cfg.linkMode ? { linkMode: o.cfg.linkMode } : {}) });
  if ((check.others.length || check.error) && !o.force) {
    return {
      ...none,
      state: 'refused',
      otherServers: check.others,
      message: check.error
        ? `Could not check for other DHCP servers on ${o.iface.name}: ${check.error}. Start anyway only if this bench network is isolated.`
        : `Another DHCP server answers on ${o.iface.name}: ${check.others.join('; ')}. Starting a second one would hand out conflicting addresses. Unplug it, or start anyway if this bench network is isolated.`,
    };
  }
  const blocked = o.beforeStart?.();
  if (blocked) return { ...none, state: 'error', otherServers: check.others, message: blocked };
  const server = new BenchServer(o.cfg, o.iface, o.leases, o.logger);
  o.onServer?.(server);
  try {
    await server.start();
  } catch (err) {
    const fix = (err as { fix?: string }).fix;
    return { ...none, state: 'error', message: `${(err as Error).message}${fix ? ` — ${fix}` : ''}` };
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const warned = new Set<string>();
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    server.stop();
  };
  const conflict = (what: string) => {
    if (stopped) return;
    if (o.force) {
      if (!warned.has(what)) o.logger.warn(`bench DHCP: ${what} — still leasing (forced)`);
      warned.add(what);
      return;
    }
    stop();
    const message = `Stopped leasing at ${new Date().toISOString().slice(11, 19)} UTC: ${what}. Two DHCP servers on one network hand out conflicting addresses. Remove the other server, then start again.`;
    o.logger.warn(`bench DHCP: ${message}`);
    o.onConflict?.(message);
  };
  server.on('foreign', (f: ForeignAnswer) => conflict(`another DHCP server ${f.server}${f.mac ? ` (MAC ${f.mac})` : ''} sent a ${f.messageType} to ${f.chaddr}`));
  const recheckMs = o.recheckMs ?? 60_000;
  const recheck = async () => {
    if (stopped) return;
    const c = await checkForOtherServers(o.iface, o.cfg.allow, { ownAddress: o.iface.address, onXids: (x) => x.forEach((id) => server.ignoreXids.add(id)), ...(o.waitMs ? { waitMs: o.waitMs } : {}), ...(o.cfg.linkMode ? { linkMode: o.cfg.linkMode } : {}) });
    if (c.others.length) conflict(`another DHCP server answers: ${c.others.join('; ')}`);
    if (!stopped) timer = setTimeout(() => void recheck(), recheckMs);
  };
  if (recheckMs > 0) timer = setTimeout(() => void recheck(), recheckMs);
  const range = o.cfg.pools.map((p) => `${p.first}-${p.last}`).join(', ');
  const gap = o.cfg.inUseCheck === false ? undefined : inUseCheckGap(o.iface, o.cfg.pools.some((p) => !p.local));
  return {
    state: 'running',
    server,
    stop,
    otherServers: check.others,
    message: `Leasing ${range} on ${o.iface.name} (${server.mode === 'capture' ? 'packet capture: this interface only' : 'UDP sockets'}) to ${o.cfg.allow.length} allow-listed prefix(es)/MAC(s)${check.others.length || check.error ? ' — started despite the safety check (forced)' : ''}.${check.unicastHeard ? '' : ' Without packet capture, servers that answer the safety probe only by unicast (broadcast flag off) could not be heard: not verified.'}${gap ? ` ${gap}` : ''}`,
  };
}
